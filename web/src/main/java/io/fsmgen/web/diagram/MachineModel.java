package io.fsmgen.web.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** A state: whether it is final, and the timeouts armed in it. */
    public record State(String name, boolean isFinal, List<String> timeoutEvents) {
        public State {
            timeoutEvents = List.copyOf(timeoutEvents);
        }
    }

    /** One row; {@code to} is null for an internal transition. */
    public record Row(String from, String event, String guard, List<String> actions, String to, boolean wildcard) {
        public Row {
            actions = List.copyOf(actions);
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
            return label.toString();
        }
    }

    /** A state change between two states, with every row that makes it (self-transitions included). */
    public record Edge(String from, String to, List<Row> rows) {
        public Edge {
            rows = List.copyOf(rows);
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

    /** The external transitions merged per (from, to) in row order, as the Mermaid and DOT diagrams draw them. */
    public List<Edge> edges() {
        Map<List<String>, List<Row>> merged = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.to() != null) {
                merged.computeIfAbsent(List.of(row.from(), row.to()), key -> new ArrayList<>()).add(row);
            }
        }
        List<Edge> edges = new ArrayList<>();
        merged.forEach((key, rowsOfEdge) -> edges.add(new Edge(key.get(0), key.get(1), rowsOfEdge)));
        return edges;
    }
}
