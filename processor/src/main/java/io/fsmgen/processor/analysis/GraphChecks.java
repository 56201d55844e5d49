package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.RowModel;
import io.fsmgen.processor.model.TimeoutModel;
import io.fsmgen.processor.parse.Site;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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

    GraphChecks(NameTable states, NameTable events, Diagnostics diagnostics) {
        this.states = states;
        this.events = events;
        this.diagnostics = diagnostics;
    }

    /**
     * @param statesSite where state warnings go: the {@code states} value
     * @param eventsSite where event warnings go: the {@code events} value
     */
    void check(Site statesSite, Site eventsSite, int initial, java.util.Optional<Integer> errorState,
            List<List<CellModel>> cells, List<TimeoutModel> timeouts, Set<Integer> finalStates) {
        boolean[] reachable = reachableFrom(initial, cells);
        if (errorState.isPresent()) { // entered by any failure
            boolean[] afterFailure = reachableFrom(errorState.get(), cells);
            for (int state = 0; state < reachable.length; state++) {
                reachable[state] |= afterFailure[state];
            }
        }
        for (int state = 0; state < states.size(); state++) {
            if (!reachable[state]) {
                diagnostics.warning(statesSite, "[FsmUnreachableState] state " + states.name(state)
                        + " cannot be reached from the initial state " + states.name(initial));
            }
            if (!finalStates.contains(state) && !leaves(state, cells.get(state))) {
                diagnostics.warning(statesSite, "[FsmDeadEnd] state " + states.name(state) + " has no transition to"
                        + " another state; list it in finalStates if the machine is meant to end there");
            }
        }
        boolean[] used = new boolean[events.size()];
        cells.forEach(cellsOfState -> cellsOfState.forEach(cell -> used[cell.event()] = true));
        timeouts.forEach(timeout -> used[timeout.event()] = true);
        for (int event = 0; event < events.size(); event++) {
            if (!used[event]) {
                diagnostics.warning(eventsSite, "[FsmUnusedEvent] event " + events.name(event)
                        + " is used by no transition and no timeout");
            }
        }
    }

    private static boolean leaves(int state, List<CellModel> cells) {
        return cells.stream()
                .flatMap(cell -> cell.rows().stream())
                .anyMatch(row -> row.target().filter(target -> target != state).isPresent());
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
                    if (row.target().isPresent() && !reached[row.target().get()]) {
                        reached[row.target().get()] = true;
                        work.add(row.target().get());
                    }
                }
            }
        }
        return reached;
    }
}
