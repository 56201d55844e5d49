package io.fsmgen.processor.codegen;

import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The machine's documentation, written from the same model as its code so that the two cannot drift: a Mermaid
 * state diagram, a Graphviz DOT graph and a Markdown transition table.
 *
 * <p>The diagrams show everything the table says. State changes (external transitions, self-transitions included)
 * are edges, with the labels of parallel edges merged one per line (Mermaid ends a transition label at {@code ;} or
 * {@code #}), so that a protocol machine with dozens of "stay and reply" rows stays legible; guards are in brackets
 * and actions after a slash. What happens inside a state is written in the state itself: entry and exit actions,
 * internal transitions, timeouts, and the error state. The Markdown table lists every row in the order rows are
 * tried. A hierarchical machine is drawn with its nesting by {@link NestedDiagramWriter}. Both diagram formats are
 * checked by their real parsers in the tests (Mermaid's own, and Graphviz).
 *
 * <p>A very large machine's diagrams are summarised instead ({@link DiagramSummary}, {@code Diagrams} on the spec):
 * one edge per pair of states labelled with a count, internal transitions counted per state, titled as a summary
 * and with comments that say what was left out; the Markdown table stays complete.
 */
public final class DiagramWriter {

    private final MachineModel model;
    private final boolean summary;

    /** Full diagrams. */
    public DiagramWriter(MachineModel model) {
        this(model, false);
    }

    /** Full diagrams, or summarised ones ({@link DiagramSummary}) when {@code summary} is true. */
    public DiagramWriter(MachineModel model, boolean summary) {
        this.model = model;
        this.summary = summary;
    }

    public String mermaid() {
        if (model.isHierarchical()) {
            return new NestedDiagramWriter(model).mermaid();
        }
        StringBuilder out = new StringBuilder();
        out.append("---\ntitle: ").append(model.machine().simpleName()).append(summary ? " (summary)" : "")
                .append("\n---\n");
        out.append("stateDiagram-v2\n");
        summaryNotes("    %% ").forEach(out::append);
        DiagramIds.declareMermaidAliases(out, model.stateNames());
        out.append("    [*] --> ").append(mermaidId(model.initial())).append('\n');
        edges().forEach((edge, labels) -> out.append("    ")
                .append(mermaidId(edge.from())).append(" --> ").append(mermaidId(edge.to()))
                .append(" : ").append(String.join("<br/>", labels)).append('\n'));
        for (StateModel state : model.states()) {
            for (String line : inside(state)) {
                out.append("    ").append(mermaidId(state.ordinal())).append(" : ").append(line).append('\n');
            }
        }
        for (StateModel state : model.states()) {
            if (state.isFinal()) {
                out.append("    ").append(mermaidId(state.ordinal())).append(" --> [*]\n");
            }
        }
        return out.toString();
    }

    /** The name Mermaid knows a state by: its own, unless the grammar reserves it. */
    private String mermaidId(int state) {
        return DiagramIds.mermaid(name(state), state);
    }

    public String dot() {
        if (model.isHierarchical()) {
            return new NestedDiagramWriter(model).dot();
        }
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(DiagramIds.quoted(model.machine().simpleName())).append(" {\n");
        summaryNotes("    // ").forEach(out::append);
        if (summary) {
            out.append("    label=").append(DiagramIds.quoted(model.machine().simpleName() + " (summary)"))
                    .append(";\n");
            out.append("    labelloc=t;\n");
        }
        out.append("    rankdir=TB;\n");
        out.append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        out.append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        out.append("    \"__initial\" [shape=point, label=\"\"];\n");
        for (StateModel state : model.states()) {
            List<String> inside = inside(state);
            out.append("    ").append(DiagramIds.quoted(state.name()));
            List<String> attributes = new java.util.ArrayList<>();
            if (!inside.isEmpty()) {
                attributes.add("label=" + DiagramIds.quoted(state.name() + "\n" + String.join("\n", inside)));
            }
            if (state.isFinal()) {
                attributes.add("peripheries=2");
            }
            out.append(attributes.isEmpty() ? "" : " [" + String.join(", ", attributes) + "]").append(";\n");
        }
        out.append("    \"__initial\" -> ").append(DiagramIds.quoted(name(model.initial()))).append(";\n");
        edges().forEach((edge, labels) -> out.append("    ")
                .append(DiagramIds.quoted(name(edge.from()))).append(" -> ").append(DiagramIds.quoted(name(edge.to())))
                .append(" [label=").append(DiagramIds.quoted(String.join("\n", labels))).append("];\n"));
        return out.append("}\n").toString();
    }

    /**
     * What happens inside {@code state}, one line each: entry and exit actions, internal transitions (rows without a
     * target), timeouts, and whether it is the error state.
     */
    private List<String> inside(StateModel state) {
        List<String> lines = new java.util.ArrayList<>();
        if (model.errorState().filter(error -> error == state.ordinal()).isPresent()) {
            lines.add("error state: entered when a spec method throws");
        }
        if (!state.entryActions().isEmpty()) {
            lines.add("entry / " + methods(state.entryActions()));
        }
        if (!state.exitActions().isEmpty()) {
            lines.add("exit / " + methods(state.exitActions()));
        }
        // Internal rows that do the same thing share a line: "SEND, RECEIVE / errorClosing (internal)".
        Map<String, List<String>> internal = new LinkedHashMap<>();
        for (CellModel cell : state.cells()) {
            for (RowModel row : cell.rows()) {
                if (row.isInternal()) {
                    internal.computeIfAbsent(effect(row), key -> new java.util.ArrayList<>())
                            .add(model.eventNames().get(cell.event()));
                }
            }
        }
        if (summary && !internal.isEmpty()) {
            int rows = internal.values().stream().mapToInt(List::size).sum();
            lines.add(rows + (rows == 1 ? " internal transition" : " internal transitions"));
        } else {
            internal.forEach((effect, events) -> lines.add(String.join(", ", events) + effect + " (internal)"));
        }
        for (int index : state.timeouts()) {
            TimeoutModel timeout = model.timeouts().get(index);
            lines.add("after " + timeout.method() + "() / " + model.eventNames().get(timeout.event()));
        }
        return lines;
    }

    private static String methods(List<CallModel> calls) {
        return calls.stream().map(CallModel::method).collect(Collectors.joining(", "));
    }

    public String markdown() {
        if (model.isHierarchical()) {
            return new NestedDiagramWriter(model).markdown();
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(model.machine().simpleName()).append("\n\n");
        out.append("Generated by fsmgen from `").append(model.spec().canonicalName()).append("`. Initial state: `")
                .append(name(model.initial())).append("`. Rows are tried top to bottom within a (state, event);")
                .append(" `*` rows come after a state's own rows.");
        model.errorState().ifPresent(error -> out.append(" Error state: `").append(name(error))
                .append("`, entered when a spec method throws."));
        if (!model.errorHandlers().isEmpty()) {
            out.append(" Error handlers: ").append(actions(model.errorHandlers())).append('.');
        }
        out.append("\n\n");
        out.append("| State | Event | Guard | Actions | Next | Declared |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    out.append("| ").append(state.name())
                            .append(" | ").append(model.eventNames().get(cell.event()))
                            .append(" | ").append(row.guard().map(g -> "`" + g.text() + "`").orElse(""))
                            .append(" | ").append(actions(row.actions()))
                            .append(" | ").append(row.target().map(this::name).orElse("(stays: internal)"))
                            .append(" | ").append(row.origin()).append(row.wildcard() ? " (`*`)" : "")
                            .append(" |\n");
                }
            }
        }
        if (model.states().stream().anyMatch(s -> !s.entryActions().isEmpty() || !s.exitActions().isEmpty()
                || !s.timeouts().isEmpty())) {
            out.append("\n| State | On entry | On exit | Timeouts |\n| --- | --- | --- | --- |\n");
            for (StateModel state : model.states()) {
                if (state.entryActions().isEmpty() && state.exitActions().isEmpty() && state.timeouts().isEmpty()) {
                    continue;
                }
                out.append("| ").append(state.name())
                        .append(" | ").append(actions(state.entryActions()))
                        .append(" | ").append(actions(state.exitActions()))
                        .append(" | ").append(state.timeouts().stream()
                                .map(index -> timeout(model.timeouts().get(index)))
                                .collect(Collectors.joining(", ")))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private record Edge(int from, int to) {}

    /** Comment lines saying that the diagram is a summary, and what it leaves out. */
    private List<String> summaryNotes(String comment) {
        if (!summary) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        lines.add(comment + "A summary: one edge per pair of states, labelled with how many rows lead there."
                + " Every row is in " + model.qualifiedName() + ".md.\n");
        DiagramSummary.summarise(model).notes().forEach(note -> lines.add(comment + note + "\n"));
        return lines;
    }

    private Map<Edge, List<String>> edges() {
        Map<Edge, List<String>> edges = new LinkedHashMap<>();
        if (summary) {
            DiagramSummary.Summary s = DiagramSummary.summarise(model);
            for (int i = 0; i < s.edges().size(); i++) {
                edges.put(new Edge(s.edges().get(i)[0], s.edges().get(i)[1]), List.of(s.labels().get(i)));
            }
            return edges;
        }
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    if (row.target().isPresent()) {
                        edges.computeIfAbsent(new Edge(state.ordinal(), row.target().get()), e -> new java.util.ArrayList<>())
                                .add(label(cell, row));
                    }
                }
            }
        }
        return edges;
    }

    private String label(CellModel cell, RowModel row) {
        return model.eventNames().get(cell.event()) + effect(row);
    }

    /** What a row adds after its event: " [guard] / actions". */
    private static String effect(RowModel row) {
        StringBuilder label = new StringBuilder();
        row.guard().ifPresent(guard -> label.append(" [").append(guard.text()).append(']'));
        if (!row.actions().isEmpty()) {
            label.append(" / ").append(row.actions().stream().map(CallModel::method).collect(Collectors.joining(", ")));
        }
        return label.toString();
    }

    private String timeout(TimeoutModel timeout) {
        return "after `" + timeout.method() + "()` fire " + model.eventNames().get(timeout.event());
    }

    private static String actions(List<CallModel> calls) {
        return calls.stream().map(call -> "`" + call.method() + "`").collect(Collectors.joining(", "));
    }

    private String name(int state) {
        return model.stateNames().get(state);
    }
}
