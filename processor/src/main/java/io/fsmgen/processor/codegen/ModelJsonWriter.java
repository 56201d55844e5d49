package io.fsmgen.processor.codegen;

import io.fsmgen.processor.model.CallModel;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.List;

/**
 * The machine's model as JSON, for tools that draw or inspect the machine at run time (the live page of
 * {@code fsmgen-web}) without parsing a diagram language: written from the same model as the code, so it cannot
 * drift from it.
 *
 * <p>Format 1: names, the initial state, the states with their hooks and timeouts, and every row of the effective
 * table in the order rows are tried, internal ones included ({@code "to": null}). State and event names are the
 * enum constants' names; tools match them against {@code Enum.name()}. A hierarchical machine's states add
 * {@code parent}, {@code initial}, {@code history} and {@code defers}, and its rows, which are each leaf's resolved
 * rows (composites have none), add {@code declaredOn}, {@code local} and {@code history}.
 */
public final class ModelJsonWriter {

    /** Bumped when a field changes meaning or disappears; new fields may be added within a format. */
    public static final int FORMAT = 1;

    private final MachineModel model;
    private final StringBuilder out = new StringBuilder();

    public ModelJsonWriter(MachineModel model) {
        this.model = model;
    }

    public String json() {
        out.setLength(0);
        out.append("{\n");
        field(1, "format").append(FORMAT).append(",\n");
        field(1, "machine").append(string(model.qualifiedName())).append(",\n");
        field(1, "name").append(string(model.machine().simpleName())).append(",\n");
        field(1, "spec").append(string(model.spec().canonicalName())).append(",\n");
        field(1, "stateType").append(string(model.stateType().canonicalName())).append(",\n");
        field(1, "eventType").append(string(model.eventType().canonicalName())).append(",\n");
        field(1, "initial").append(string(state(model.initial()))).append(",\n");
        field(1, "unhandled").append(string(model.unhandled().name())).append(",\n");
        field(1, "events").append(strings(model.eventNames())).append(",\n");
        field(1, "states").append("[\n");
        for (int i = 0; i < model.states().size(); i++) {
            writeState(model.states().get(i));
            out.append(i + 1 < model.states().size() ? ",\n" : "\n");
        }
        indent(1).append("],\n");
        field(1, "rows").append("[\n");
        boolean first = true;
        for (StateModel state : model.states()) {
            for (CellModel cell : state.cells()) {
                for (RowModel row : cell.rows()) {
                    if (!first) {
                        out.append(",\n");
                    }
                    first = false;
                    writeRow(state, cell, row);
                }
            }
        }
        out.append(first ? "" : "\n");
        indent(1).append("]\n");
        return out.append("}\n").toString();
    }

    private void writeState(StateModel state) {
        indent(2).append("{\"name\": ").append(string(state.name()))
                .append(", \"final\": ").append(state.isFinal())
                .append(", \"entry\": ").append(calls(state.entryActions()))
                .append(", \"exit\": ").append(calls(state.exitActions()))
                .append(", \"timeouts\": [");
        for (int i = 0; i < state.timeouts().size(); i++) {
            TimeoutModel timeout = model.timeouts().get(state.timeouts().get(i));
            out.append(i == 0 ? "" : ", ")
                    .append("{\"method\": ").append(string(timeout.method()))
                    .append(", \"event\": ").append(string(model.eventNames().get(timeout.event()))).append('}');
        }
        out.append(']');
        model.hierarchy().ifPresent(hierarchy -> {
            int s = state.ordinal();
            out.append(", \"parent\": ").append(hierarchy.parent(s) < 0 ? "null" : string(state(hierarchy.parent(s))))
                    .append(", \"initial\": ").append(hierarchy.initials().get(s).map(i -> string(state(i)))
                            .orElse("null"))
                    .append(", \"history\": ").append(string(hierarchy.history(s).name()))
                    .append(", \"defers\": ").append(strings(hierarchy.deferred().get(s).stream()
                            .map(model.eventNames()::get).toList()));
        });
        out.append('}');
    }

    private void writeRow(StateModel state, CellModel cell, RowModel row) {
        indent(2).append("{\"from\": ").append(string(state.name()))
                .append(", \"event\": ").append(string(model.eventNames().get(cell.event())))
                .append(", \"guard\": ").append(row.guard().map(g -> string(g.text())).orElse("null"))
                .append(", \"actions\": ").append(calls(row.actions()))
                .append(", \"to\": ").append(row.target().map(t -> string(state(t))).orElse("null"))
                .append(", \"wildcard\": ").append(row.wildcard())
                .append(", \"origin\": ").append(string(row.origin()));
        if (model.isHierarchical()) {
            // In a hierarchical machine the rows are each leaf's resolved rows; "declaredOn" is where each was written.
            out.append(", \"declaredOn\": ").append(row.source() < 0 ? "\"*\"" : string(state(row.source())))
                    .append(", \"local\": ").append(row.local())
                    .append(", \"history\": ").append(row.history());
        }
        out.append('}');
    }

    private StringBuilder field(int depth, String name) {
        return indent(depth).append(string(name)).append(": ");
    }

    private StringBuilder indent(int depth) {
        return out.append("  ".repeat(depth));
    }

    private String state(int ordinal) {
        return model.stateNames().get(ordinal);
    }

    private static String calls(List<CallModel> calls) {
        return strings(calls.stream().map(CallModel::method).toList());
    }

    private static String strings(List<String> values) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            list.append(i == 0 ? "" : ", ").append(string(values.get(i)));
        }
        return list.append(']').toString();
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String string(String value) {
        StringBuilder literal = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20) {
                        literal.append(String.format("\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }
}
