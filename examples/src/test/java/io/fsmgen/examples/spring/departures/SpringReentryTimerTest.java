package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.ManualReactorClock;
import io.fsmgen.examples.spring.QuietLogging;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;

/**
 * The timeout at the end of an initial chain below composites that are left and entered again
 * ({@link ReentryTimerSpec}), against Spring Statemachine 4.0.2's {@code timerOnce}. Where Spring enters the chain as
 * UML does (P entered again from outside, the self-transitions of P, Q and R, a local row from P to Q, Q and R entered
 * again from a sibling, Q and R entered from O) both arm A's timer afresh on every entry of A and cancel it on every
 * exit, so it fires 100 ms after the last step, not on an earlier count; the entry records differ there only as the
 * guide says (Spring runs a row's action before the exits, and enters Q a second time on a row from O to Q).
 *
 * <p>Where Spring does not (MIGRATING-FROM-SPRING.md): a row from outside P into B, a child of P that is not its
 * initial child, also enters P's initial chain, which is never exited. Its surplus entry arms A's timer, which no exit
 * disarms, and the chain's submachines stay where they were, so a later entry of P or Q runs no entry of R and A and
 * the timer fires on the surplus entry's count, or never once that count ran out. fsmgen enters the chain only when
 * it enters it. Driven on clocks the tests move.
 */
class SpringReentryTimerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /**
     * Each step is {@code ms:EVENT}, the last one entering A; A's timeout must fire exactly 100 ms after it, in both.
     * A step after 110 comes once a timer armed by an earlier entry, had it survived, would have fired.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "10:IN 50:OUT 70:IN",
        "10:IN 50:OUT 300:IN",
        "10:IN 50:AGAIN",
        "10:IN 50:LOCAL",
        "10:IN 50:QQ",
        "10:IN 50:RR",
        "10:IN 30:NEXT 50:QQ",
        "10:IN 30:NEXT 250:RR",
        "10:IN 30:SIDE 50:BACK",
        "10:IN 30:SIDE 250:BACK",
        "10:IN 30:SIDE2 50:BACK2",
        "10:IN 30:SIDE2 250:BACK2",
        "10:TO_Q",
        "10:TO_R",
        "10:TO_Q 50:OUT 70:TO_Q",
        "10:TO_R 30:NEXT 50:OUT 70:TO_R",
    })
    void aTimeoutOnAnInitialChainRestartsOnEveryEntryOfItInBoth(String steps) throws Exception {
        String[] split = steps.split(" ");
        long due = Long.parseLong(split[split.length - 1].split(":")[0]) + 100;

        ReentryTimerSpecMachine ours = new ReentryTimerSpecMachine();
        for (String step : split) {
            String[] atEvent = step.split(":");
            assertEquals(Outcome.HANDLED,
                    sendAt(ours, Long.parseLong(atEvent[0]), ReentryTimerSpec.E.valueOf(atEvent[1])), step);
        }
        ours.clock.advance(Duration.ofMillis(due - 1).minus(ours.clock.now()));
        assertEquals(ReentryTimerSpec.S.A, ours.state(), "fsmgen, 1 ms before " + due);
        ours.clock.advance(Duration.ofMillis(1));
        assertEquals(ReentryTimerSpec.S.C, ours.state(), "fsmgen, at " + due);
        assertEquals(List.of("expired " + due), expiries(ours.log));

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringReentryTimer spring = new SpringReentryTimer(clock);
            for (String step : split) {
                String[] atEvent = step.split(":");
                clock.advanceTo(Long.parseLong(atEvent[0]));
                assertEquals(ResultType.ACCEPTED, spring.send(atEvent[1]), step);
            }
            clock.advanceTo(due - 1);
            assertTrue(spring.activeIds().contains("A"), "Spring, 1 ms before " + due + ": " + spring.activeIds());
            clock.advanceTo(due);
            assertEquals(List.of("C"), spring.activeIds(), "Spring, at " + due);
            assertEquals(List.of("expired " + due), expiries(spring.log));
            spring.stop();
        }
    }

    /**
     * O (TO_B at 10) to B, a child of P that is not its initial child; B (BACK at 50) to Q. fsmgen enters P and B,
     * then Q, R and A, and A's timeout fires at 150. Spring enters P's initial chain Q, R and A before B and never exits
     * it, which arms A's timer at 10; BACK then runs Q's entry only (R's submachine was never stopped), reports A
     * active, and the timer from the surplus entry fires at 110.
     */
    @Test
    void aRowIntoANonInitialChildArmsTheInitialChainsTimerInSpringAndALaterEntryFiresItEarly() throws Exception {
        ReentryTimerSpecMachine ours = new ReentryTimerSpecMachine();
        ours.log.clear();
        assertEquals(Outcome.HANDLED, sendAt(ours, 10, ReentryTimerSpec.E.TO_B));
        assertEquals(List.of("-O", "+P", "+B"), ours.log);
        ours.log.clear();
        assertEquals(Outcome.HANDLED, sendAt(ours, 50, ReentryTimerSpec.E.BACK));
        assertEquals(List.of("-B", "+Q", "+R", "+A"), ours.log);
        ours.log.clear();
        ours.clock.advance(Duration.ofMillis(1_000));
        assertEquals(List.of("-A", "-R", "-Q", "-P", "expired 150", "+C"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringReentryTimer spring = new SpringReentryTimer(clock);
            spring.log.clear();
            clock.advanceTo(10);
            assertEquals(ResultType.ACCEPTED, spring.send("TO_B"));
            assertEquals(List.of("-O", "+P", "+Q", "+R", "+A", "+B"), spring.log, "Q, R and A entered, never exited");
            assertEquals(List.of("P", "B"), spring.activeIds());
            spring.log.clear();
            clock.advanceTo(50);
            assertEquals(ResultType.ACCEPTED, spring.send("BACK"));
            assertEquals(List.of("-B", "+Q"), spring.log, "no entry of R and A");
            assertEquals(List.of("P", "Q", "R", "A"), spring.activeIds());
            spring.log.clear();
            clock.advanceTo(110);
            assertEquals(List.of("C"), spring.activeIds());
            assertEquals(List.of("expired 110", "-A", "-R", "-Q", "-P", "+C"), spring.log);
            spring.stop();
        }
    }

    /**
     * O (TO_B at 10) to B, P (OUT at 50) to O, O (IN at 150) to P. fsmgen enters P's initial chain at 150 and A's
     * timeout fires at 250. Spring's surplus entry of A at 10 armed its timer, whose count ran out at 110 while O was
     * active; IN runs the entries of P and Q only, and the spent timer never fires: the machine stays in A.
     */
    @Test
    void aRowIntoANonInitialChildLeavesTheInitialChainsTimerSpentInSpring() throws Exception {
        ReentryTimerSpecMachine ours = new ReentryTimerSpecMachine();
        assertEquals(Outcome.HANDLED, sendAt(ours, 10, ReentryTimerSpec.E.TO_B));
        assertEquals(Outcome.HANDLED, sendAt(ours, 50, ReentryTimerSpec.E.OUT));
        ours.log.clear();
        assertEquals(Outcome.HANDLED, sendAt(ours, 150, ReentryTimerSpec.E.IN));
        ours.clock.advance(Duration.ofMillis(10_000));
        assertEquals(List.of("-O", "+P", "+Q", "+R", "+A", "-A", "-R", "-Q", "-P", "expired 250", "+C"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringReentryTimer spring = new SpringReentryTimer(clock);
            clock.advanceTo(10);
            assertEquals(ResultType.ACCEPTED, spring.send("TO_B"));
            clock.advanceTo(50);
            assertEquals(ResultType.ACCEPTED, spring.send("OUT"));
            spring.log.clear();
            clock.advanceTo(150);
            assertEquals(ResultType.ACCEPTED, spring.send("IN"));
            clock.advanceTo(10_150);
            assertEquals(List.of("P", "Q", "R", "A"), spring.activeIds(), "A's timer never fired");
            assertEquals(List.of("-O", "+P", "+Q"), spring.log);
            spring.stop();
        }
    }

    private static Outcome sendAt(ReentryTimerSpecMachine machine, long millis, ReentryTimerSpec.E event) {
        machine.advanceTo(millis);
        return machine.send(event);
    }

    private static List<String> expiries(List<String> log) {
        return log.stream().filter(call -> call.startsWith("expired")).toList();
    }

    /** {@link ReentryTimerSpec} on Spring's builder, A's timeout as a {@code timerOnce(100)} row to C. */
    private static final class SpringReentryTimer extends TimedRecordingSpring {

        SpringReentryTimer(ManualReactorClock clock) throws Exception {
            super(clock);
            StateMachineBuilder.Builder<String, String> b = builder();
            StateConfigurer<String, String> top = b.configureStates().withStates().initial("O");
            states(top, "O", "P", "C");
            states(top.and().withStates().parent("P").initial("Q"), "Q", "B");
            states(top.and().withStates().parent("Q").initial("R"), "R", "Q2");
            states(top.and().withStates().parent("R").initial("A"), "A", "A2");
            b.configureTransitions()
                    .withExternal().source("O").target("P").event("IN").and()
                    .withExternal().source("O").target("Q").event("TO_Q").and()
                    .withExternal().source("O").target("R").event("TO_R").and()
                    .withExternal().source("O").target("B").event("TO_B").and()
                    .withExternal().source("P").target("O").event("OUT").and()
                    .withExternal().source("P").target("P").event("AGAIN").and()
                    .withLocal().source("P").target("Q").event("LOCAL").and()
                    .withExternal().source("Q").target("Q").event("QQ").and()
                    .withExternal().source("R").target("R").event("RR").and()
                    .withExternal().source("A").target("A2").event("NEXT").and()
                    .withExternal().source("Q").target("B").event("SIDE").and()
                    .withExternal().source("B").target("Q").event("BACK").and()
                    .withExternal().source("R").target("Q2").event("SIDE2").and()
                    .withExternal().source("Q2").target("R").event("BACK2").and()
                    .withExternal().source("A").target("C").timerOnce(100).action(expired());
            start(b);
        }
    }
}
