package io.fsmgen.processor.codegen;

import io.fsmgen.History;
import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The documentation of a hierarchical machine: composites drawn as nested states (Mermaid {@code state X { ... }},
 * Graphviz clusters), and rows drawn from the state that declares them, once, rather than once per leaf that
 * inherits them. The Markdown table lists the declared rows with their source (leaf or composite) and a table of the
 * hierarchy: parent, initial child, history and deferred events of each state.
 */
final class NestedDiagramWriter {

    private final MachineModel model;
    private final HierarchyModel hierarchy;

    NestedDiagramWriter(MachineModel model) {
        this.model = model;
        this.hierarchy = model.hierarchy().orElseThrow();
    }

    /** One declared row, recovered from the leaves' cells that inherit it. */
    private record DeclaredRow(int source, int event, RowModel row) {}

    /** The rows as declared, in the order of their source state and event; {@code "*"} rows last. */
    private List<DeclaredRow> declaredRows() {
        Map<List<Object>, DeclaredRow> rows = new LinkedHashMap<>();
        for (StateModel leaf : model.states()) {
            for (CellModel cell : leaf.cells()) {
                for (RowModel row : cell.rows()) {
                    rows.putIfAbsent(List.of(row.source(), cell.event(), row.origin(), row.guard().toString()),
                            new DeclaredRow(row.source(), cell.event(), row));
                }
            }
        }
        List<DeclaredRow> sorted = new ArrayList<>(rows.values());
        sorted.sort((a, b) -> a.source() != b.source()
                ? Integer.compare(a.source() < 0 ? Integer.MAX_VALUE : a.source(),
                        b.source() < 0 ? Integer.MAX_VALUE : b.source())
                : Integer.compare(a.event(), b.event()));
        return sorted;
    }

    String mermaid() {
        StringBuilder out = new StringBuilder();
        out.append("---\ntitle: ").append(model.machine().simpleName()).append("\n---\n");
        out.append("stateDiagram-v2\n");
        DiagramIds.declareMermaidAliases(out, model.stateNames());
        out.append("    [*] --> ").append(mermaidId(model.initial())).append('\n');
        for (int state : hierarchy.children(HierarchyModel.ROOT)) {
            nestMermaid(out, state, "    ");
        }
        edges().forEach((edge, labels) -> out.append("    ")
                .append(edge.from() < 0 ? "[*]" : mermaidId(edge.from())).append(" --> ")
                .append(mermaidId(edge.to())).append(" : ").append(String.join("<br/>", labels)).append('\n'));
        for (StateModel state : model.states()) {
            if (state.isFinal()) {
                out.append("    ").append(mermaidId(state.ordinal())).append(" --> [*]\n");
            }
            List<Integer> deferred = hierarchy.deferred().get(state.ordinal());
            if (!deferred.isEmpty()) {
                out.append("    note right of ").append(mermaidId(state.ordinal())).append(" : defers ")
                        .append(deferred.stream().map(model.eventNames()::get).collect(Collectors.joining(", ")))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private void nestMermaid(StringBuilder out, int top, String indent) {
        if (hierarchy.isComposite(top)) {
            nest(out, top, indent, this::openMermaid,
                    (leaf, at) -> out.append(at).append(mermaidId(leaf)).append('\n'));
        }
    }

    /**
     * Draws the composite {@code top} and what it contains: {@code opener} writes a composite's opening lines, {@code
     * leaf} a leaf's line at the indentation given; each composite ends with a closing brace. A loop with its own
     * stack rather than recursion, so that composites nested thousands deep cannot overflow the compiler's stack; the
     * indentation stops growing past {@value #MAX_INDENT_LEVELS} levels (neither grammar needs it).
     */
    private void nest(StringBuilder out, int top, String indent, Opener opener, BiConsumer<Integer, String> leaf) {
        Deque<Open> open = new ArrayDeque<>();
        open.push(opener.open(out, top, indent));
        while (!open.isEmpty()) {
            Open at = open.peek();
            if (!at.children().hasNext()) {
                out.append(at.indent()).append("}\n");
                open.pop();
                continue;
            }
            int child = at.children().next();
            String inner = deeper(at.indent(), open.size());
            if (hierarchy.isComposite(child)) {
                open.push(opener.open(out, child, inner));
            } else {
                leaf.accept(child, inner);
            }
        }
    }

    /** Writes a composite's opening lines at {@code indent}; returns it, open, with its children to draw. */
    @FunctionalInterface
    private interface Opener {
        Open open(StringBuilder out, int state, String indent);
    }

    /** A composite being drawn: where its lines go, and the children still to draw. */
    private record Open(String indent, Iterator<Integer> children) {}

    /** The most indentation levels drawn; deeper composites are written at this depth. */
    private static final int MAX_INDENT_LEVELS = 32;

    private static String deeper(String indent, int depth) {
        return depth < MAX_INDENT_LEVELS ? indent + "    " : indent;
    }

    private Open openMermaid(StringBuilder out, int state, String indent) {
        out.append(indent).append("state ").append(mermaidId(state)).append(" {\n");
        if (hierarchy.history(state) != History.NONE) {
            out.append(indent).append("    %% ").append(hierarchy.history(state) == History.DEEP ? "deep" : "shallow")
                    .append(" history\n");
        }
        out.append(indent).append("    [*] --> ").append(mermaidId(hierarchy.initials().get(state).get())).append('\n');
        return new Open(indent, hierarchy.children(state).iterator());
    }

    /** The name Mermaid knows a state by: its own, unless the grammar reserves it (see {@link DiagramIds}). */
    private String mermaidId(int state) {
        return DiagramIds.mermaid(name(state), state);
    }

    String dot() {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(DiagramIds.quoted(model.machine().simpleName())).append(" {\n");
        out.append("    rankdir=TB;\n    compound=true;\n");
        out.append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        out.append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        out.append("    \"__initial\" [shape=point, label=\"\"];\n");
        for (int state : hierarchy.children(HierarchyModel.ROOT)) {
            nestDot(out, state, "    ");
        }
        out.append("    \"__initial\" -> ").append(dotNode(model.initial())).append(dotHead(model.initial()))
                .append(";\n");
        edges().forEach((edge, labels) -> {
            String from = edge.from() < 0 ? "\"__initial\"" : dotNode(edge.from());
            out.append("    ").append(from).append(" -> ").append(dotNode(edge.to()))
                    .append(" [label=").append(DiagramIds.quoted(String.join("\n", labels)));
            if (edge.from() >= 0 && hierarchy.isComposite(edge.from())) {
                out.append(", ltail=").append(cluster(edge.from()));
            }
            if (hierarchy.isComposite(edge.to())) {
                out.append(", lhead=").append(cluster(edge.to()));
            }
            out.append("];\n");
        });
        return out.append("}\n").toString();
    }

    private void nestDot(StringBuilder out, int top, String indent) {
        if (hierarchy.isComposite(top)) {
            nest(out, top, indent, this::openDot, (leaf, at) -> dotLeaf(out, leaf, at));
        } else {
            dotLeaf(out, top, indent);
        }
    }

    private void dotLeaf(StringBuilder out, int state, String indent) {
        StateModel leaf = model.states().get(state);
        out.append(indent).append(DiagramIds.quoted(leaf.name()))
                .append(leaf.isFinal() ? " [peripheries=2];\n" : ";\n");
    }

    private Open openDot(StringBuilder out, int state, String indent) {
        String label = name(state) + switch (hierarchy.history(state)) {
            case SHALLOW -> " (H)";
            case DEEP -> " (H*)";
            case NONE -> "";
        };
        out.append(indent).append("subgraph ").append(cluster(state)).append(" {\n")
                .append(indent).append("    label=").append(DiagramIds.quoted(label)).append(";\n")
                .append(indent).append("    style=rounded;\n")
                .append(indent).append("    ").append(dotNode(state)).append(" [shape=point, label=\"\"];\n")
                .append(indent).append("    ").append(dotNode(state)).append(" -> ")
                .append(dotNode(hierarchy.initials().get(state).get()))
                .append(dotHead(hierarchy.initials().get(state).get())).append(";\n");
        return new Open(indent, hierarchy.children(state).iterator());
    }

    /** A composite is drawn as a cluster; its node is the initial point inside it. Quoted, as every DOT id. */
    private String dotNode(int state) {
        return DiagramIds.quoted(hierarchy.isComposite(state) ? "__" + name(state) : name(state));
    }

    /** The cluster of a composite: named {@code cluster_...}, which tells dot to draw it as a box. */
    private String cluster(int state) {
        return DiagramIds.quoted("cluster_" + name(state));
    }

    private String dotHead(int state) {
        return hierarchy.isComposite(state) ? " [lhead=" + cluster(state) + "]" : "";
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(model.machine().simpleName()).append("\n\n");
        out.append("Generated by fsmgen from `").append(model.spec().canonicalName()).append("`. Initial state: `")
                .append(name(model.initial())).append("`. For one event, the active leaf's rows are tried first,")
                .append(" then each enclosing composite's, outwards; `*` rows last. Within one state, rows are")
                .append(" tried top to bottom.\n\n");
        out.append("| State | Parent | Initial child | History | Defers |\n| --- | --- | --- | --- | --- |\n");
        for (StateModel state : model.states()) {
            int s = state.ordinal();
            out.append("| ").append(state.name())
                    .append(" | ").append(hierarchy.parent(s) < 0 ? "" : name(hierarchy.parent(s)))
                    .append(" | ").append(hierarchy.initials().get(s).map(this::name).orElse(""))
                    .append(" | ").append(hierarchy.history(s) == History.NONE ? ""
                            : hierarchy.history(s).name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(hierarchy.deferred().get(s).stream().map(model.eventNames()::get)
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        out.append("\n| State | Event | Guard | Actions | Next | Declared |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (DeclaredRow declared : declaredRows()) {
            RowModel row = declared.row();
            out.append("| ").append(declared.source() < 0 ? "*" : name(declared.source()))
                    .append(" | ").append(model.eventNames().get(declared.event()))
                    .append(" | ").append(row.guard().map(g -> "`" + g.text() + "`").orElse(""))
                    .append(" | ").append(actions(row.actions()))
                    .append(" | ").append(row.target().map(t -> name(t) + (row.history() ? " (history)" : "")
                            + (row.local() ? " (local)" : "")).orElse("(stays: internal)"))
                    .append(" | ").append(row.origin())
                    .append(" |\n");
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
                                .map(index -> "after `" + model.timeouts().get(index).method() + "()` fire "
                                        + model.eventNames().get(model.timeouts().get(index).event()))
                                .collect(Collectors.joining(", ")))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private record Edge(int from, int to) {}

    /** State changes, from the declaring state (a composite or a leaf; -1 for {@code "*"}) to the target. */
    private Map<Edge, List<String>> edges() {
        Map<Edge, List<String>> edges = new LinkedHashMap<>();
        for (DeclaredRow declared : declaredRows()) {
            RowModel row = declared.row();
            if (row.target().isEmpty()) {
                continue;
            }
            StringBuilder label = new StringBuilder(model.eventNames().get(declared.event()));
            row.guard().ifPresent(guard -> label.append(" [").append(guard.text()).append(']'));
            if (!row.actions().isEmpty()) {
                label.append(" / ").append(row.actions().stream().map(CallModel::method)
                        .collect(Collectors.joining(", ")));
            }
            if (row.history()) {
                label.append(" (history)");
            }
            if (row.local()) {
                label.append(" (local)");
            }
            if (declared.source() < 0) {
                for (int top : hierarchy.children(HierarchyModel.ROOT)) {
                    edges.computeIfAbsent(new Edge(top, row.target().get()), e -> new ArrayList<>())
                            .add(label + " (*)");
                }
            } else {
                edges.computeIfAbsent(new Edge(declared.source(), row.target().get()), e -> new ArrayList<>())
                        .add(label.toString());
            }
        }
        return edges;
    }

    private static String actions(List<CallModel> calls) {
        return calls.stream().map(call -> "`" + call.method() + "`").collect(Collectors.joining(", "));
    }

    private String name(int state) {
        return model.stateNames().get(state);
    }
}
