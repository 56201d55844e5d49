package io.fsmgen.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flattens a hierarchical machine at build time: every leaf gets the cells a flat machine would have, holding its
 * resolved rows, each with the path it takes from that leaf. The dispatch writer then needs to know nothing about
 * hierarchy beyond calling the path's exit and entry chains.
 *
 * <p>Which row fires: the leaf's own rows for the event are tried first, then its parent's, and so on outwards;
 * {@code "*"} rows are outermost. Within one state, rows are tried in declaration order, so a state's own row without
 * a guard shadows every row further out. Walking outwards, the first state that defers the event stops the walk: the
 * event is deferred when none of the rows before that point fires (the innermost state decides).
 *
 * <p>Order of effects, as the SCXML algorithm computes it: the transition's domain is its source when the row is
 * {@code LOCAL} (its target is then inside the source), and otherwise the innermost composite that properly contains
 * both the source and the target, or the root. The exit set is every active state below the domain, left from the
 * leaf outwards after history is recorded; the entry set is every state from below the domain down to the target,
 * entered outermost first, and, for a composite target, on through initial children (or through history, at run
 * time).
 */
public final class Flattening {

    private final HierarchyModel hierarchy;
    private final DeclaredTable table;

    public Flattening(HierarchyModel hierarchy, DeclaredTable table) {
        this.hierarchy = hierarchy;
        this.table = table;
    }

    /** The cells of every state, by ordinal; composites have none. */
    public List<List<CellModel>> cells() {
        List<List<CellModel>> cells = new ArrayList<>();
        for (int state = 0; state < hierarchy.size(); state++) {
            cells.add(hierarchy.isComposite(state) ? List.of() : cellsOfLeaf(state));
        }
        return cells;
    }

    private List<CellModel> cellsOfLeaf(int leaf) {
        List<CellModel> cells = new ArrayList<>();
        for (int event = 0; event < table.events(); event++) {
            resolve(leaf, event).ifPresent(cells::add);
        }
        return cells;
    }

    private Optional<CellModel> resolve(int leaf, int event) {
        List<RowModel> rows = new ArrayList<>();
        for (int state : hierarchy.selfAndAncestors(leaf)) {
            if (hierarchy.defers(state, event)) {
                return Optional.of(new CellModel(event, rows, true));
            }
            if (addUntilFallback(leaf, table.rows(state, event), rows)) {
                return Optional.of(new CellModel(event, rows));
            }
        }
        addUntilFallback(leaf, table.wildcard(event), rows);
        return rows.isEmpty() ? Optional.empty() : Optional.of(new CellModel(event, rows));
    }

    /** Adds rows with their paths from {@code leaf}; true once a row without a guard closed the cell. */
    private boolean addUntilFallback(int leaf, List<RowModel> declared, List<RowModel> rows) {
        for (RowModel row : declared) {
            rows.add(row.isInternal() ? row : row.withPath(path(leaf, row)));
            if (row.guard().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The path of an external or local {@code row} that fires while {@code leaf} is active. */
    PathModel path(int leaf, RowModel row) {
        int target = row.target().orElseThrow();
        int domain = domain(row.source(), target, row.local());
        List<Integer> exits = new ArrayList<>();
        for (int at = leaf; at != domain; at = hierarchy.parent(at)) {
            exits.add(at);
        }
        List<PathModel.Record> records = new ArrayList<>();
        for (int i = 0; i < exits.size(); i++) {
            int left = exits.get(i);
            switch (hierarchy.history(left)) {
                case SHALLOW -> records.add(new PathModel.Record(left, exits.get(i - 1)));
                case DEEP -> records.add(new PathModel.Record(left, leaf));
                case NONE -> { }
            }
        }
        List<Integer> entries = new ArrayList<>();
        for (int at = target; at != domain; at = hierarchy.parent(at)) {
            entries.add(0, at);
        }
        if (row.history() && hierarchy.isComposite(target)) {
            return new PathModel(domain, exits, records, entries, -1, Optional.of(target));
        }
        int at = target;
        while (hierarchy.isComposite(at)) {
            at = hierarchy.initials().get(at).get();
            entries.add(at);
        }
        return new PathModel(domain, exits, records, entries, at, Optional.empty());
    }

    /**
     * SCXML's transition domain: the source itself for a local transition (whose target is inside it), otherwise the
     * innermost proper ancestor of the source that properly contains the target, or the root.
     */
    int domain(int source, int target, boolean local) {
        if (source == HierarchyModel.ROOT) {
            return HierarchyModel.ROOT;
        }
        if (local && hierarchy.isProperlyWithin(target, source)) {
            return source;
        }
        for (int at = hierarchy.parent(source); at != HierarchyModel.ROOT; at = hierarchy.parent(at)) {
            if (hierarchy.isProperlyWithin(target, at)) {
                return at;
            }
        }
        return HierarchyModel.ROOT;
    }
}
