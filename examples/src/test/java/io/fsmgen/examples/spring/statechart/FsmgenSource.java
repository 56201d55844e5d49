package io.fsmgen.examples.spring.statechart;

import static io.fsmgen.examples.spring.statechart.RandomStatechart.event;
import static io.fsmgen.examples.spring.statechart.RandomStatechart.state;

import io.fsmgen.examples.spring.statechart.RandomStatechart.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link RandomStatechart} as an fsmgen spec: {@code package <pkg>; abstract class <name>} with its own
 * state and event enums, guards {@code g0..g2} over a {@code flags} array the test sets before every event ({@code g2}
 * with the parity of an {@code @ExtendedState} counter that some actions increment), one action
 * per row and an entry and an exit hook per state, each recording its name in {@code log}.
 */
final class FsmgenSource {

    private FsmgenSource() {}

    static String of(String pkg, String name, RandomStatechart chart) {
        StringBuilder out = new StringBuilder();
        out.append("package ").append(pkg).append(";\n\nimport io.fsmgen.*;\n\n")
                .append("@SuppressWarnings(\"fsmgen\")\n")
                .append("@StateMachine(states = ").append(name).append(".S.class, events = ").append(name)
                .append(".E.class, initial = \"").append(state(chart.initial)).append("\",\n")
                // Spring's deferral list is unbounded; fsmgen's ring is sized for every event of a run.
                .append("  deferLimit = 4096,\n");
        out.append("  composites = {\n");
        for (int s = 0; s < chart.states; s++) {
            if (!chart.isComposite(s)) {
                continue;
            }
            List<String> children = new ArrayList<>();
            chart.children(s).forEach(c -> children.add("\"" + state(c) + "\""));
            out.append("    @Composite(state = \"").append(state(s)).append("\", children = {")
                    .append(String.join(", ", children)).append("}, initial = \"").append(state(chart.initialChild[s]))
                    .append("\", history = History.").append(chart.history[s].name()).append("),\n");
        }
        out.append("  },\n  deferrals = {\n");
        for (int s = 0; s < chart.states; s++) {
            if (chart.defersE5[s]) {
                out.append("    @Defer(state = \"").append(state(s)).append("\", events = \"")
                        .append(event(RandomStatechart.DEFERRED_EVENT)).append("\"),\n");
            }
        }
        out.append("  },\n  transitions = {\n");
        for (Row row : chart.rows) {
            out.append("    @Transition(from = \"").append(row.from() < 0 ? "*" : state(row.from()))
                    .append("\", on = \"").append(event(row.event())).append('"');
            if (row.guarded()) {
                out.append(", guard = \"").append(row.negated() ? "!" : "").append('g').append(row.guard()).append('"');
            }
            out.append(", action = \"").append(row.action()).append('"');
            if (row.to() >= 0) {
                out.append(", to = \"").append(state(row.to())).append('"');
            }
            if (row.local()) {
                out.append(", kind = Transition.Kind.LOCAL");
            }
            if (row.history()) {
                out.append(", history = true");
            }
            out.append("),\n");
        }
        out.append("  })\npublic abstract class ").append(name).append(" {\n  public enum S {");
        for (int s = 0; s < chart.states; s++) {
            out.append(s == 0 ? " " : ", ").append(state(s));
        }
        out.append(" }\n  public enum E {");
        for (int e = 0; e < RandomStatechart.EVENTS; e++) {
            out.append(e == 0 ? " " : ", ").append(event(e));
        }
        for (int s = 0; s < chart.states; s++) {
            if (chart.timeout[s] > 0) {
                out.append(", ").append(event(RandomStatechart.timerEvent(s)));
            }
        }
        out.append(" }\n  public final boolean[] flags = new boolean[").append(RandomStatechart.GUARDS).append("];\n")
                .append("  public final java.util.List<String> log = new java.util.ArrayList<>();\n");
        out.append("  @ExtendedState public int counter;\n");
        for (int g = 0; g < RandomStatechart.GUARDS; g++) {
            out.append("  boolean g").append(g).append("() { return flags[").append(g).append("]")
                    .append(g == RandomStatechart.COUNTER_GUARD ? " != ((counter & 1) == 1)" : "").append("; }\n");
        }
        for (Row row : chart.rows) {
            out.append("  void ").append(row.action()).append("() { log.add(\"").append(row.action()).append("\");")
                    .append(chart.writes[row.id()] ? " counter++;" : "").append(" }\n");
        }
        if (java.util.Arrays.stream(chart.timeout).anyMatch(ms -> ms > 0)) {
            out.append("  public final ManualScheduler clock = new ManualScheduler();\n")
                    .append("  Scheduler scheduler() { return clock; }\n");
        }
        for (int s = 0; s < chart.states; s++) {
            if (chart.timeout[s] > 0) {
                out.append("  @Timeout(state = \"").append(state(s)).append("\", fire = \"")
                        .append(event(RandomStatechart.timerEvent(s))).append("\") java.time.Duration t").append(s)
                        .append("() { return java.time.Duration.ofMillis(").append(chart.timeout[s]).append("); }\n");
            }
        }
        for (int s = 0; s < chart.states; s++) {
            out.append("  @OnEntry(\"").append(state(s)).append("\") void in").append(s).append("() { log.add(\"+")
                    .append(state(s)).append("\"); }\n");
            out.append("  @OnExit(\"").append(state(s)).append("\") void out").append(s).append("() { log.add(\"-")
                    .append(state(s)).append("\"); }\n");
        }
        return out.append("}\n").toString();
    }

    /** The Spring name of a composite's history pseudo-state. */
    static String historyState(int composite) {
        return state(composite) + "_H";
    }
}
