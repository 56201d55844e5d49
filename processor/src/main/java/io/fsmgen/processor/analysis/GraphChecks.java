package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.TimeoutModel;
import io.fsmgen.processor.parse.Site;
import java.util.ArrayDeque;
import java.util.Deque;
import io.fsmgen.processor.model.HierarchyModel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Warnings about the shape of a valid table: states that can never be reached, states the machine can enter but
 * never leave without being declared final, and events nothing listens to. They compile, but are usually mistakes;
 * {@code @SuppressWarnings("fsmgen")} on the spec silences them, for example where specs share an event enum.
 */
final class GraphChecks {

    private final NameTable states;
    private final NameTable events;
    private final Diagnostics diagnostics;
    /** In a hierarchical machine the checks run on leaves, with the rows they inherit (already in their cells). */
    private final Optional<HierarchyModel> hierarchy;

    GraphChecks(NameTable states, NameTable events, Diagnostics diagnostics, Optional<HierarchyModel> hierarchy) {
        this.states = states;
        this.events = events;
        this.diagnostics = diagnostics;
        this.hierarchy = hierarchy;
    }

    /**
     * @param statesSite where state warnings go: the {@code states} value
     * @param eventsSite where event warnings go: the {@code events} value
     */
    void check(Site statesSite, Site eventsSite, int initial, List<List<CellModel>> cells,
            List<TimeoutModel> timeouts, Set<Integer> finalStates) {
        boolean[] reachable = reachableFrom(entered(initial), cells);
        Set<Integer> finals = new java.util.HashSet<>();
        finalStates.forEach(state -> finals.addAll(leavesWithin(state)));
        for (int state = 0; state < states.size(); state++) {
            if (hierarchy.isPresent() && hierarchy.get().isComposite(state)) {
                continue;
            }
            if (!reachable[state]) {
                diagnostics.warning(statesSite, "[FsmUnreachableState] state " + states.name(state)
                        + " cannot be reached from the initial state " + states.name(initial));
            }
            if (!finals.contains(state) && !leaves(state, cells.get(state))) {
                diagnostics.warning(statesSite, "[FsmDeadEnd] state " + states.name(state) + " has no transition to"
                        + " another state; list it in finalStates if the machine is meant to end there");
            }
        }
        boolean[] used = new boolean[events.size()];
        cells.forEach(cellsOfState -> cellsOfState.forEach(cell -> used[cell.event()] = true));
        hierarchy.ifPresent(h -> h.deferred().forEach(deferred -> deferred.forEach(event -> used[event] = true)));
        timeouts.forEach(timeout -> used[timeout.event()] = true);
        for (int event = 0; event < events.size(); event++) {
            if (!used[event]) {
                diagnostics.warning(eventsSite, "[FsmUnusedEvent] event " + events.name(event)
                        + " is used by no transition and no timeout");
            }
        }
    }

    private boolean leaves(int state, List<CellModel> cells) {
        return cells.stream()
                .flatMap(cell -> cell.rows().stream())
                .anyMatch(row -> destinations(row).stream().anyMatch(target -> target != state));
    }

    /** The leaves a row can end in: its target, or the leaf a default or history entry into it reaches. */
    private List<Integer> destinations(RowModel row) {
        if (row.target().isEmpty()) {
            return List.of();
        }
        int target = row.target().get();
        if (hierarchy.isEmpty()) {
            return List.of(target);
        }
        return row.history() ? leavesWithin(target) : List.of(entered(target));
    }

    private int entered(int state) {
        return hierarchy.map(h -> h.defaultLeaf(state)).orElse(state);
    }

    private List<Integer> leavesWithin(int state) {
        return hierarchy.map(h -> h.leavesWithin(state)).orElse(List.of(state));
    }

    private boolean[] reachableFrom(int initial, List<List<CellModel>> cells) {
        boolean[] reached = new boolean[states.size()];
        Deque<Integer> work = new ArrayDeque<>();
        reached[initial] = true;
        work.add(initial);
        while (!work.isEmpty()) {
            int state = work.poll();
            for (CellModel cell : cells.get(state)) {
                for (RowModel row : cell.rows()) {
                    for (int target : destinations(row)) {
                        if (!reached[target]) {
                            reached[target] = true;
                            work.add(target);
                        }
                    }
                }
            }
        }
        return reached;
    }
}
