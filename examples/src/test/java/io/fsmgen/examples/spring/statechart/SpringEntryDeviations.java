package io.fsmgen.examples.spring.statechart;

import io.fsmgen.History;
import io.fsmgen.examples.spring.statechart.RandomStatechart.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Spring Statemachine 4.0.2's record of entry calls on the generated machines, predicted call by call from fsmgen's:
 * the two places where it departs from UML's, each derived from one cause and applied only where that cause is at
 * work, so that every other difference, and any surplus or missing entry the cause does not explain, fails the run.
 *
 * <p>Both come from Spring keeping each composite's children in a submachine that runs its own initial transition
 * when it starts ({@code StateMachineState.entry}), and that is stopped only when the composite is exited:
 * <ul>
 *   <li><b>Surplus initial entries on a history entry.</b> A row into a composite's history pseudo-state enters the
 *       composite, whose submachine starts and runs its initial transition, and then the history's target. When the
 *       history resumes a child other than the initial one, the initial chain is entered (the initial child, and while
 *       it is a composite whose submachine is not running yet, its initial child, and so on) before the remembered
 *       child, and never exited: the chain's submachines keep running. When the history resumes the initial child
 *       (nothing remembered, or the initial child remembered), the {@code withHistory()} default transition or the
 *       memory enters the initial child a second time, after the last entry of the chain. A {@code "*"} row declared
 *       on the composite itself does not stop the composite's submachine on its way out ("don't stop if it looks like
 *       we're coming back", {@code StateMachineState.exit}), so it enters nothing twice. Spring's tracker has the same
 *       double entry for other entries through an initial transition (spring-attic/spring-statemachine#191, #249)
 *       and an initial state's entry running again after a submachine resumes (#725).
 *   <li><b>Missing entries below a composite whose submachine still runs.</b> When a composite that such a surplus
 *       entry left running is entered for real, its submachine is not started again, so Spring enters the composite
 *       but nothing below it (while it reports the initial leaf as active, which is where the running submachine
 *       stands, so the leaves agree). A local row to such a composite (which Spring never enters: {@link
 *       SpringActionOrder}) enters nothing below it either. Spring's tracker has submachines that are not stopped
 *       with their parent (spring-attic/spring-statemachine#478).
 * </ul>
 *
 * <p>The prediction is stateful: it follows each history's memory as UML keeps it (the child last exited) and which
 * submachines Spring left running, so one instance serves one machine's run, step after step.
 */
final class SpringEntryDeviations {

    /** How many calls each pattern added to or removed from Spring's record in one step. */
    record Applied(int surplusInSpring, int missingInSpring) {
        static final Applied NONE = new Applied(0, 0);

        boolean any() {
            return surplusInSpring > 0 || missingInSpring > 0;
        }
    }

    /** Spring's predicted record of one step, and how many calls each pattern added or removed. */
    record Prediction(List<String> spring, Applied applied) {}

    private final RandomStatechart chart;
    /** Per composite with history: the child it was last left from (UML's memory), or -1. */
    private final int[] remembered;
    /**
     * Per composite: Spring's submachine for it runs although the composite is not active, started by a surplus
     * initial entry; entering the composite starts nothing below it.
     */
    private final boolean[] running;

    /** The histories' memory now, for {@link #restore}: what a snapshot, and Spring's persisted context, hold. */
    int[] memory() {
        return remembered.clone();
    }

    /**
     * Both machines were restored to a snapshot whose histories held {@code memory}; {@code before} and {@code after}
     * are the states active before and after the restore. The histories take the snapshot's memory. Spring's persister
     * stops the top machine, resets it to the context and starts it again: the submachines of the composites that
     * were active before are not stopped, so those that the restore leaves inactive keep running, like those that
     * surplus entries left running (the context holds neither); the active ones are reset.
     */
    void restore(int[] memory, boolean[] before, boolean[] after) {
        System.arraycopy(memory, 0, remembered, 0, remembered.length);
        for (int s = 0; s < chart.states; s++) {
            running[s] = (running[s] || before[s] && chart.isComposite(s)) && !after[s];
        }
    }

    SpringEntryDeviations(RandomStatechart chart) {
        this.chart = chart;
        this.remembered = new int[chart.states];
        this.running = new boolean[chart.states];
        Arrays.fill(remembered, -1);
    }

    /**
     * Spring's record for one step, predicted from {@code expected} (fsmgen's record in Spring's action order,
     * {@link SpringActionOrder}) and what the earlier steps left: the same calls, with the surplus entries of a history
     * entry added and the entries below a composite whose submachine still runs left out. The caller compares it with
     * Spring's record, which must be equal.
     */
    Prediction predict(List<String> expected) {
        List<String> spring = new ArrayList<>(expected.size() + 4);
        int surplus = 0;
        int missing = 0;
        int historyOf = -1;           // the composite a history row of this step enters, until its entries end
        boolean fromItself = false;   // whether that row left the composite itself (a "*" row declared on it)
        boolean resumesInitial = false; // whether that history resumes the initial child
        int skipBelow = -1;           // a composite entered while its submachine ran: nothing below it is entered
        for (int c = 0; c < expected.size(); c++) {
            String call = expected.get(c);
            if (call.startsWith("a")) {
                Row row = chart.rows.get(Integer.parseInt(call.substring(1)));
                historyOf = row.history() ? row.to() : -1;
                fromItself = false;
                skipBelow = -1;
                if (row.local() && chart.isComposite(row.to()) && running[row.to()]) {
                    running[row.to()] = false;
                    skipBelow = row.to();
                }
                spring.add(call);
                continue;
            }
            int state = Integer.parseInt(call.substring(2));
            if (call.startsWith("-")) {
                int parent = chart.parent[state];
                if (parent >= 0 && chart.history[parent] != History.NONE) {
                    remembered[parent] = state;
                }
                fromItself |= state == historyOf;
                spring.add(call);
                continue;
            }
            boolean lastEntry = c + 1 == expected.size() || !expected.get(c + 1).startsWith("+");
            if (skipBelow >= 0 && chart.descendants(skipBelow).contains(state)) {
                running[state] = false;
                missing++;
            } else {
                spring.add(call);
                if (running[state]) {
                    running[state] = false;
                    skipBelow = state;
                }
            }
            if (state == historyOf) {
                int initial = chart.initialChild[state];
                resumesInitial = remembered[state] < 0 || remembered[state] == initial;
                if (!fromItself && !resumesInitial) {
                    for (int q = initial; q >= 0; q = chart.initialChild[q]) {
                        spring.add("+" + RandomStatechart.state(q));
                        surplus++;
                        if (running[q]) {
                            break;
                        }
                        running[q] = chart.isComposite(q);
                    }
                }
            }
            if (lastEntry && historyOf >= 0) {
                if (!fromItself && resumesInitial) {
                    spring.add("+" + RandomStatechart.state(chart.initialChild[historyOf]));
                    surplus++;
                }
                historyOf = -1;
            }
        }
        return new Prediction(spring, surplus + missing == 0 ? Applied.NONE : new Applied(surplus, missing));
    }
}
