package io.fsmgen.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * What an external or local transition does to the hierarchy when it fires in one leaf, computed at build time as in
 * the W3C SCXML "Algorithm for SCXML Interpretation": the transition's domain, the exit set below it (left innermost
 * first, after recording history), and the entry set (entered outermost first).
 *
 * @param domain the innermost composite that stays active, or {@link HierarchyModel#ROOT}
 * @param exits the states left, innermost (the active leaf) first
 * @param records the history memories written when those states are left
 * @param entries the states entered, outermost first: down to the target and, for a default entry, on through
 *     initial children to {@link #leaf}
 * @param leaf the leaf the transition ends in, when known at build time
 * @param resume the composite whose history decides the rest of the entry at run time (then {@code entries} ends
 *     with it and {@code leaf} is -1)
 */
public record PathModel(
        int domain, List<Integer> exits, List<Record> records, List<Integer> entries, int leaf,
        Optional<Integer> resume) {

    public PathModel {
        exits = List.copyOf(exits);
        records = List.copyOf(records);
        entries = List.copyOf(entries);
    }

    /** "When leaving {@code composite}, remember {@code value}": a child (shallow history) or a leaf (deep). */
    public record Record(int composite, int value) {}
}
