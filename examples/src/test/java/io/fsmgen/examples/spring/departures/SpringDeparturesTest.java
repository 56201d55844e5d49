package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.QuietLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.listener.StateMachineListenerAdapter;
import reactor.core.publisher.Mono;

/**
 * Corners where Spring Statemachine 4.0.2 and fsmgen part, each driven through the real Spring and the generated
 * machine side by side, with both records asserted call by call. They are the rows of MIGRATING-FROM-SPRING.md's
 * "Where Spring Statemachine 4.0.2 departs from UML" that {@code StatechartDifferentialTest}'s random machines do not
 * draw (it sends no event from an action, generates no row to an ancestor, and always gives a history a default
 * transition), and the guide's mapping of Spring's initial actions, which it declares none of: if Spring's side
 * changes, the guide is wrong, and this test says so.
 */
class SpringDeparturesTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /**
     * A (X / relay sends Y) to B, and only B handles Y. fsmgen queues Y and runs it in B, which leaves for C. Spring
     * judges Y when it is sent, in A, which is still the current state while a transition's actions run: no
     * transition of A has Y's trigger, so Y is DENIED and dropped, and the machine stays in B.
     */
    @Test
    void anEventSentFromATransitionActionIsJudgedInTheSourceStateBySpring() throws Exception {
        RelaySpecMachine ours = new RelaySpecMachine();
        assertTrue(ours.fire(RelaySpec.E.X));
        assertEquals(RelaySpec.S.C, ours.state());
        assertEquals(List.of("-A", "relay", "+B", "-B", "y", "+C"), ours.log);

        SpringRelay spring = new SpringRelay();
        assertEquals(StateMachineEventResult.ResultType.ACCEPTED, spring.send("X"));
        assertEquals("B", spring.machine.getState().getId());
        assertEquals(List.of("relay", "Y DENIED", "-A", "+B"), spring.log);
        assertEquals(List.of("Y"), spring.notAccepted);
    }

    /** Sent from B's entry action (Z entered B), Y is judged in B by both, and both end in C. */
    @Test
    void anEventSentFromAnEntryActionIsJudgedInTheEnteredStateByBoth() throws Exception {
        RelaySpecMachine ours = new RelaySpecMachine();
        assertTrue(ours.fire(RelaySpec.E.Z));
        assertEquals(RelaySpec.S.C, ours.state());
        assertEquals(List.of("-A", "+B", "-B", "y", "+C"), ours.log);

        SpringRelay spring = new SpringRelay();
        assertEquals(StateMachineEventResult.ResultType.ACCEPTED, spring.send("Z"));
        assertEquals("C", spring.machine.getState().getId());
        List<String> calls = spring.log.stream().filter(call -> !call.startsWith("Y ")).toList();
        assertEquals(List.of("-A", "+B", "y", "-B", "+C"), calls);
        assertEquals(List.of(), spring.notAccepted);
    }

    /**
     * X deferred in A; Y's action sends Z on the way to B. fsmgen offers X first, the older, then Z: B, C. Spring runs
     * Z first (D), then X, twice: Y's and Z's sends each take the deferred events along (its executor merges them into
     * every event it queues, and drops one only once a transition takes it).
     */
    @Test
    void aDeferredEventRunsAfterAnEventSentFromAnActionInSpring_andTwice() throws Exception {
        DeferRelaySpecMachine ours = new DeferRelaySpecMachine();
        assertEquals(Outcome.DEFERRED, ours.send(DeferRelaySpec.E.X));
        assertEquals(Outcome.HANDLED, ours.send(DeferRelaySpec.E.Y));
        assertEquals(DeferRelaySpec.S.C, ours.state());
        assertEquals(List.of("-A", "relay", "+B", "-B", "xb", "+C", "zc"), ours.log);

        List<String> log = new ArrayList<>();
        AtomicReference<StateMachine<String, String>> self = new AtomicReference<>();
        StateMachineBuilder.Builder<String, String> b = builder();
        b.configureStates().withStates().initial("A")
                .state("A", null, record(log, "-A")).state("A", "X")
                .state("B", record(log, "+B"), record(log, "-B"))
                .state("C", record(log, "+C"), null)
                .state("D", record(log, "+D"), null);
        b.configureTransitions()
                .withExternal().source("A").target("B").event("Y").action(context -> {
                    log.add("relay");
                    self.get().sendEvent(Mono.just(MessageBuilder.withPayload("Z").build())).subscribe();
                }).and()
                .withInternal().source("A").event("Z").action(record(log, "za")).and()
                .withExternal().source("B").target("C").event("X").action(record(log, "xb")).and()
                .withExternal().source("B").target("D").event("Z").action(record(log, "zb")).and()
                .withInternal().source("C").event("Z").action(record(log, "zc")).and()
                .withInternal().source("D").event("X").action(record(log, "xd"));
        StateMachine<String, String> spring = b.build();
        self.set(spring);
        spring.startReactively().block();
        assertEquals(StateMachineEventResult.ResultType.DEFERRED, send(spring, "X"));
        send(spring, "Y");
        assertEquals("D", spring.getState().getId());
        assertEquals(List.of("relay", "-A", "+B", "zb", "-B", "+D", "xd", "xd"), log);
        spring.stopReactively().block();
    }

    /**
     * B2 (UP) to P, its grandparent. fsmgen leaves B2, B and P and enters P down its initial child A. Spring leaves the
     * same three, runs no entry of P, enters B and B2 again and reports B2 active: the machine is back where it was.
     */
    @Test
    void aRowToAnAncestorResumesTheOldLeafInSpring() throws Exception {
        AncestorSpecMachine ours = new AncestorSpecMachine();
        ours.send(AncestorSpec.E.NEXT);
        ours.send(AncestorSpec.E.NEXT);
        ours.log.clear();
        assertEquals(Outcome.HANDLED, ours.send(AncestorSpec.E.UP));
        assertEquals(AncestorSpec.S.A, ours.state());
        assertEquals(List.of("-B2", "-B", "-P", "up", "+P", "+A"), ours.log);

        List<String> log = new ArrayList<>();
        StateMachineBuilder.Builder<String, String> b = builder();
        StateConfigurer<String, String> top = b.configureStates().withStates().initial("P");
        states(top, log, "P");
        states(top.and().withStates().parent("P").initial("A"), log, "A", "B");
        states(top.and().withStates().parent("B").initial("B1"), log, "B1", "B2");
        b.configureTransitions()
                .withExternal().source("A").target("B").event("NEXT").and()
                .withExternal().source("B1").target("B2").event("NEXT").and()
                .withExternal().source("B2").target("P").event("UP").action(record(log, "up"));
        StateMachine<String, String> spring = b.build();
        spring.startReactively().block();
        send(spring, "NEXT");
        send(spring, "NEXT");
        log.clear();
        send(spring, "UP");
        assertEquals(List.of("P", "B", "B2"), List.copyOf(spring.getState().getIds()));
        assertEquals(List.of("up", "-B2", "-B", "-P", "+B", "+B2"), log);
        spring.stopReactively().block();
    }

    /**
     * O (H) to P's history, P never entered. fsmgen enters P's initial child A once. Spring does the same without a
     * {@code withHistory()} default transition; with one (to A), it enters A twice.
     */
    @Test
    void anEmptyHistoryEntersTheInitialChildTwiceInSpringOnlyWithADefaultTransition() throws Exception {
        ResumeSpecMachine ours = new ResumeSpecMachine();
        ours.log.clear();
        assertEquals(Outcome.HANDLED, ours.send(ResumeSpec.E.H));
        assertEquals(ResumeSpec.S.A, ours.state());
        assertEquals(List.of("-O", "h", "+P", "+A"), ours.log);

        assertEquals(List.of("h", "-O", "+P", "+A"), springHistoryEntry(false));
        assertEquals(List.of("h", "-O", "+P", "+A", "+A"), springHistoryEntry(true));
    }

    /**
     * Spring runs a composite's initial action whenever the composite is entered (its submachine starts), by default,
     * through history or to another child, and the machine's own before the initial state's entry. Written as
     * MIGRATING-FROM-SPRING.md says ({@link InitialActionSpec}), fsmgen's record is Spring's wherever Spring follows
     * UML; on the other two entries Spring also enters the initial child A (rows of the departures table).
     */
    @Test
    void initialActionsRunOnEveryEntryOfTheComposite() throws Exception {
        InitialActionSpecMachine ours = new InitialActionSpecMachine();
        List<String> spring = new ArrayList<>();
        StateMachineBuilder.Builder<String, String> b = builder();
        StateConfigurer<String, String> top = b.configureStates().withStates()
                .initial("O", record(spring, "initTop"));
        states(top, spring, "O", "P");
        StateConfigurer<String, String> inP = top.and().withStates().parent("P")
                .initial("A", record(spring, "initP")).history("P_H", StateConfigurer.History.SHALLOW);
        states(inP, spring, "A", "B");
        b.configureTransitions()
                .withExternal().source("O").target("P").event("DEFAULT").and()
                .withExternal().source("O").target("B").event("TO_B").and()
                .withExternal().source("O").target("P_H").event("RESUME").and()
                .withExternal().source("A").target("B").event("NEXT").and()
                .withExternal().source("P").target("P").event("SELF").and()
                .withExternal().source("P").target("O").event("OUT");
        StateMachine<String, String> machine = b.build();
        machine.startReactively().block();
        assertEquals(List.of("initTop", "+O"), ours.log);
        assertEquals(ours.log, spring);

        List<List<String>> steps = new ArrayList<>();
        for (InitialActionSpec.E event : List.of(InitialActionSpec.E.DEFAULT, InitialActionSpec.E.NEXT,
                InitialActionSpec.E.SELF, InitialActionSpec.E.OUT, InitialActionSpec.E.TO_B, InitialActionSpec.E.OUT,
                InitialActionSpec.E.RESUME)) {
            ours.log.clear();
            spring.clear();
            assertEquals(Outcome.HANDLED, ours.send(event));
            send(machine, event.name());
            assertEquals(ours.state().name(), machine.getState().getIds().stream().reduce((a, c) -> c).orElseThrow());
            steps.add(List.of(String.join(" ", ours.log), String.join(" ", spring)));
        }
        machine.stopReactively().block();
        assertEquals(List.of(
                List.of("-O +P initP +A", "-O +P initP +A"),
                List.of("-A +B", "-A +B"),
                List.of("-B -P +P initP +A", "-B -P +P initP +A"),
                List.of("-A -P +O", "-A -P +O"),
                List.of("-O +P initP +B", "-O +P initP +A +B"),
                List.of("-B -P +O", "-B -P +O"),
                List.of("-O +P initP +B", "-O +P initP +A +B")), steps);
    }

    /**
     * Spring's local transition from a composite to itself keeps P and restarts its inside; fsmgen refuses LOCAL to
     * the source itself and its message says to target P's initial child instead ({@link LocalRestartSpec}). The
     * records agree but for Spring's action order (actions before exits, the table's first row).
     */
    @Test
    void aLocalRowToItsOwnCompositeIsALocalRowToTheInitialChild() throws Exception {
        LocalRestartSpecMachine ours = new LocalRestartSpecMachine();
        List<String> spring = new ArrayList<>();
        StateMachineBuilder.Builder<String, String> b = builder();
        StateConfigurer<String, String> top = b.configureStates().withStates().initial("P");
        states(top, spring, "P");
        states(top.and().withStates().parent("P").initial("A"), spring, "A", "B");
        b.configureTransitions()
                .withExternal().source("A").target("B").event("NEXT").and()
                .withLocal().source("P").target("P").event("RESTART").action(record(spring, "restart"));
        StateMachine<String, String> machine = b.build();
        machine.startReactively().block();
        List<List<String>> steps = new ArrayList<>();
        for (LocalRestartSpec.E event : List.of(LocalRestartSpec.E.NEXT, LocalRestartSpec.E.RESTART,
                LocalRestartSpec.E.RESTART)) {
            ours.log.clear();
            spring.clear();
            assertEquals(Outcome.HANDLED, ours.send(event));
            send(machine, event.name());
            assertEquals(List.of("P", ours.state().name()), List.copyOf(machine.getState().getIds()));
            steps.add(List.of(String.join(" ", ours.log), String.join(" ", spring)));
        }
        machine.stopReactively().block();
        assertEquals(List.of(
                List.of("-A +B", "-A +B"),
                List.of("-B restart +A", "restart -B +A"),
                List.of("-A restart +A", "restart -A +A")), steps);
    }

    private static List<String> springHistoryEntry(boolean defaultTransition) throws Exception {
        List<String> log = new ArrayList<>();
        StateMachineBuilder.Builder<String, String> b = builder();
        StateConfigurer<String, String> top = b.configureStates().withStates().initial("O");
        states(top, log, "O", "P");
        StateConfigurer<String, String> inP = top.and().withStates().parent("P").initial("A")
                .history("P_H", StateConfigurer.History.SHALLOW);
        states(inP, log, "A", "B");
        StateMachineTransitionConfigurer<String, String> t = b.configureTransitions();
        if (defaultTransition) {
            t.withHistory().source("P_H").target("A").and();
        }
        t.withExternal().source("O").target("P_H").event("H").action(record(log, "h")).and()
                .withExternal().source("A").target("B").event("NEXT").and()
                .withExternal().source("P").target("O").event("OUT");
        StateMachine<String, String> spring = b.build();
        spring.startReactively().block();
        log.clear();
        send(spring, "H");
        assertEquals(List.of("P", "A"), List.copyOf(spring.getState().getIds()));
        spring.stopReactively().block();
        return log;
    }

    /** {@link RelaySpec} on Spring's builder; the actions that send Y record Y's result type. */
    private static final class SpringRelay {
        final List<String> log = new ArrayList<>();
        final List<String> notAccepted = new ArrayList<>();
        final StateMachine<String, String> machine;

        SpringRelay() throws Exception {
            AtomicReference<StateMachine<String, String>> self = new AtomicReference<>();
            Action<String, String> relay = context -> {
                log.add("relay");
                sendFromAction(self.get(), "Y");
            };
            Action<String, String> enterB = context -> {
                log.add("+B");
                if ("Z".equals(context.getEvent())) {
                    sendFromAction(self.get(), "Y");
                }
            };
            StateMachineBuilder.Builder<String, String> b = builder();
            b.configureStates().withStates().initial("A")
                    .state("A", null, record(log, "-A"))
                    .state("B", enterB, record(log, "-B"))
                    .state("C", record(log, "+C"), null);
            b.configureTransitions()
                    .withExternal().source("A").target("B").event("X").action(relay).and()
                    .withExternal().source("A").target("B").event("Z").and()
                    .withExternal().source("B").target("C").event("Y").action(record(log, "y"));
            machine = b.build();
            self.set(machine);
            machine.addStateListener(new StateMachineListenerAdapter<>() {
                @Override
                public void eventNotAccepted(Message<String> event) {
                    notAccepted.add(event.getPayload());
                }
            });
            machine.startReactively().block();
        }

        /** What an action does to send an event without blocking the machine's own thread. */
        private void sendFromAction(StateMachine<String, String> machine, String event) {
            machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build()))
                    .subscribe(result -> log.add(event + " " + result.getResultType()));
        }

        StateMachineEventResult.ResultType send(String event) {
            return SpringDeparturesTest.send(machine, event);
        }
    }

    private static StateMachineBuilder.Builder<String, String> builder() throws Exception {
        StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
        b.configureConfiguration().withConfiguration().autoStartup(false);
        return b;
    }

    private static void states(StateConfigurer<String, String> block, List<String> log, String... states) {
        for (String state : states) {
            block.state(state, record(log, "+" + state), record(log, "-" + state));
        }
    }

    private static Action<String, String> record(List<String> log, String call) {
        return context -> log.add(call);
    }

    private static StateMachineEventResult.ResultType send(StateMachine<String, String> machine, String event) {
        return machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast().getResultType();
    }
}
