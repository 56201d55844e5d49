package io.fsmgen.processor.model;

import java.util.List;

/**
 * The rows as declared, before a hierarchical machine's rows are resolved per leaf: for each (state, event) the rows
 * written {@code from} that state, and for each event the {@code "*"} rows, each list in the order rows are tried.
 */
public record DeclaredTable(List<List<List<RowModel>>> rowsByState, List<List<RowModel>> wildcardRows) {

    public DeclaredTable {
        rowsByState = rowsByState.stream().map(byEvent -> byEvent.stream().map(List::copyOf).toList()).toList();
        wildcardRows = wildcardRows.stream().map(List::copyOf).toList();
    }

    public List<RowModel> rows(int state, int event) {
        return rowsByState.get(state).get(event);
    }

    public List<RowModel> wildcard(int event) {
        return wildcardRows.get(event);
    }

    public int events() {
        return wildcardRows.size();
    }
}
