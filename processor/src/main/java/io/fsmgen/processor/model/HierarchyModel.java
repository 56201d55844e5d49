package io.fsmgen.processor.model;

import io.fsmgen.DeferOverflow;
import io.fsmgen.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the states of a hierarchical machine nest, what composites remember, and which events states defer. Absent
 * from the {@link MachineModel} of a flat machine (no composite, no deferral), whose code stays exactly what it was
 * before hierarchy existed.
 *
 * <p>Orthogonal regions would add, per composite, a partition of its children into regions; every other field here
 * keeps its meaning, and a configuration becomes a set of leaves instead of one.
 *
 * @param parents each state's parent ordinal, or {@link #ROOT} for a top-level state
 * @param initials each composite's initial child; empty for leaves
 * @param histories each state's history kind ({@code NONE} for leaves)
 * @param deferred the event ordinals each state defers itself (not counting its ancestors')
 * @param deferLimit how many deferred events may wait at once
 */
public record HierarchyModel(
        List<Integer> parents,
        List<Optional<Integer>> initials,
        List<History> histories,
        List<List<Integer>> deferred,
        int deferLimit,
        DeferOverflow deferOverflow) {

    /** The parent of a top-level state, and the domain of a transition that leaves every state. */
    public static final int ROOT = -1;

    public HierarchyModel {
        parents = List.copyOf(parents);
        initials = List.copyOf(initials);
        histories = List.copyOf(histories);
        deferred = deferred.stream().map(List::copyOf).toList();
    }

    public int size() {
        return parents.size();
    }

    public int parent(int state) {
        return parents.get(state);
    }

    public boolean isComposite(int state) {
        return initials.get(state).isPresent();
    }

    public boolean hasComposites() {
        return initials.stream().anyMatch(Optional::isPresent);
    }

    public boolean hasDeferrals() {
        return deferred.stream().anyMatch(events -> !events.isEmpty());
    }

    public History history(int state) {
        return histories.get(state);
    }

    public boolean defers(int state, int event) {
        return deferred.get(state).contains(event);
    }

    /** {@code state} and its ancestors, innermost first. */
    public List<Integer> selfAndAncestors(int state) {
        List<Integer> chain = new ArrayList<>();
        for (int at = state; at != ROOT; at = parent(at)) {
            chain.add(at);
        }
        return chain;
    }

    /** True when {@code state} is {@code ancestor} or inside it; everything is inside {@link #ROOT}. */
    public boolean isWithin(int state, int ancestor) {
        if (ancestor == ROOT) {
            return true;
        }
        for (int at = state; at != ROOT; at = parent(at)) {
            if (at == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code state} is strictly inside {@code ancestor}. */
    public boolean isProperlyWithin(int state, int ancestor) {
        return state != ancestor && isWithin(state, ancestor);
    }

    /** The leaf a default entry into {@code state} ends in: itself, or its initial child's, recursively. */
    public int defaultLeaf(int state) {
        int at = state;
        while (isComposite(at)) {
            at = initials.get(at).get();
        }
        return at;
    }

    /** The direct children of {@code state}, in ordinal order. */
    public List<Integer> children(int state) {
        List<Integer> children = new ArrayList<>();
        for (int s = 0; s < size(); s++) {
            if (parent(s) == state) {
                children.add(s);
            }
        }
        return children;
    }

    /** The leaves inside {@code state} (itself, when it is a leaf), in ordinal order. */
    public List<Integer> leavesWithin(int state) {
        List<Integer> leaves = new ArrayList<>();
        for (int s = 0; s < size(); s++) {
            if (!isComposite(s) && isWithin(s, state)) {
                leaves.add(s);
            }
        }
        return leaves;
    }
}
