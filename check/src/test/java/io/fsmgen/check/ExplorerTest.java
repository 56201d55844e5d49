package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The explorer on toy systems whose state spaces are known by heart: counts, depth, shortest counterexamples, the
 * liveness analysis under weak fairness, and the bounds that stop a search with a message.
 */
class ExplorerTest {

    /** Two counters a (0..n) and b (0..m), each move adding one: (n+1)(m+1) states, depth n+m. */
    private static Supplier<ClosedSystem> grid(int n, int m, String invariantName, int badA, int badB) {
        return () -> {
            Counter a = new Counter(n);
            Counter b = new Counter(m);
            return ClosedSystem.builder("grid " + n + "x" + m)
                    .component(a)
                    .component(b)
                    .move(Move.of("a+1", true, () -> a.value < n, () -> a.value++))
                    .move(Move.of("b+1", true, () -> b.value < m, () -> b.value++))
                    .invariant(invariantName, "never at (" + badA + ", " + badB + ")",
                            () -> !(a.value == badA && b.value == badB))
                    .deadlockFree("no-deadlock", "only the corner is an end", () -> a.value == n && b.value == m)
                    .build();
        };
    }

    @Test
    void countsEveryStateOnceAndFindsAShortestCounterexample() {
        Report report = new Explorer().explore(grid(9, 6, "not-there", 4, 3));
        assertTrue(report.complete());
        assertEquals(70, report.states());
        assertEquals(9 * 7 + 6 * 10, report.transitions()); // a+1 from 9x7 states, b+1 from 10x6
        assertEquals(15, report.depth());
        assertTrue(report.summary().matches("70 states, 123 transitions, depth 15, [0-9.]+ s, [0-9,]+ states/s,"
                + " [0-9.]+ B/state \\([0-9,]+ KiB stored\\)"), report.summary());
        Counterexample counterexample = report.counterexample("not-there").orElseThrow();
        assertEquals(7, counterexample.steps().size(), "shortest: 4 + 3 steps");
        assertTrue(report.verdict("no-deadlock").holds());
        assertTrue(Replay.of(grid(9, 6, "not-there", 4, 3), counterexample).reproduced());
    }

    @Test
    void aStateWhereNothingMovesIsADeadlockUnlessItIsAnEndState() {
        Supplier<ClosedSystem> stuck = () -> {
            Counter a = new Counter(3);
            return ClosedSystem.builder("stuck at 2")
                    .component(a)
                    .move(Move.of("a+1", true, () -> a.value < 2, () -> a.value++))
                    .move(Move.of("stay", true, () -> a.value == 2, () -> { }))
                    .deadlockFree("no-deadlock", "ends at 3", () -> a.value == 3)
                    .build();
        };
        Report report = new Explorer().explore(stuck);
        Counterexample counterexample = report.counterexample("no-deadlock").orElseThrow();
        assertEquals(Counterexample.Kind.DEADLOCK, counterexample.kind());
        assertEquals(2, counterexample.steps().size(), "a move that changes nothing is no way out");
        assertTrue(Replay.of(stuck, counterexample).reproduced());
    }

    /** How the way out of the round is offered. */
    private enum Exit {
        /** Fair, but enabled at 1 only. */
        FAIR_AT_ONE,
        /** A timer: enabled at 1 only, but pending all round. */
        TIMER,
        /** Enabled everywhere, but not fair (a loss, an attacker). */
        UNFAIR_EVERYWHERE,
        /** Enabled everywhere and fair. */
        FAIR_EVERYWHERE
    }

    /** A counter that goes round 0 -> 1 -> 2 -> 0 by a fair move, and a way out to the goal, 3. */
    private static Supplier<ClosedSystem> round(Exit exit) {
        return () -> {
            Counter a = new Counter(3);
            Move out = switch (exit) {
                case FAIR_AT_ONE -> Move.of("exit", true, () -> a.value == 1, () -> a.value = 3);
                case TIMER -> Move.timer("exit", () -> a.value < 3, () -> a.value == 1, () -> a.value = 3,
                        () -> "exit");
                case UNFAIR_EVERYWHERE -> Move.of("exit", false, () -> a.value < 3, () -> a.value = 3);
                case FAIR_EVERYWHERE -> Move.of("exit", true, () -> a.value < 3, () -> a.value = 3);
            };
            return ClosedSystem.builder("round")
                    .component(a)
                    .move(Move.of("next", true, () -> a.value < 3, () -> a.value = (a.value + 1) % 3))
                    .move(out)
                    .eventually("reaches-3", "a reaches 3", () -> a.value == 3)
                    .build();
        };
    }

    @Test
    void aCycleIsAViolationOnlyWhenAFairRunCanFollowIt() {
        // The exit is enabled at 1 only: a run may cycle forever and still be weakly fair.
        Report fairCycle = new Explorer().explore(round(Exit.FAIR_AT_ONE));
        Counterexample cycle = fairCycle.counterexample("reaches-3").orElseThrow();
        assertEquals(Counterexample.Kind.CYCLE, cycle.kind());
        assertEquals(0, cycle.cycleStart());
        assertEquals(3, cycle.steps().size(), cycle.describe());
        assertTrue(Replay.of(round(Exit.FAIR_AT_ONE), cycle).reproduced());
        // Pending all along the cycle, as a timer is: weak fairness forces it, so there is no fair cycle.
        assertTrue(new Explorer().explore(round(Exit.TIMER)).verdict("reaches-3").holds());
        assertTrue(new Explorer().explore(round(Exit.FAIR_EVERYWHERE)).verdict("reaches-3").holds());
    }

    @Test
    void anUnfairWayOutDoesNotSaveTheGoal() {
        assertFalse(new Explorer().explore(round(Exit.UNFAIR_EVERYWHERE)).verdict("reaches-3").holds());
    }

    @Test
    void theStateBoundStopsWithAMessageAndUnknownVerdicts() {
        Report report = new Explorer(ExplorerOptions.defaults().withMaxStates(20))
                .explore(grid(9, 6, "far", 9, 6));
        assertFalse(report.complete());
        assertEquals(20, report.states());
        assertTrue(report.stopReason().startsWith("stopped at the state bound: 20 states stored"),
                report.stopReason());
        assertEquals(Verdict.Status.UNKNOWN, report.verdict("far").status());
        assertTrue(report.summary().contains("INCOMPLETE"), report.summary());
    }

    /**
     * Two states: an unfair move A → B, a fair one B → A, and a goal that never holds. The fair move is not pending
     * at the cycle's entry, so the cycle must still be built from the moves: flip, back, repeated forever.
     */
    @Test
    void aCycleWhoseFairMoveIsIdleAtItsEntryIsStillALoopThatReplays() {
        Supplier<ClosedSystem> lasso = () -> {
            Counter cell = new Counter(1);
            return ClosedSystem.builder("lasso")
                    .component(cell)
                    .move(Move.of("flip", false, () -> cell.value == 0, () -> cell.value = 1))
                    .move(Move.of("back", true, () -> cell.value == 1, () -> cell.value = 0))
                    .eventually("two", "the counter reaches 2", () -> cell.value == 2)
                    .build();
        };
        Report report = new Explorer().explore(lasso);
        Counterexample cycle = report.counterexample("two").orElseThrow();
        assertEquals(2, cycle.steps().size() - Math.max(0, cycle.cycleStart()), cycle.describe());
        assertTrue(cycle.cycleStart() >= 0, cycle.describe());
        assertTrue(Replay.of(lasso, cycle).reproduced(), cycle.describe());
    }

    /** An invariant that throws is a violation, shown with the path to the state where it threw, not a crash. */
    @Test
    void anInvariantThatThrowsIsReportedWithItsPath() {
        Supplier<ClosedSystem> throwing = () -> {
            Counter c = new Counter(3);
            return ClosedSystem.builder("throwing")
                    .component(c)
                    .move(Move.of("inc", true, () -> c.value < 3, () -> c.value++))
                    .invariant("checked", "the check itself works", () -> {
                        if (c.value == 2) {
                            throw new IllegalStateException("cannot check 2");
                        }
                        return true;
                    })
                    .build();
        };
        Report report = new Explorer().explore(throwing);
        Counterexample counterexample = report.counterexample("checked").orElseThrow();
        assertEquals(2, counterexample.steps().size(), counterexample.describe());
        assertTrue(counterexample.describe().contains("threw java.lang.IllegalStateException: cannot check 2"),
                counterexample.describe());
    }

    /** A bound equal to the number of states lets the search finish: it stops only at a new state beyond it. */
    @Test
    void aStateBoundEqualToTheStateCountCompletesTheSearch() {
        Report whole = new Explorer().explore(grid(3, 2, "far", 3, 2));
        assertTrue(whole.complete(), whole.summary());
        Report bounded = new Explorer(ExplorerOptions.defaults().withMaxStates(whole.states()))
                .explore(grid(3, 2, "far", 3, 2));
        assertTrue(bounded.complete(), bounded.summary());
        assertEquals(whole.states(), bounded.states());
        Report one = new Explorer(ExplorerOptions.defaults().withMaxStates(1)).explore(grid(3, 2, "far", 3, 2));
        assertEquals(1, one.states(), "never more than the bound stored");
        assertFalse(one.complete());
    }

    @Test
    void theMemoryBoundStopsAHugeSearchWithAMessage() {
        // 2^20 x 2^10 states would need gigabytes: a 4 MiB bound stops it long before, without an OutOfMemoryError.
        Report report = new Explorer(ExplorerOptions.defaults().withMaxMemoryBytes(4 << 20))
                .explore(grid((1 << 20) - 1, (1 << 10) - 1, "far", 0, 5));
        assertFalse(report.complete());
        assertTrue(report.stopReason().startsWith("stopped at the memory bound"), report.stopReason());
        assertTrue(report.states() > 10_000, report.summary());
        assertEquals(Verdict.Status.VIOLATED, report.verdict("far").status(), "found before the bound");
    }

    @Test
    void progressIsReportedOnLongRuns() {
        List<String> lines = new ArrayList<>();
        new Explorer(ExplorerOptions.defaults().withProgress(Duration.ZERO, lines::add))
                .explore(grid(200, 200, "far", 200, 200));
        assertTrue(lines.size() > 5, lines.toString());
        assertTrue(lines.get(0).matches("grid 200x200: [0-9,]+ states \\([0-9,]+ to explore\\), [0-9,]+ transitions,"
                + " depth [0-9]+, [0-9,]+ states/s, [0-9.]+ MiB stored"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("grid 200x200: done: 40,401 states"),
                lines.get(lines.size() - 1));
    }

    @Test
    void aMoveBeyondTheModelsBoundsIsCountedNotExplored() {
        Supplier<ClosedSystem> bounded = () -> {
            Counter a = new Counter(7);
            OutOfBounds full = new OutOfBounds("a would pass 4");
            return ClosedSystem.builder("bounded")
                    .component(a)
                    .move(Move.of("a+1", true, () -> true, () -> {
                        if (a.value == 4) {
                            throw full;
                        }
                        a.value++;
                    }))
                    .deadlockFree("no-deadlock", "never stuck", () -> false)
                    .build();
        };
        Report report = new Explorer().explore(bounded);
        assertEquals(5, report.states());
        assertEquals(1, report.pruned());
        assertTrue(report.verdict("no-deadlock").holds(), "a state with a successor beyond the bound is not stuck");
    }

    @Test
    void aMoveThatThrowsIsAFailureOfEveryProperty() {
        Supplier<ClosedSystem> failing = () -> {
            Counter a = new Counter(3);
            return ClosedSystem.builder("failing")
                    .component(a)
                    .move(Move.of("a+1", true, () -> a.value < 3, () -> {
                        if (a.value == 2) {
                            throw new IllegalStateException("model bug at 2");
                        }
                        a.value++;
                    }))
                    .invariant("fine", "always", () -> true)
                    .build();
        };
        Counterexample counterexample = new Explorer().explore(failing).counterexample("fine").orElseThrow();
        assertEquals(Counterexample.Kind.FAILURE, counterexample.kind());
        assertEquals(3, counterexample.steps().size());
        assertEquals("the step threw java.lang.IllegalStateException: model bug at 2", counterexample.violation());
    }

    /** A guard is the model's own code too; one that throws, even {@code OutOfBounds}, is a failure, not a prune. */
    @Test
    void aGuardThatThrowsIsAFailureOfEveryPropertyToo() {
        Supplier<ClosedSystem> failing = () -> {
            Counter a = new Counter(3);
            return ClosedSystem.builder("failing guard")
                    .component(a)
                    .move(Move.of("a+1", true, () -> {
                        if (a.value == 1) {
                            throw new OutOfBounds("guard bug at 1");
                        }
                        return a.value < 3;
                    }, () -> a.value++))
                    .invariant("fine", "always", () -> true)
                    .build();
        };
        Report report = new Explorer().explore(failing);
        assertEquals(0, report.pruned());
        Counterexample counterexample = report.counterexample("fine").orElseThrow();
        assertEquals(Counterexample.Kind.FAILURE, counterexample.kind());
        assertEquals(2, counterexample.steps().size());
        assertEquals("the step's guard threw io.fsmgen.check.OutOfBounds: guard bug at 1", counterexample.violation());
        Replay replay = Replay.of(failing, counterexample);
        assertTrue(replay.reproduced(), replay.outcome());
    }

    /** A property's own test that throws is the model's failure too: shown with its path, and replayed. */
    @Test
    void propertyTestsThatThrowAreViolationsWithTheirPath() {
        Supplier<ClosedSystem> failing = () -> {
            Counter a = new Counter(2);
            return ClosedSystem.builder("failing tests")
                    .component(a)
                    .move(Move.of("a+1", true, () -> a.value < 2, () -> a.value++))
                    .invariant("below-2", "a stays below 2", () -> {
                        if (a.value == 2) {
                            throw new IllegalStateException("invariant bug");
                        }
                        return true;
                    })
                    .deadlockFree("no-deadlock", "ends at 2", () -> {
                        throw new IllegalStateException("end-state bug");
                    })
                    .eventually("reaches-3", "a reaches 3", () -> {
                        throw new IllegalStateException("goal bug");
                    })
                    .build();
        };
        Report report = new Explorer().explore(failing);
        Counterexample invariant = report.counterexample("below-2").orElseThrow();
        assertEquals(Counterexample.Kind.INVARIANT, invariant.kind());
        assertEquals(2, invariant.steps().size());
        assertTrue(invariant.violation().startsWith(
                "the invariant below-2 threw java.lang.IllegalStateException: invariant bug: "), invariant.violation());
        Counterexample deadlock = report.counterexample("no-deadlock").orElseThrow();
        assertEquals(Counterexample.Kind.DEADLOCK, deadlock.kind());
        assertTrue(deadlock.violation().startsWith(
                "nothing can move, and the end-state test threw java.lang.IllegalStateException: end-state bug: "),
                deadlock.violation());
        Counterexample goal = report.counterexample("reaches-3").orElseThrow();
        assertEquals(Counterexample.Kind.STUCK, goal.kind());
        for (Counterexample counterexample : List.of(invariant, deadlock, goal)) {
            Replay replay = Replay.of(failing, counterexample);
            assertTrue(replay.reproduced(), replay.outcome());
        }
    }

    /** The model's own mistakes, each named, none escaping as a bare exception (an adversarial pass found these). */
    @Test
    void modelMistakesAreNamed() {
        // An assert (or a test library's assertion) in an invariant is a violation with its path.
        Supplier<ClosedSystem> asserting = () -> {
            Counter a = new Counter(2);
            return ClosedSystem.builder("asserting")
                    .component(a)
                    .move(Move.of("a+1", true, () -> a.value < 2, () -> a.value++))
                    .invariant("small", "a stays small", () -> {
                        if (a.value == 2) {
                            throw new AssertionError("a reached 2");
                        }
                        return true;
                    })
                    .build();
        };
        Counterexample asserted = new Explorer().explore(asserting).counterexample("small").orElseThrow();
        assertEquals(2, asserted.steps().size());
        assertTrue(asserted.violation().contains("threw java.lang.AssertionError: a reached 2"), asserted.violation());
        assertTrue(Replay.of(asserting, asserted).reproduced());

        // A guard that changes the state.
        Supplier<ClosedSystem> writingGuard = () -> {
            Counter a = new Counter(3);
            return ClosedSystem.builder("writing guard")
                    .component(a)
                    .move(Move.of("a+1", true, () -> ++a.value < 3, () -> { }))
                    .build();
        };
        IllegalStateException guard = assertThrows(IllegalStateException.class,
                () -> new Explorer().explore(writingGuard));
        assertTrue(guard.getMessage().startsWith("writing guard: asking whether a+1 is enabled changed the state"),
                guard.getMessage());

        // A factory that hands out one system.
        ClosedSystem one = ClosedSystem.builder("one").component(new Counter(1))
                .move(Move.of("nothing", true, () -> false, () -> { }))
                .invariant("fine", "always", () -> true).build();
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
                () -> new Explorer().explore(() -> one));
        assertTrue(shared.getMessage().contains("the factory returned the same system twice"), shared.getMessage());

        // A replay on another model.
        Counterexample found = new Explorer().explore(grid(9, 6, "far", 4, 3)).counterexample("far").orElseThrow();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Replay.of(() -> ClosedSystem.builder("other").component(new Counter(1))
                        .move(Move.of("only", true, () -> false, () -> { }))
                        .invariant("far", "anything", () -> true).build(), found));
        assertTrue(other.getMessage().contains("it was found on another model"), other.getMessage());

        // A description that throws is named in the step, not thrown.
        Supplier<ClosedSystem> describing = () -> {
            Counter a = new Counter(2);
            return ClosedSystem.builder("describing")
                    .component(a)
                    .move(Move.of("a+1", true, () -> a.value < 2, () -> a.value++, () -> {
                        throw new IllegalStateException("no words");
                    }))
                    .invariant("below-2", "a stays below 2", () -> a.value < 2)
                    .build();
        };
        Counterexample described = new Explorer().explore(describing).counterexample("below-2").orElseThrow();
        assertEquals("a+1 (its description threw java.lang.IllegalStateException: no words)",
                described.steps().get(0).description());

        // A decode that fails on a later state stops the search with the path to that state.
        Supplier<ClosedSystem> undecodable = () -> {
            Counter a = new Counter(3) {
                @Override
                public void decode(io.fsmgen.StateBits in) {
                    super.decode(in);
                    if (value == 2) {
                        throw new IllegalStateException("cannot decode 2");
                    }
                }
            };
            return ClosedSystem.builder("undecodable")
                    .component(a)
                    .move(Move.of("a+1", true, () -> a.value < 3, () -> a.value++))
                    .invariant("fine", "always", () -> true)
                    .build();
        };
        Report stopped = new Explorer().explore(undecodable);
        assertFalse(stopped.complete());
        assertEquals("stopped: decoding state 2 threw java.lang.IllegalStateException: cannot decode 2; the model's"
                + " encode and decode disagree there (reached by: a+1, a+1)", stopped.stopReason());

        // "Never report progress" said with the longest Duration there is.
        assertTrue(new Explorer(ExplorerOptions.defaults().withProgress(Duration.ofSeconds(Long.MAX_VALUE),
                line -> { })).explore(grid(3, 3, "anywhere", 9, 9)).complete());
    }

    @Test
    void stoppingAtTheFirstViolation() {
        Report report = new Explorer(ExplorerOptions.defaults().stoppingAtFirstViolation())
                .explore(grid(9, 6, "early", 1, 0));
        assertFalse(report.complete());
        assertEquals("stopped at the first violation", report.stopReason());
        assertEquals(1, report.counterexample("early").orElseThrow().steps().size());
    }
}
