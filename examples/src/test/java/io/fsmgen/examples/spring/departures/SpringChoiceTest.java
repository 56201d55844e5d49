package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.examples.spring.QuietLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import reactor.core.publisher.Mono;

/**
 * MIGRATING-FROM-SPRING.md's choice pseudo-state written as guarded rows ({@link ChoiceSpec}), against Spring
 * Statemachine 4.0.2's {@code withChoice()}. Two places where the rows do not do what the choice did: Spring's
 * {@code ChoicePseudoState.entry} returns the last branch's state when no guard holds, whatever that branch's guard
 * said (the machine has already left the source), where rows whose guards all fail leave the event unhandled; and
 * Spring evaluates the choice's guards once the transition into it has run its action, where a row's guard is
 * evaluated before its action.
 */
class SpringChoiceTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /**
     * {@code first(S1, false).then(S2, false)}, no {@code last}, as a choice and as a junction: Spring leaves S0 for
     * S2; the rows leave NONE unhandled in S0.
     */
    @Test
    void aChoiceWhoseGuardsAllFailTakesItsLastBranchInSpring() throws Exception {
        ChoiceSpecMachine ours = new ChoiceSpecMachine();
        assertFalse(ours.fire(ChoiceSpec.E.NONE), "unhandled");
        assertEquals(ChoiceSpec.S.S0, ours.state());
        assertEquals(List.of(), ours.log);

        List<String> log = new ArrayList<>();
        for (boolean junction : new boolean[] {false, true}) {
            log.clear();
            StateMachine<String, String> spring = spring(log, junction, transitions -> {
                if (junction) {
                    transitions.withJunction().source("C").first("S1", context -> false).then("S2", context -> false);
                } else {
                    transitions.withChoice().source("C").first("S1", context -> false).then("S2", context -> false);
                }
            }, null);
            String kind = junction ? "junction" : "choice";
            assertEquals(ResultType.ACCEPTED, send(spring, "E"), kind);
            assertEquals("S2", spring.getState().getId(), kind);
            assertEquals(List.of("-S0", "+S2"), log, kind);
            spring.stopReactively().block();
        }
    }

    /**
     * The transition into {@code first(S1, armed).last(S2)} runs {@code arm}, which sets the flag: Spring's choice
     * reads it set and goes to S1; fsmgen's row for S1 reads it before {@code arm} runs, and the guardless row goes to
     * S2.
     */
    @Test
    void aChoicesGuardsSeeTheEnteringTransitionsActionInSpring() throws Exception {
        ChoiceSpecMachine ours = new ChoiceSpecMachine();
        assertTrue(ours.fire(ChoiceSpec.E.ARMED));
        assertEquals(ChoiceSpec.S.S2, ours.state());
        assertEquals(List.of("-S0", "arm", "+S2"), ours.log);

        List<String> log = new ArrayList<>();
        AtomicBoolean armed = new AtomicBoolean();
        StateMachine<String, String> spring = spring(log, false, transitions -> transitions.withChoice().source("C")
                .first("S1", context -> armed.get()).last("S2"), () -> {
                    log.add("arm");
                    armed.set(true);
                });
        assertEquals(ResultType.ACCEPTED, send(spring, "E"));
        assertEquals("S1", spring.getState().getId());
        assertEquals(List.of("arm", "-S0", "+S1"), log, "Spring runs the action before the exits (#960)");
        spring.stopReactively().block();
    }

    /** How a test declares the pseudo-state C's branches. */
    private interface Branches {
        void declare(StateMachineTransitionConfigurer<String, String> transitions) throws Exception;
    }

    /** S0 --E / action--> C, a choice (or junction) with {@code branches}, to S1 and S2; entries and exits logged. */
    private static StateMachine<String, String> spring(List<String> log, boolean junction, Branches branches,
            Runnable action) throws Exception {
        StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
        b.configureConfiguration().withConfiguration().autoStartup(false);
        StateConfigurer<String, String> states = b.configureStates().withStates().initial("S0");
        if (junction) {
            states.junction("C");
        } else {
            states.choice("C");
        }
        states.state("S0", null, context -> log.add("-S0"))
                .state("S1", context -> log.add("+S1"), null)
                .state("S2", context -> log.add("+S2"), null);
        var entering = b.configureTransitions().withExternal().source("S0").target("C").event("E");
        if (action != null) {
            entering.action(context -> action.run());
        }
        branches.declare(entering.and());
        StateMachine<String, String> machine = b.build();
        machine.startReactively().block();
        return machine;
    }

    private static ResultType send(StateMachine<String, String> machine, String event) {
        return machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast().getResultType();
    }
}
