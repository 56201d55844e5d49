package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A fair run that never reaches the goal may be cut off by the model's bounds: from some state every move leaves them,
 * or weak fairness forces a move that leaves them. What that run does next was not explored, so an "eventually"
 * property can be neither held nor violated there: its verdict is UNKNOWN, and says which run went out. It used to
 * hold, however false the goal: a goal that never holds held.
 */
class EventuallyBeyondTheBoundsTest {

    /** A counter that a fair move raises, up to {@code max}; raising it further leaves the bounds. */
    private static Supplier<ClosedSystem> raising(int max) {
        return () -> {
            Counter a = new Counter(max);
            return ClosedSystem.builder("raising")
                    .component(a)
                    .move(Move.of("raise", true, () -> true, () -> {
                        if (a.value == max) {
                            throw new OutOfBounds("the counter is at its bound");
                        }
                        a.value++;
                    }))
                    .eventually("never", "the impossible happens", () -> false)
                    .build();
        };
    }

    @Test
    void aRunThatCanOnlyLeaveTheBoundsLeavesTheGoalUnknown() {
        Report report = new Explorer().explore(raising(1));
        Verdict verdict = report.verdict("never");
        assertEquals(Verdict.Status.UNKNOWN, verdict.status(), report.summary());
        assertEquals("a fair run that never reaches the goal leaves the model's bounds: after raise, every move leaves"
                + " them (raise, say)", verdict.unknownBecause().orElseThrow());
        assertTrue(report.complete(), report.summary());
    }

    /**
     * Round 0, 1 by an unfair toggle, and a fair move that is always enabled and always leaves the bounds: no fair run
     * stays on the round, and the one that leaves it goes out of the bounds.
     */
    @Test
    void aCycleThatFairnessLeavesOnlyBeyondTheBoundsLeavesTheGoalUnknown() {
        Supplier<ClosedSystem> system = () -> {
            Counter a = new Counter(1);
            return ClosedSystem.builder("toggling")
                    .component(a)
                    .move(Move.of("toggle", false, () -> true, () -> a.value = 1 - a.value))
                    .move(Move.of("out", true, () -> true, () -> {
                        throw new OutOfBounds("out is always beyond the bound");
                    }))
                    .eventually("never", "the impossible happens", () -> false)
                    .build();
        };
        Verdict verdict = new Explorer().explore(system).verdict("never");
        assertEquals(Verdict.Status.UNKNOWN, verdict.status());
        assertEquals("a fair run that never reaches the goal leaves the model's bounds: after no step, out stays"
                + " pending on a cycle of states that never reach the goal, and taking it there leaves them",
                verdict.unknownBecause().orElseThrow());
    }

    /**
     * State 0 with an unfair idle move to itself and two fair moves that are always enabled there: out, always beyond
     * the bounds, and done, to the goal. Fairness forces a run to take one of them, and it may take done: the run is
     * not forced out of the bounds, and the property holds, whichever of the two the system declares first.
     */
    @Test
    void aCycleThatFairnessMayLeaveWithinTheBoundsHoldsInEitherOrder() {
        for (boolean outFirst : new boolean[] {true, false}) {
            Supplier<ClosedSystem> system = () -> {
                Counter a = new Counter(1);
                Move out = Move.of("out", true, () -> a.value == 0, () -> {
                    throw new OutOfBounds("out is always beyond the bound");
                });
                Move done = Move.of("done", true, () -> a.value == 0, () -> a.value = 1);
                return ClosedSystem.builder("two ways out")
                        .component(a)
                        .moves(outFirst ? List.of(out, done) : List.of(done, out))
                        .move(Move.of("idle", false, () -> a.value == 0, () -> a.value = 0))
                        .eventually("done", "it is done", () -> a.value == 1)
                        .build();
            };
            Verdict verdict = new Explorer().explore(system).verdict("done");
            assertEquals(Verdict.Status.HOLDS, verdict.status(), () -> "out first: " + outFirst + ", "
                    + verdict.unknownBecause().orElse(""));
        }
    }

    /**
     * State 0 with an unfair idle move to itself, an armed timer that may not expire yet, and an unfair move that
     * always leaves the bounds. Idling forever leaves the timer pending and is not fair, and the timer cannot be taken:
     * every fair run leaves by the move beyond the bounds, as if nothing but that move could move here, so the goal is
     * unknown. It held: the idle move counted as a way to move within the bounds.
     */
    @Test
    void aStateThatOnlyIdlesWithinTheBoundsLeavesTheGoalUnknown() {
        Supplier<ClosedSystem> system = () -> {
            Counter a = new Counter(1);
            return ClosedSystem.builder("idling")
                    .component(a)
                    .move(Move.of("idle", false, () -> true, () -> a.value = a.value))
                    .move(Move.timer("timer", () -> true, () -> false, () -> a.value = 1, () -> "timer"))
                    .move(Move.of("out", false, () -> true, () -> {
                        throw new OutOfBounds("out is always beyond the bound");
                    }))
                    .eventually("never", "the impossible happens", () -> false)
                    .build();
        };
        Verdict verdict = new Explorer().explore(system).verdict("never");
        assertEquals(Verdict.Status.UNKNOWN, verdict.status());
        assertEquals("a fair run that never reaches the goal leaves the model's bounds: after no step, every move"
                + " leaves them (out, say)", verdict.unknownBecause().orElseThrow());
    }

    /** With a goal the counter reaches within its bounds, the run that goes out comes after the goal: it holds. */
    @Test
    void aRunThatLeavesTheBoundsAfterTheGoalDoesNotMatter() {
        Supplier<ClosedSystem> system = () -> {
            Counter a = new Counter(1);
            return ClosedSystem.builder("raising")
                    .component(a)
                    .move(Move.of("raise", true, () -> true, () -> {
                        if (a.value == 1) {
                            throw new OutOfBounds("the counter is at its bound");
                        }
                        a.value++;
                    }))
                    .eventually("one", "the counter reaches 1", () -> a.value == 1)
                    .build();
        };
        Verdict verdict = new Explorer().explore(system).verdict("one");
        assertEquals(Verdict.Status.HOLDS, verdict.status(), () -> verdict.unknownBecause().orElse(""));
    }
}
