package io.fsmgen.processor.model;

import java.util.List;

/**
 * The rows that handle one event in one state, in the order they are tried.
 *
 * @param event the event's ordinal
 * @param rows explicit rows first (in a hierarchical machine: the leaf's, then each ancestor's outwards), then
 *     {@code "*"} rows
 * @param deferred when no row fires, the event is deferred rather than unhandled: a state on the way out defers it
 */
public record CellModel(int event, List<RowModel> rows, boolean deferred) {

    public CellModel {
        rows = List.copyOf(rows);
    }

    public CellModel(int event, List<RowModel> rows) {
        this(event, rows, false);
    }

    /** True when the cell always decides the event: some row has no guard, or the event is deferred otherwise. */
    public boolean hasFallback() {
        return deferred || rows.stream().anyMatch(row -> row.guard().isEmpty());
    }
}
