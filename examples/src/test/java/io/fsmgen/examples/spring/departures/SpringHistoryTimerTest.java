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
 * MIGRATING-FROM-SPRING.md's history entry that also enters the initial chain, with a {@code timerOnce} on the initial
 * child ({@link HistoryTimerSpec}): resuming B through P's history, Spring enters A first and never exits it, and that
 * entry arms A's timer, which no exit disarms. Spring's {@code TimerTrigger.arm()} does nothing while its last
 * schedule is still held, so when A is really entered later its timer either fires on the old count, or, once that
 * count ran out while B was active, never fires. fsmgen arms A's timeout on A's entries only. Driven on clocks the
 * tests move.
 */
class SpringHistoryTimerTest {

    /** O (H at 10) to P, A (NEXT at 20) to B, P (OUT at 30) to O, O (H at 40) resumes B. */
    private static final List<String> TO_THE_RESUMED_B = List.of("H", "NEXT", "OUT", "H");

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /** B (BACK at 50) to A: fsmgen's timeout fires 100 ms later, at 150; Spring's at 140, from the surplus entry. */
    @Test
    void aTimerArmedByTheSurplusInitialEntryFiresEarlyInSpring() throws Exception {
        HistoryTimerSpecMachine ours = resumedB();
        assertEquals(Outcome.HANDLED, sendAt(ours, 50, HistoryTimerSpec.E.BACK));
        ours.clock.advance(Duration.ofMillis(1_000));
        assertEquals(HistoryTimerSpec.S.C, ours.state());
        assertEquals(List.of("-B", "+A", "-A", "-P", "expired 150", "+C"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringHistoryTimer spring = new SpringHistoryTimer(clock);
            assertEquals(List.of("-O", "+P", "+A", "+B"), spring.log, "A entered, never exited");
            spring.log.clear();
            spring.sendAt(50, "BACK");
            clock.advanceTo(1_050);
            assertEquals(List.of("C"), spring.activeIds());
            assertEquals(List.of("-B", "+A", "expired 140", "-A", "-P", "+C"), spring.log);
            spring.stop();
        }
    }

    /** B (BACK at 240) to A: fsmgen's timeout fires at 340; Spring's ran out at 140 while B was active, and A stays. */
    @Test
    void aTimerArmedByTheSurplusInitialEntryNeverFiresForTheRealEntryInSpring() throws Exception {
        HistoryTimerSpecMachine ours = resumedB();
        assertEquals(Outcome.HANDLED, sendAt(ours, 240, HistoryTimerSpec.E.BACK));
        ours.clock.advance(Duration.ofMillis(1_000));
        assertEquals(List.of("-B", "+A", "-A", "-P", "expired 340", "+C"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringHistoryTimer spring = new SpringHistoryTimer(clock);
            spring.log.clear();
            spring.sendAt(240, "BACK");
            clock.advanceTo(10_000);
            assertEquals(List.of("P", "A"), spring.activeIds(), "A's timer never fired");
            assertEquals(List.of("-B", "+A"), spring.log);
            spring.stop();
        }
    }

    /** fsmgen's machine driven to B through P's history at 40, its record cleared. */
    private static HistoryTimerSpecMachine resumedB() {
        HistoryTimerSpecMachine ours = new HistoryTimerSpecMachine();
        long at = 0;
        for (String event : TO_THE_RESUMED_B) {
            at += 10;
            assertEquals(Outcome.HANDLED, sendAt(ours, at, HistoryTimerSpec.E.valueOf(event)));
        }
        assertEquals(HistoryTimerSpec.S.B, ours.state());
        ours.log.clear();
        return ours;
    }

    private static Outcome sendAt(HistoryTimerSpecMachine machine, long millis, HistoryTimerSpec.E event) {
        machine.advanceTo(millis);
        return machine.send(event);
    }

    /**
     * {@link HistoryTimerSpec} on Spring's builder (no {@code withHistory()} default transition), A's timeout as a
     * {@code timerOnce(100)} row to C, driven to B through P's history at 40; {@link #log} holds that last step.
     */
    private static final class SpringHistoryTimer extends TimedRecordingSpring {

        SpringHistoryTimer(ManualReactorClock clock) throws Exception {
            super(clock);
            StateMachineBuilder.Builder<String, String> b = builder();
            StateConfigurer<String, String> top = b.configureStates().withStates().initial("O");
            states(top, "O", "P", "C");
            states(top.and().withStates().parent("P").initial("A").history("P_H", StateConfigurer.History.SHALLOW),
                    "A", "B");
            b.configureTransitions()
                    .withExternal().source("O").target("P_H").event("H").and()
                    .withExternal().source("A").target("B").event("NEXT").and()
                    .withExternal().source("B").target("A").event("BACK").and()
                    .withExternal().source("P").target("O").event("OUT").and()
                    .withExternal().source("A").target("C").timerOnce(100).action(expired());
            start(b);
            long at = 0;
            for (String event : TO_THE_RESUMED_B) {
                at += 10;
                log.clear();
                sendAt(at, event);
            }
            assertEquals(List.of("P", "B"), activeIds());
        }
    }
}
