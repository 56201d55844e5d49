package io.fsmgen.web.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A generated machine as the processor described it at build time ({@code META-INF/fsmgen/<machine>.json}): the
 * page draws this, never a hand-copied picture.
 *
 * @param machine   the generated class's qualified name
 * @param name      its simple name
 * @param stateType the state enum's canonical name, which selects a layout hint
 * @param initial   the initial state
 * @param states    the states, in declaration order
 * @param events    the events, in declaration order
 * @param rows      every row of the effective table, in the order rows are tried
 */
public record MachineModel(String machine, String name, String stateType, String initial, List<State> states,
        List<String> events, List<Row> rows) {

    public MachineModel {
        Objects.requireNonNull(machine, "machine");
        states = List.copyOf(states);
        events = List.copyOf(events);
        rows = List.copyOf(rows);
    }

    /**
     * A state: whether it is final, its hooks and the timeouts armed in it; in a hierarchical machine also where it
     * sits in the tree.
     *
     * @param parent  the composite that contains it; null at the top, and in a flat machine
     * @param initial for a composite, the child entered when a transition targets the composite; null for a leaf
     * @param history what a composite remembers for a history entry: NONE, SHALLOW or DEEP
     * @param defers  the events it defers
     */
    public record State(String name, boolean isFinal, List<String> entry, List<String> exit,
            List<String> timeoutEvents, String parent, String initial, String history, List<String> defers) {
        public State {
            entry = List.copyOf(entry);
            exit = List.copyOf(exit);
            timeoutEvents = List.copyOf(timeoutEvents);
            defers = List.copyOf(defers);
        }

        /** A flat machine's state. */
        public State(String name, boolean isFinal, List<String> timeoutEvents) {
            this(name, isFinal, List.of(), List.of(), timeoutEvents, null, null, "NONE", List.of());
        }

        public boolean isComposite() {
            return initial != null;
        }
    }

    /**
     * One row; {@code to} is null for an internal transition. In a hierarchical machine the model lists each leaf's
     * resolved rows, and {@code declaredOn} says where the row was written: the leaf itself, a composite around it,
     * or "*" for a row declared from every state; null in a flat machine.
     *
     * @param local   a local transition: from a composite to a state inside it, without leaving the composite
     * @param history enters {@code to}, a composite, where it was left (its history)
     */
    public record Row(String from, String event, String guard, List<String> actions, String to, boolean wildcard,
            String declaredOn, boolean local, boolean history) {
        public Row {
            actions = List.copyOf(actions);
        }

        /** A flat machine's row. */
        public Row(String from, String event, String guard, List<String> actions, String to, boolean wildcard) {
            this(from, event, guard, actions, to, wildcard, null, false, false);
        }

        /** "RCV_FIN [guard] / sendAck, signalClosing": how the diagrams label a row. */
        public String label() {
            StringBuilder label = new StringBuilder(event);
            if (guard != null) {
                label.append(" [").append(guard).append(']');
            }
            if (!actions.isEmpty()) {
                label.append(" / ").append(String.join(", ", actions));
            }
            if (local) {
                label.append(" (local)");
            }
            if (history) {
                label.append(" (history)");
            }
            return label.toString();
        }
    }

    /**
     * A state change between two states, with every row that makes it (self-transitions included). In a hierarchical
     * machine {@code from} is the state the rows were declared on, a composite for the rows all its descendants
     * share, and {@code history} says the rows enter {@code to} through its history.
     */
    public record Edge(String from, String to, List<Row> rows, boolean history) {
        public Edge {
            rows = List.copyOf(rows);
        }

        /** "FROM>TO", or "FROM>TO(H)" into a composite's history: how the page names the line. */
        public String id() {
            return from + ">" + to + (history ? "(H)" : "");
        }

        /** The distinct events of the rows, in order. */
        public List<String> events() {
            return rows.stream().map(Row::event).distinct().toList();
        }
    }

    /** The state names, in declaration order. */
    public List<String> stateNames() {
        return states.stream().map(State::name).toList();
    }

    /** Whether any state is a composite: then the diagram nests states inside their composites. */
    public boolean isHierarchical() {
        return states.stream().anyMatch(State::isComposite);
    }

    /** The state named {@code name}. */
    public State state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this.name + " has no state " + name));
    }

    /** The composites around {@code state}, innermost first. */
    public List<String> ancestors(String state) {
        List<String> ancestors = new ArrayList<>();
        for (String parent = state(state).parent(); parent != null; parent = state(parent).parent()) {
            ancestors.add(parent);
        }
        return ancestors;
    }

    /** The state an edge of {@code row} starts from: where it was declared ("*": the outermost state around it). */
    public String drawnFrom(Row row) {
        if (row.declaredOn() == null) {
            return row.from();
        }
        if (row.declaredOn().equals("*")) {
            List<String> ancestors = ancestors(row.from());
            return ancestors.isEmpty() ? row.from() : ancestors.get(ancestors.size() - 1);
        }
        return row.declaredOn();
    }

    /**
     * The id of the edge ({@link Edge#id}) a machine took when it went from {@code from} to {@code to} on
     * {@code event}, as a listener hears it (active leaves, in a hierarchical machine); empty for an internal
     * transition, or when no row explains it.
     */
    public Optional<String> edgeOf(String from, String event, String to) {
        for (Row row : rows) {
            if (row.from().equals(from) && row.event().equals(event) && row.to() != null
                    && (row.to().equals(to) || (states.stream().anyMatch(s -> s.name().equals(to))
                            && ancestors(to).contains(row.to())))) {
                return Optional.of(drawnFrom(row) + ">" + row.to() + (row.history() ? "(H)" : ""));
            }
        }
        return Optional.empty();
    }

    /**
     * The external transitions merged per (from, to) in row order, as the Mermaid and DOT diagrams draw them. In a
     * hierarchical machine a row declared on a composite is listed once per leaf inside it; here it is one row of
     * one edge from the composite.
     */
    public List<Edge> edges() {
        Map<List<Object>, List<Row>> merged = new LinkedHashMap<>();
        Map<List<Object>, Boolean> seen = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.to() == null) {
                continue;
            }
            String from = drawnFrom(row);
            if (row.declaredOn() != null && seen.put(List.of(from, row.event(), String.valueOf(row.guard()),
                    row.actions(), row.to(), row.history(), row.local()), true) != null) {
                continue; // the same declared row, resolved for another leaf
            }
            merged.computeIfAbsent(List.of(from, row.to(), row.history()), key -> new ArrayList<>()).add(row);
        }
        List<Edge> edges = new ArrayList<>();
        merged.forEach((key, rowsOfEdge) -> edges.add(new Edge((String) key.get(0), (String) key.get(1), rowsOfEdge,
                (Boolean) key.get(2))));
        return edges;
    }
}
