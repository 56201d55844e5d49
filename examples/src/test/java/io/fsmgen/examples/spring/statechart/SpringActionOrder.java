package io.fsmgen.examples.spring.statechart;

import java.util.ArrayList;
import java.util.List;

/**
 * fsmgen's record of one step rewritten as Spring Statemachine 4.0.2 orders the same calls, for the two documented
 * differences that apply to every transition of their kind (the README's table has both):
 * <ul>
 *   <li>Spring runs a transition's actions before the exit actions of the states it leaves
 *       (spring-attic/spring-statemachine#960, open); fsmgen, like UML and SCXML, after. Each action ({@code a<n>})
 *       moves in front of the exits ({@code -S<n>}) right before it.
 *   <li>A local transition whose target (a child of its source) is a composite: Spring does not run the target's
 *       entry, and leaves the target active when it was (SCXML's exit set holds every active state below the
 *       source, so UML and fsmgen exit and re-enter it). For exactly that row, the target's entry is left out, and its
 *       exit when it was active before the step.
 * </ul>
 * Nothing else moves or disappears: the result must then equal Spring's record, or match it under
 * {@link SpringEntryDeviations}.
 */
final class SpringActionOrder {

    private SpringActionOrder() {}

    static List<String> of(List<String> calls, RandomStatechart chart, boolean[] activeBefore) {
        List<String> reordered = new ArrayList<>(calls.size());
        List<String> entriesSpringSkips = new ArrayList<>();
        for (String call : calls) {
            if (call.startsWith("+") && entriesSpringSkips.remove(call)) {
                continue;
            }
            if (!call.startsWith("a")) {
                reordered.add(call);
                continue;
            }
            int at = reordered.size();
            while (at > 0 && reordered.get(at - 1).startsWith("-")) {
                at--;
            }
            RandomStatechart.Row row = chart.rows.get(Integer.parseInt(call.substring(1)));
            if (row.local() && chart.isComposite(row.to())) {
                String target = RandomStatechart.state(row.to());
                if (activeBefore[row.to()]) {
                    int exit = reordered.lastIndexOf("-" + target);
                    if (exit >= at) {
                        reordered.remove(exit);
                    }
                }
                entriesSpringSkips.add("+" + target);
            }
            reordered.add(at, call);
        }
        return reordered;
    }
}
