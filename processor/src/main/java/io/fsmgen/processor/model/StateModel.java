package io.fsmgen.processor.model;

import java.util.List;

/**
 * One state with everything the generator needs about it.
 *
 * @param timeouts indexes into {@link MachineModel#timeouts()} of the timeouts armed in this state
 * @param cells the events handled in this state, by event ordinal
 */
public record StateModel(
        String name,
        int ordinal,
        List<CallModel> entryActions,
        List<CallModel> exitActions,
        List<Integer> timeouts,
        List<CellModel> cells,
        boolean isFinal) {

    public StateModel {
        entryActions = List.copyOf(entryActions);
        exitActions = List.copyOf(exitActions);
        timeouts = List.copyOf(timeouts);
        cells = List.copyOf(cells);
    }

    /** Whether entering this state does anything beyond setting the field. */
    public boolean hasEntryWork() {
        return !entryActions.isEmpty() || !timeouts.isEmpty();
    }

    /** Whether leaving this state does anything. */
    public boolean hasExitWork() {
        return !exitActions.isEmpty() || !timeouts.isEmpty();
    }
}
