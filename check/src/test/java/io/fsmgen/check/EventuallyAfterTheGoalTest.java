package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An "eventually" property is about the runs that never reach the goal: what a run does after the goal held does not
 * violate it, and a counterexample is a run along which the goal never holds, from the initial state through every
 * step. The explorer's shortest path to a state may pass through the goal even when a longer way round does not, so
 * the counterexample is the shortest goal-free one.
 */
class EventuallyAfterTheGoalTest {

    /** A counter moved by one fair move along {@code next} (-1: disabled), and perhaps an unfair detour from 0 to 3. */
    private static Supplier<ClosedSystem> counter(int[] next, int goal, boolean detour) {
        return () -> {
            Counter a = new Counter(7);
            return ClosedSystem.builder("counter")
                    .component(a)
                    .move(Move.of("next", true, () -> next[a.value] >= 0, () -> a.value = next[a.value]))
                    .move(Move.of("detour", false, () -> detour && a.value == 0,
                            () -> a.value = 3))
                    .eventually("goal", "the counter reaches " + goal, () -> a.value == goal)
                    .build();
        };
    }

    /** 0, 1 (the goal), then round 2, 3 forever: every run has reached 1 before it goes round. */
    @Test
    void aFairCycleAfterTheGoalIsNoViolation() {
        Report report = new Explorer().explore(counter(new int[] {1, 2, 3, 2}, 1, false));
        assertTrue(report.verdict("goal").holds(), () -> report.counterexample("goal").orElseThrow().describe());
    }

    /** 0, 1 (the goal), 2, where nothing moves: the run stopped after it reached the goal. */
    @Test
    void aStateStuckAfterTheGoalIsNoViolation() {
        Report report = new Explorer().explore(counter(new int[] {1, 2, -1}, 1, false));
        assertTrue(report.verdict("goal").holds(), () -> report.counterexample("goal").orElseThrow().describe());
    }

    /**
     * The shortest way to the cycle 2, 5 passes through the goal 1 (0, 1, 2); the detour 0, 3, 4, 2 does not, so the
     * property is violated, by the detour and the cycle.
     */
    @Test
    void aCycleReachedAroundTheGoalIsShownOnTheWayRound() {
        Supplier<ClosedSystem> system = counter(new int[] {1, 2, 5, 4, 2, 2}, 1, true);
        Counterexample cycle = new Explorer().explore(system).counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.CYCLE, cycle.kind());
        assertEquals(List.of("detour", "next", "next", "next", "next"),
                cycle.steps().stream().map(Counterexample.Step::description).toList(), cycle.describe());
        assertEquals(3, cycle.cycleStart(), cycle.describe());
        assertTrue(Replay.of(system, cycle).reproduced(), cycle.describe());
    }

    /** The same around a state where nothing moves: 0, 1 (the goal), 2 stuck; the detour 0, 3, 4, 2 avoids 1. */
    @Test
    void aStuckStateReachedAroundTheGoalIsShownOnTheWayRound() {
        Supplier<ClosedSystem> system = counter(new int[] {1, 2, -1, 4, 2}, 1, true);
        Counterexample stuck = new Explorer().explore(system).counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.STUCK, stuck.kind());
        assertEquals(List.of("detour", "next", "next"),
                stuck.steps().stream().map(Counterexample.Step::description).toList(), stuck.describe());
        assertTrue(Replay.of(system, stuck).reproduced(), stuck.describe());
    }

    /** A run that passes through the goal is no counterexample, whatever it does afterwards: the replay says so. */
    @Test
    void aReplayThroughTheGoalIsNotReproduced() {
        Supplier<ClosedSystem> system = counter(new int[] {1, 2, 3, 2}, 1, false);
        List<Counterexample.Step> steps = List.of(new Counterexample.Step(0, "next"),
                new Counterexample.Step(0, "next"), new Counterexample.Step(0, "next"),
                new Counterexample.Step(0, "next"));
        Replay cycle = Replay.of(system, new Counterexample("goal", Counterexample.Kind.CYCLE, steps, 2, "made up"));
        assertFalse(cycle.reproduced(), cycle.outcome());
        assertTrue(cycle.outcome().contains("the goal held after step 1"), cycle.outcome());
        Supplier<ClosedSystem> stuckAfter = counter(new int[] {1, 2, -1}, 1, false);
        Replay stuck = Replay.of(stuckAfter, new Counterexample("goal", Counterexample.Kind.STUCK, steps.subList(0, 2),
                -1, "made up"));
        assertFalse(stuck.reproduced(), stuck.outcome());
        assertTrue(stuck.outcome().contains("the goal held after step 1"), stuck.outcome());
    }
}
