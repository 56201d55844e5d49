package io.fsmgen.examples.spring.statechart;

import static io.fsmgen.examples.spring.statechart.RandomStatechart.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fsmgen.History;
import io.fsmgen.examples.spring.statechart.RandomStatechart.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SpringEntryDeviations} predicts Spring's record exactly, so that the differential test fails on any surplus
 * or missing entry that Spring's submachines do not explain: a surplus entry elsewhere than where a history entry
 * makes it, or a missing entry below a composite whose submachine was stopped, is a difference. The records here are
 * written by hand on one generated chart; {@link StatechartDifferentialTest} checks the same predictions against the
 * real Spring.
 */
class SpringEntryDeviationsTest {

    /** A chart with a history composite C whose initial child I is a composite, a row into C's history from outside. */
    private record Setting(RandomStatechart chart, int c, int i, int other, Row history, Row plain) {}

    private static Setting setting() {
        for (long seed = StatechartDifferentialTest.BASE_SEED_DEFAULT; ; seed++) {
            RandomStatechart chart = new RandomStatechart(seed);
            for (int c = 0; c < chart.states; c++) {
                if (chart.history[c] != History.SHALLOW || !chart.isComposite(chart.initialChild[c])) {
                    continue;
                }
                int i = chart.initialChild[c];
                int other = chart.children(c).stream().filter(s -> s != i).findFirst().orElse(-1);
                int composite = c;
                Row history = chart.rows.stream()
                        .filter(r -> r.history() && r.to() == composite && r.from() >= 0).findFirst().orElse(null);
                Row plain = chart.rows.stream().filter(r -> !r.history() && !r.local()).findFirst().orElse(null);
                if (other >= 0 && history != null && plain != null) {
                    return new Setting(chart, c, i, other, history, plain);
                }
            }
        }
    }

    private static List<String> calls(Object... calls) {
        List<String> out = new ArrayList<>();
        for (Object call : calls) {
            if (call instanceof List<?> list) {
                list.forEach(each -> out.add((String) each));
            } else {
                out.add((String) call);
            }
        }
        return out;
    }

    /** The entries of {@code s}'s initial chain below it, as fsmgen makes them. */
    private static List<String> chainBelow(RandomStatechart chart, int s) {
        List<String> entries = new ArrayList<>();
        for (int q = chart.initialChild[s]; q >= 0; q = chart.initialChild[q]) {
            entries.add("+" + state(q));
        }
        return entries;
    }

    @Test
    void anEmptyHistoryEntersTheInitialChildOnceMoreAfterTheChain() {
        Setting at = setting();
        SpringEntryDeviations deviations = new SpringEntryDeviations(at.chart());
        List<String> ours = calls(at.history().action(), "+" + state(at.c()), chainBelow(at.chart(), at.c()));

        SpringEntryDeviations.Prediction predicted = deviations.predict(ours);

        assertEquals(calls(ours, "+" + state(at.i())), predicted.spring());
        assertEquals(new SpringEntryDeviations.Applied(1, 0), predicted.applied());
    }

    @Test
    void aResumedChildComesAfterTheInitialChain_whoseSubmachinesThenEnterNothingBelowThem() {
        Setting at = setting();
        RandomStatechart chart = at.chart();
        SpringEntryDeviations deviations = new SpringEntryDeviations(chart);
        deviations.predict(calls("-" + state(at.other()), "-" + state(at.c()))); // C left from its other child
        String enterC = "+" + state(at.c());
        String enterOther = "+" + state(at.other());
        List<String> resume = calls(at.history().action(), enterC, enterOther, chainBelow(chart, at.other()));

        SpringEntryDeviations.Prediction resumed = deviations.predict(resume);

        assertEquals(calls(at.history().action(), enterC, chainBelow(chart, at.c()), enterOther,
                chainBelow(chart, at.other())), resumed.spring());
        // I is entered for real (here by any row): its submachine, left running, enters nothing below it
        List<String> enterI = calls(at.plain().action(), "+" + state(at.i()), chainBelow(chart, at.i()));
        SpringEntryDeviations.Prediction reentered = deviations.predict(enterI);
        assertEquals(calls(at.plain().action(), "+" + state(at.i())), reentered.spring());
        assertEquals(new SpringEntryDeviations.Applied(0, chainBelow(chart, at.i()).size()), reentered.applied());
        // that entry started the submachine's run anew: the next entry of I enters its chain, as UML does
        assertEquals(enterI, deviations.predict(enterI).spring());
    }

    @Test
    void entriesThatNoSubmachineExplainsAreNotPredicted() {
        Setting at = setting();
        RandomStatechart chart = at.chart();
        String enterI = "+" + state(at.i());
        // no history entry left I's submachine running: entering I enters its chain
        List<String> ours = calls(at.plain().action(), enterI, chainBelow(chart, at.i()));
        assertEquals(ours, new SpringEntryDeviations(chart).predict(ours).spring());
        // a history entry's surplus entry of I stands after the chain, not before it
        List<String> history = calls(at.history().action(), "+" + state(at.c()), chainBelow(chart, at.c()));
        List<String> misplaced = calls(at.history().action(), "+" + state(at.c()), enterI,
                chainBelow(chart, at.c()));
        assertNotEquals(misplaced, new SpringEntryDeviations(chart).predict(history).spring());
    }
}
