package io.fsmgen.examples.spring.statechart;

import io.fsmgen.examples.spring.statechart.RandomStatechart.Row;
import java.util.List;

/**
 * The two places where Spring Statemachine 4.0.2's record of entry calls departs from UML's on the generated machines,
 * each an exact rewrite that applies to one pattern of one step, and counted; every other call must match in value
 * and order.
 *
 * <p>Both come from Spring keeping each composite's children in a submachine that it starts when the composite is
 * entered and that runs its own initial transition when it starts ({@code StateMachineState.entry}, and the
 * submachine's {@code ReactiveStateMachineExecutor} initial transition):
 * <ul>
 *   <li><b>Surplus initial entries on a history entry.</b> When a row targets a composite's history pseudo-state,
 *       Spring enters the composite, then the submachine starts and enters its initial child (and that child's
 *       initial children), and then the history target is entered: when the history is still empty the initial
 *       child's entry runs a second time after the leaf's; when it remembers another child, the initial chain is
 *       entered (and never exited) before the remembered chain. (The double entry comes from the {@code withHistory()}
 *       default transition to the initial child that {@link SpringStatechart} declares; without one, an empty history
 *       enters the initial child once.) Spring's tracker has the same double entry for other entries through an
 *       initial transition (spring-attic/spring-statemachine#191, #249) and an initial state's entry running again
 *       after a submachine resumes (#725). The rewrite drops from Spring's record the entry calls that fsmgen's does
 *       not have, and only those that are entries of initial children inside the composite that a history row fired
 *       in this step.
 *   <li><b>Missing initial entries below a re-entered composite.</b> When a row targets a composite that is itself its
 *       parent's initial child, Spring enters the target but not the target's initial children: the target's
 *       submachine was not restarted, so its initial transition does not run again, though Spring reports the
 *       initial leaf as active (the leaves are compared and agree). Spring's tracker has submachines that are not
 *       stopped with their parent (spring-attic/spring-statemachine#478). The rewrite drops from fsmgen's record the
 *       entry calls that Spring does not make, and only those of the target's initial descendants.
 * </ul>
 *
 * <p>The rewrite is one merge of the two records: calls that are equal advance both; a call that is not equal must be
 * one of the two patterns, or the step differs. So a missing or surplus exit, action or other entry, or a different
 * order, is always a difference.
 */
final class SpringEntryDeviations {

    /** How many calls each pattern removed in one step. */
    record Applied(int surplusInSpring, int missingInSpring) {
        static final Applied NONE = new Applied(0, 0);

        boolean any() {
            return surplusInSpring > 0 || missingInSpring > 0;
        }
    }

    private final RandomStatechart chart;

    SpringEntryDeviations(RandomStatechart chart) {
        this.chart = chart;
    }

    /**
     * Whether {@code spring} equals {@code expected} (fsmgen's record in Spring's action order) once the two patterns
     * are applied to the rows that fired in this step; returns how often each was applied, or null if they differ.
     */
    Applied match(List<String> expected, List<String> spring) {
        boolean[] surplusAllowed = new boolean[chart.states];
        boolean[] missingAllowed = new boolean[chart.states];
        for (String call : expected) {
            if (call.startsWith("a")) {
                Row row = chart.rows.get(Integer.parseInt(call.substring(1)));
                if (row.history()) {
                    for (int inside : chart.descendants(row.to())) {
                        surplusAllowed[inside] |= isInitialChild(inside);
                    }
                } else if (row.to() >= 0 && chart.isComposite(row.to()) && isInitialChild(row.to())) {
                    for (int below = chart.initialChild[row.to()]; below >= 0; below = chart.initialChild[below]) {
                        missingAllowed[below] = true;
                    }
                }
            }
        }
        int surplus = 0;
        int missing = 0;
        int i = 0;
        int j = 0;
        while (i < spring.size() || j < expected.size()) {
            if (i < spring.size() && j < expected.size() && spring.get(i).equals(expected.get(j))) {
                i++;
                j++;
            } else if (i < spring.size() && isEntryOf(spring.get(i), surplusAllowed)) {
                i++;
                surplus++;
            } else if (j < expected.size() && isEntryOf(expected.get(j), missingAllowed)) {
                j++;
                missing++;
            } else {
                return null;
            }
        }
        return surplus + missing == 0 ? Applied.NONE : new Applied(surplus, missing);
    }

    private boolean isInitialChild(int state) {
        return chart.parent[state] >= 0 && chart.initialChild[chart.parent[state]] == state;
    }

    private static boolean isEntryOf(String call, boolean[] states) {
        return call.startsWith("+") && states[Integer.parseInt(call.substring(2))];
    }
}
