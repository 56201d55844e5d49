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
 */
public record RowModel(
        Optional<GuardModel> guard, List<CallModel> actions, Optional<Integer> target, boolean wildcard, String origin) {

    public RowModel {
        actions = List.copyOf(actions);
    }

    public boolean isInternal() {
        return target.isEmpty();
    }
}
