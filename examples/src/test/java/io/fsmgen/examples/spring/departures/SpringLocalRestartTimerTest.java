package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.ManualReactorClock;
import io.fsmgen.examples.spring.QuietLogging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import reactor.core.publisher.Mono;

/**
 * MIGRATING-FROM-SPRING.md's {@code withLocal()} from a composite to itself, with a {@code timerOnce} on the
 * composite ({@link LocalRestartTimerSpec}): Spring runs neither P's exit nor its entry on it, yet arms P's timer
 * again, so the timer counts from the local transition. The local row to P's initial child that fsmgen's guide maps it
 * to does not enter P either, and P's {@code @Timeout} keeps counting from P's entry, as UML's time event does. Driven
 * on clocks the test moves.
 */
class SpringLocalRestartTimerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /** P entered at 0; A (NEXT at 20) to B; RESTART at 50. fsmgen's timeout fires at 100, Spring's at 150. */
    @Test
    void aLocalSelfTransitionOfACompositeRestartsItsTimerInSpringOnly() throws Exception {
        LocalRestartTimerSpecMachine ours = new LocalRestartTimerSpecMachine();
        assertEquals(List.of("+P", "+A"), ours.log);
        assertEquals(Outcome.HANDLED, sendAt(ours, 20, LocalRestartTimerSpec.E.NEXT));
        ours.log.clear();
        assertEquals(Outcome.HANDLED, sendAt(ours, 50, LocalRestartTimerSpec.E.RESTART));
        assertEquals(List.of("-B", "restart", "+A"), ours.log);
        ours.log.clear();
        ours.clock.advance(Duration.ofMillis(1_000));
        assertEquals(LocalRestartTimerSpec.S.OUT, ours.state());
        assertEquals(List.of("-A", "-P", "expired 100", "+OUT"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            List<String> log = new ArrayList<>();
            StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
            b.configureConfiguration().withConfiguration().autoStartup(false);
            StateConfigurer<String, String> top = b.configureStates().withStates().initial("P");
            top.state("P", context -> log.add("+P"), context -> log.add("-P"))
                    .state("OUT", context -> log.add("+OUT"), null);
            top.and().withStates().parent("P").initial("A")
                    .state("A", context -> log.add("+A"), context -> log.add("-A"))
                    .state("B", context -> log.add("+B"), context -> log.add("-B"));
            b.configureTransitions()
                    .withExternal().source("A").target("B").event("NEXT").and()
                    .withLocal().source("P").target("P").event("RESTART").action(context -> log.add("restart")).and()
                    .withExternal().source("P").target("OUT").timerOnce(100)
                    .action(context -> log.add("expired " + clock.now(TimeUnit.MILLISECONDS)));
            StateMachine<String, String> spring = b.build();
            spring.startReactively().block();
            assertEquals(List.of("+P", "+A"), log);
            clock.advanceTo(20);
            assertEquals(ResultType.ACCEPTED, send(spring, "NEXT"));
            log.clear();
            clock.advanceTo(50);
            assertEquals(ResultType.ACCEPTED, send(spring, "RESTART"));
            assertEquals(List.of("restart", "-B", "+A"), log, "neither P's exit nor its entry");
            log.clear();
            clock.advanceTo(149);
            assertEquals(List.of("P", "A"), List.copyOf(spring.getState().getIds()), "P's timer did not fire at 100");
            clock.advanceTo(150);
            assertEquals("OUT", spring.getState().getId());
            assertEquals(List.of("expired 150", "-A", "-P", "+OUT"), log);
            spring.stopReactively().block();
        }
    }

    private static Outcome sendAt(LocalRestartTimerSpecMachine machine, long millis, LocalRestartTimerSpec.E event) {
        machine.advanceTo(millis);
        return machine.send(event);
    }

    private static ResultType send(StateMachine<String, String> machine, String event) {
        return machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast().getResultType();
    }
}
