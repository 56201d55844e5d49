package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.ManualReactorClock;
import io.fsmgen.examples.spring.QuietLogging;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;

/**
 * MIGRATING-FROM-SPRING.md's row to an ancestor, with a {@code timerOnce} on that ancestor ({@link AncestorTimerSpec}):
 * Spring arms a state's timers on its entry and disarms them on its exit, so a row that leaves the ancestor and runs
 * no entry of it leaves the timer disarmed for as long as the machine stays inside. Driven on clocks the tests move,
 * Spring's on {@link ManualReactorClock}, fsmgen's on a {@code ManualScheduler}, so that nothing waits for real time.
 */
class SpringAncestorTimerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /**
     * B2 (UP at 60) to P, two levels up. fsmgen enters P again and its timeout fires 100 ms later. Spring leaves B2, B
     * and P, runs no entry of P, enters B and B2 again: P's timer is disarmed and never fires, and the machine stays
     * in B2.
     */
    @Test
    void aRowToAGrandparentLeavesTheGrandparentsTimerDisarmedInSpring() throws Exception {
        AncestorTimerSpecMachine ours = new AncestorTimerSpecMachine();
        ours.log.clear();
        assertEquals(Outcome.HANDLED, sendAt(ours, 20, AncestorTimerSpec.E.NEXT));
        assertEquals(Outcome.HANDLED, sendAt(ours, 40, AncestorTimerSpec.E.NEXT));
        assertEquals(Outcome.HANDLED, sendAt(ours, 60, AncestorTimerSpec.E.UP));
        assertEquals(List.of("-A", "+B", "+B1", "-B1", "+B2", "-B2", "-B", "-P", "+P", "+A"), ours.log);
        ours.log.clear();
        ours.clock.advance(Duration.ofMillis(99));
        assertEquals(AncestorTimerSpec.S.A, ours.state());
        ours.clock.advance(Duration.ofMillis(1));
        assertEquals(AncestorTimerSpec.S.OUT, ours.state());
        assertEquals(List.of("-A", "-P", "expired 160", "+OUT"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringAncestorTimer spring = new SpringAncestorTimer(clock);
            spring.sendAt(20, "NEXT");
            spring.sendAt(40, "NEXT");
            spring.sendAt(60, "UP");
            assertEquals(List.of("-A", "+B", "+B1", "-B1", "+B2", "-B2", "-B", "-P", "+B", "+B2"), spring.log);
            spring.log.clear();
            clock.advanceTo(10_000);
            assertEquals(List.of("P", "B", "B2"), spring.activeIds(), "P's timer never fired");
            assertEquals(List.of(), spring.log);
            spring.stop();
        }
    }

    /**
     * B (PARENT at 40) to P, one level up. Both leave P and enter it again, so both restart P's timer: it fires at
     * 140. Spring then enters B and B1 again, not P's initial child A (the row-to-an-ancestor departure).
     */
    @Test
    void aRowToTheParentRestartsTheParentsTimerInBoth() throws Exception {
        AncestorTimerSpecMachine ours = new AncestorTimerSpecMachine();
        ours.log.clear();
        assertEquals(Outcome.HANDLED, sendAt(ours, 20, AncestorTimerSpec.E.NEXT));
        assertEquals(Outcome.HANDLED, sendAt(ours, 40, AncestorTimerSpec.E.PARENT));
        assertEquals(List.of("-A", "+B", "+B1", "-B1", "-B", "-P", "+P", "+A"), ours.log);
        ours.log.clear();
        ours.clock.advance(Duration.ofMillis(99));
        assertEquals(AncestorTimerSpec.S.A, ours.state());
        ours.clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("-A", "-P", "expired 140", "+OUT"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringAncestorTimer spring = new SpringAncestorTimer(clock);
            spring.sendAt(20, "NEXT");
            spring.sendAt(40, "PARENT");
            assertEquals(List.of("-A", "+B", "+B1", "-B1", "-B", "-P", "+P", "+B", "+B1"), spring.log);
            spring.log.clear();
            clock.advanceTo(139);
            assertEquals(List.of("P", "B", "B1"), spring.activeIds());
            clock.advanceTo(140);
            assertEquals(List.of("OUT"), spring.activeIds());
            assertEquals(List.of("expired 140", "-B1", "-B", "-P", "+OUT"), spring.log);
            spring.stop();
        }
    }

    private static Outcome sendAt(AncestorTimerSpecMachine machine, long millis, AncestorTimerSpec.E event) {
        machine.advanceTo(millis);
        return machine.send(event);
    }

    /** {@link AncestorTimerSpec} on Spring's builder, P's timeout as a {@code timerOnce(100)} row to OUT. */
    private static final class SpringAncestorTimer extends TimedRecordingSpring {

        SpringAncestorTimer(ManualReactorClock clock) throws Exception {
            super(clock);
            StateMachineBuilder.Builder<String, String> b = builder();
            StateConfigurer<String, String> top = b.configureStates().withStates().initial("P");
            states(top, "P", "OUT");
            states(top.and().withStates().parent("P").initial("A"), "A", "B");
            states(top.and().withStates().parent("B").initial("B1"), "B1", "B2");
            b.configureTransitions()
                    .withExternal().source("A").target("B").event("NEXT").and()
                    .withExternal().source("B1").target("B2").event("NEXT").and()
                    .withExternal().source("B2").target("P").event("UP").and()
                    .withExternal().source("B").target("P").event("PARENT").and()
                    .withExternal().source("P").target("OUT").timerOnce(100).action(expired());
            start(b);
            log.clear();
        }
    }
}
