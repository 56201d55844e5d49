package io.fsmgen.examples.spring.statechart;

import static io.fsmgen.examples.spring.statechart.FreeStatechart.event;
import static io.fsmgen.examples.spring.statechart.FreeStatechart.state;

import io.fsmgen.examples.spring.statechart.FreeStatechart.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link FreeStatechart} as an fsmgen spec, {@code package <pkg>; public abstract class Chart}, as
 * {@link FsmgenSource} does for Spring's charts: guards over {@code flags}, one action per row and an entry and an exit
 * hook per state, each recording its name in {@code log}; an action or entry that relays an event fires it while
 * {@code budget} (set by the test before each step) lasts; timeouts on a {@code ManualScheduler} named {@code clock}.
 */
final class FreeStatechartSource {

    private FreeStatechartSource() {}

    static String of(String pkg, FreeStatechart chart) {
        StringBuilder out = new StringBuilder();
        out.append("package ").append(pkg).append(";\n\nimport io.fsmgen.*;\n\n@SuppressWarnings(\"fsmgen\")\n")
                .append("@StateMachine(states = Chart.S.class, events = Chart.E.class, initial = \"")
                .append(state(chart.initial)).append("\", deferLimit = ").append(chart.deferLimit)
                .append(", deferOverflow = DeferOverflow.").append(chart.deferOverflow.name())
                .append(",\n  composites = {\n");
        for (int s = 0; s < chart.states; s++) {
            if (chart.initialChild[s] < 0) {
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
            List<String> deferred = new ArrayList<>();
            for (int e = 0; e < FreeStatechart.EVENTS; e++) {
                if (chart.defers[s][e]) {
                    deferred.add("\"" + event(e) + "\"");
                }
            }
            if (!deferred.isEmpty()) {
                out.append("    @Defer(state = \"").append(state(s)).append("\", events = {")
                        .append(String.join(", ", deferred)).append("}),\n");
            }
        }
        out.append("  },\n  transitions = {\n");
        for (Row row : chart.rows) {
            out.append("    @Transition(from = \"").append(row.from() < 0 ? "*" : state(row.from()))
                    .append("\", on = \"").append(event(row.event())).append('"');
            if (row.guard() >= 0) {
                out.append(", guard = \"").append(row.negated() ? "!" : "").append('g').append(row.guard()).append('"');
            }
            out.append(", action = \"a").append(row.id()).append('"');
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
        out.append("  })\npublic abstract class Chart {\n  public enum S {");
        for (int s = 0; s < chart.states; s++) {
            out.append(s == 0 ? " " : ", ").append(state(s));
        }
        out.append(" }\n  public enum E {");
        for (int e = 0; e < FreeStatechart.EVENTS; e++) {
            out.append(e == 0 ? " " : ", ").append(event(e));
        }
        for (int s = 0; s < chart.states; s++) {
            if (chart.timeout[s] > 0) {
                out.append(", ").append(event(FreeStatechart.timerEvent(s)));
            }
        }
        out.append(" }\n  public final boolean[] flags = new boolean[").append(FreeStatechart.GUARDS).append("];\n")
                .append("  public final java.util.List<String> log = new java.util.ArrayList<>();\n")
                .append("  public final ManualScheduler clock = new ManualScheduler();\n")
                .append("  public int budget;\n")
                .append("  abstract boolean fire(E event);\n")
                .append("  Scheduler scheduler() { return clock; }\n")
                .append("  void relay(E event) { if (budget > 0) { budget--; fire(event); } }\n");
        for (int g = 0; g < FreeStatechart.GUARDS; g++) {
            out.append("  boolean g").append(g).append("() { return flags[").append(g).append("]; }\n");
        }
        for (int s = 0; s < chart.states; s++) {
            if (chart.timeout[s] > 0) {
                out.append("  @Timeout(state = \"").append(state(s)).append("\", fire = \"")
                        .append(event(FreeStatechart.timerEvent(s))).append("\") java.time.Duration t").append(s)
                        .append("() { return java.time.Duration.ofMillis(").append(chart.timeout[s]).append("); }\n");
            }
        }
        for (Row row : chart.rows) {
            out.append("  void a").append(row.id()).append("() { log.add(\"a").append(row.id()).append("\");")
                    .append(relay(row.relays())).append(" }\n");
        }
        for (int s = 0; s < chart.states; s++) {
            out.append("  @OnEntry(\"").append(state(s)).append("\") void in").append(s).append("() { log.add(\"+")
                    .append(state(s)).append("\");").append(relay(chart.entryRelays[s])).append(" }\n");
            out.append("  @OnExit(\"").append(state(s)).append("\") void out").append(s).append("() { log.add(\"-")
                    .append(state(s)).append("\");").append(relay(chart.exitRelays[s])).append(" }\n");
        }
        return out.append("}\n").toString();
    }

    private static String relay(int event) {
        return event < 0 ? "" : " relay(E." + event(event) + ");";
    }
}
