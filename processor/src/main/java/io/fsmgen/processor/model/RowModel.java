package io.fsmgen.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * One row of the effective table, already placed in its (state, event) cell.
 *
 * @param guard absent for the fallback row
 * @param actions transition actions, in order
 * @param target the target state's ordinal; absent for an internal transition
 * @param wildcard whether the row was written with {@code from = "*"}
 * @param origin where the row was declared, for comments: "Door row 3"
 * @param source the state the row was declared on, or {@link HierarchyModel#ROOT} for {@code "*"}
 * @param local {@code kind = LOCAL}: a composite source that contains the target is not left
 * @param history the target composite is entered through its history
 * @param path in a hierarchical machine, what the row does when it fires in the leaf whose cell holds it; empty in
 *     flat machines and for internal rows
 */
public record RowModel(
        Optional<GuardModel> guard,
        List<CallModel> actions,
        Optional<Integer> target,
        boolean wildcard,
        String origin,
        int source,
        boolean local,
        boolean history,
        Optional<PathModel> path) {

    public RowModel {
        actions = List.copyOf(actions);
    }

    /** A row of a flat machine. */
    public RowModel(
            Optional<GuardModel> guard, List<CallModel> actions, Optional<Integer> target, boolean wildcard,
            String origin) {
        this(guard, actions, target, wildcard, origin, HierarchyModel.ROOT, false, false, Optional.empty());
    }

    /** This row as declared on {@code state}: one row written {@code from} several states is one row per state. */
    public RowModel withSource(int state) {
        return new RowModel(guard, actions, target, wildcard, origin, state, local, history, path);
    }

    /** This row as it fires in one leaf of a hierarchical machine. */
    public RowModel withPath(PathModel path) {
        return new RowModel(guard, actions, target, wildcard, origin, source, local, history, Optional.of(path));
    }

    public boolean isInternal() {
        return target.isEmpty();
    }
}
