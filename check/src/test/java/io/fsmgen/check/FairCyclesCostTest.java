package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fairness analysis computes successors again, by decoding a state and applying a move, since it stores no edges:
 * that is its cost, about that of the search, per "eventually" property. When the property holds there is no run to
 * show, so it takes each successor once; the breadth-first pass that finds the shortest goal-free run to show is only
 * made for a violation or an unknown verdict.
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
}
