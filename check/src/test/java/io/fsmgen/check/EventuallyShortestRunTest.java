package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An "eventually" property has two kinds of counterexample: a run to a state where nothing moves, and a run into a
 * fair cycle. When both exist the one shown has the shortest prefix, the fewest steps before the run can no longer
 * reach the goal; at equal prefixes, the state where nothing moves. A state where nothing moves used to win whatever
 * the lengths: found on the search's own path, or behind the goal, it was shown before any cycle was looked at.
 */
class EventuallyShortestRunTest {

    private static final int DISABLED = -1;

    /**
     * A counter with one move per row of {@code next}: move {@code m} leads from {@code s} to {@code next[m][s]}
     * ({@link #DISABLED}), and is fair where {@code fair[m]}. The goal, at {@code goal}, may be unreachable.
     */
    private static Supplier<ClosedSystem> graph(int[][] next, boolean[] fair, int goal) {
        return () -> {
            Counter a = new Counter(next[0].length - 1);
            ClosedSystem.Builder b = ClosedSystem.builder("graph").component(a);
            for (int m = 0; m < next.length; m++) {
                int[] row = next[m];
                b.move(Move.of("m" + m, fair[m], () -> row[a.value] != DISABLED, () -> a.value = row[a.value]));
            }
            return b.eventually("goal", "the counter reaches " + goal, () -> a.value == goal).build();
        };
    }

    private static List<String> steps(Counterexample counterexample) {
        return counterexample.steps().stream().map(Counterexample.Step::description).toList();
    }

    /**
     * The search's own path m0, m0 reaches state 2, where nothing moves; the unfair m1 reaches 3 in one step, where
     * the fair m0 goes round 3, 4 forever. The cycle starts sooner.
     */
    @Test
    void aFairCycleStartedSoonerWinsOverAStateWhereNothingMovesOnTheSearchsPath() {
        Supplier<ClosedSystem> system = graph(new int[][] {
            {1, 2, DISABLED, 4, 3},
            {3, DISABLED, DISABLED, DISABLED, DISABLED},
        }, new boolean[] {true, false}, 9);
        Counterexample shown = new Explorer().explore(system).counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.CYCLE, shown.kind(), shown.describe());
        assertEquals(List.of("m1", "m0", "m0"), steps(shown), shown.describe());
        assertEquals(1, shown.cycleStart(), shown.describe());
        assertTrue(Replay.of(system, shown).reproduced(), shown.describe());
    }

    /**
     * The goal is 1. State 2, where nothing moves, is reached around it in three steps (m1, m0, m0); the unfair m1
     * reaches 3 in one, where the fair m2 goes round 3, 5 (m0 is not pending at 5). The cycle starts sooner.
     */
    @Test
    void aFairCycleStartedSoonerWinsOverAStateWhereNothingMovesBehindTheGoal() {
        Supplier<ClosedSystem> system = graph(new int[][] {
            {1, 2, DISABLED, 4, 2, DISABLED},
            {3, DISABLED, DISABLED, DISABLED, DISABLED, DISABLED},
            {DISABLED, DISABLED, DISABLED, 5, DISABLED, 3},
        }, new boolean[] {true, false, true}, 1);
        Counterexample shown = new Explorer().explore(system).counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.CYCLE, shown.kind(), shown.describe());
        assertEquals(1, shown.cycleStart(), shown.describe());
        assertEquals("m1", steps(shown).get(0), shown.describe());
        assertTrue(Replay.of(system, shown).reproduced(), shown.describe());
    }

    /**
     * The goal is 1. State 2, where nothing moves, is behind it on the search's path (m0, m0) and three steps away
     * around it (m1, m0, m0); state 8, where nothing moves too, is on the search's own path, four steps away. The
     * nearer one is shown.
     */
    @Test
    void theNearerStateWhereNothingMovesWinsThoughTheSearchFoundItBehindTheGoal() {
        Supplier<ClosedSystem> system = graph(new int[][] {
            {1, 2, DISABLED, 4, 2, DISABLED, 7, 8, DISABLED},
            {3, DISABLED, DISABLED, 6, DISABLED, DISABLED, DISABLED, DISABLED, DISABLED},
        }, new boolean[] {true, false}, 1);
        Counterexample shown = new Explorer().explore(system).counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.STUCK, shown.kind(), shown.describe());
        assertEquals(List.of("m1", "m0", "m0"), steps(shown), shown.describe());
        assertTrue(Replay.of(system, shown).reproduced(), shown.describe());
    }

    /**
     * State 3, where nothing moves, and the fair round 1, 2 are both one step away; the round is found first, but at
     * equal prefixes the state where nothing moves is shown: its run repeats nothing.
     */
    @Test
    void atEqualPrefixesTheStateWhereNothingMovesWins() {
        Supplier<ClosedSystem> system = graph(new int[][] {
            {1, 2, 1, DISABLED},
            {3, DISABLED, DISABLED, DISABLED},
        }, new boolean[] {true, false}, 9);
        Counterexample shown = new Explorer().explore(system).counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.STUCK, shown.kind(), shown.describe());
        assertEquals(List.of("m1"), steps(shown), shown.describe());
        assertTrue(Replay.of(system, shown).reproduced(), shown.describe());
    }

    /**
     * The search finds state 1, where nothing moves, on its own path; the goal's test throws in state 3, which only
     * the fairness analysis asks about, so the analysis cannot weigh state 1 against the cycles. The search's run is
     * still a counterexample, and the search is still complete: the invariant that holds is not made unknown by an
     * analysis that could only have shortened a run already found.
     */
    @Test
    void aFairnessAnalysisThatCannotFinishLeavesTheSearchsRun() {
        Supplier<ClosedSystem> system = () -> {
            Counter a = new Counter(3);
            return ClosedSystem.builder("throwing")
                    .component(a)
                    .move(Move.of("m0", true, () -> a.value == 0 || a.value >= 2, () -> a.value = a.value == 2 ? 3
                            : 2))
                    .move(Move.of("m1", false, () -> a.value == 0, () -> a.value = 1))
                    .invariant("anything", "anything goes", () -> true)
                    .eventually("goal", "the impossible happens", () -> {
                        if (a.value == 3) {
                            throw new IllegalStateException("no goal test in 3");
                        }
                        return false;
                    })
                    .build();
        };
        Report report = new Explorer().explore(system);
        assertTrue(report.complete(), report.summary());
        assertTrue(report.verdict("anything").holds(), report.summary());
        Counterexample shown = report.counterexample("goal").orElseThrow();
        assertEquals(Counterexample.Kind.STUCK, shown.kind(), shown.describe());
        assertEquals(List.of("m1"), steps(shown), shown.describe());
    }
}
