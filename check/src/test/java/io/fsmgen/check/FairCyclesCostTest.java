package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fairness analysis computes successors again, by decoding a state and applying a move, since it stores no edges:
 * that is its cost, about that of the search, per "eventually" property. When the property holds there is no run to
 * show, so it takes each successor once; the breadth-first pass that finds the shortest goal-free run to show is only
 * made for a violation or an unknown verdict, and stops at the distance of the nearest run's end.
 */
class FairCyclesCostTest {

    @Test
    void aPropertyThatHoldsTakesEachMoveOnceInTheAnalysis() {
        int[] applied = {0};
        Supplier<ClosedSystem> chain = () -> {
            Counter a = new Counter(3);
            return ClosedSystem.builder("chain")
                    .component(a)
                    .move(Move.of("next", true, () -> a.value < 3, () -> {
                        applied[0]++;
                        a.value++;
                    }))
                    .eventually("three", "the counter reaches 3", () -> a.value == 3)
                    .build();
        };
        Report report = new Explorer().explore(chain);
        assertTrue(report.verdict("three").holds(), report.summary());
        assertEquals(3 + 3, applied[0], "the search takes next in 0, 1 and 2, and the analysis once more each");
    }

    /**
     * A state where nothing moves one step from the start, by an unfair stop, and a fair chain of five beside it that
     * ends in a state where nothing moves too: the analysis weighs the near one against any fair cycle, which takes
     * each move once more (the price of showing the shortest run; the search alone found this one), and its
     * breadth-first pass goes no farther than one step.
     */
    @Test
    void aViolationShowsItsRunWithoutAWholeSecondPass() {
        int[] applied = {0};
        Supplier<ClosedSystem> stopping = () -> {
            Counter a = new Counter(6);
            return ClosedSystem.builder("stopping")
                    .component(a)
                    .move(Move.of("next", true, () -> a.value < 5, () -> {
                        applied[0]++;
                        a.value++;
                    }))
                    .move(Move.of("stop", false, () -> a.value == 0, () -> {
                        applied[0]++;
                        a.value = 6;
                    }))
                    .eventually("never", "the impossible happens", () -> false)
                    .build();
        };
        Report report = new Explorer().explore(stopping);
        Counterexample shown = report.counterexample("never").orElseThrow();
        assertEquals(List.of("stop"), shown.steps().stream().map(Counterexample.Step::description).toList(),
                shown.describe());
        assertEquals(6 + 6 + 2 + 1, applied[0], "the search takes next in 0 to 4 and stop in 0, the components pass"
                + " once more each, the breadth-first pass only the two moves from 0, and the report replays stop");
    }
}
