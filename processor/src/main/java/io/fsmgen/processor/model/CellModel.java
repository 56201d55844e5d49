package io.fsmgen.processor.model;

import java.util.List;

/**
 * The rows that handle one event in one state, in the order they are tried.
 *
 * @param event the event's ordinal
 * @param rows explicit rows first, then {@code "*"} rows
 */
public record CellModel(int event, List<RowModel> rows) {

    public CellModel {
        rows = List.copyOf(rows);
    }

    /** True when some row has no guard, so the cell always decides the event. */
    public boolean hasFallback() {
        return rows.stream().anyMatch(row -> row.guard().isEmpty());
    }
}
