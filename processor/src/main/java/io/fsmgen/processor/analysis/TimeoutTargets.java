package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.TimeoutModel;
import java.util.List;

/**
 * A timeout fires its event in the state it was armed in: a state with no row at all for that event would ignore it
 * (or throw, under {@code Unhandled.THROW}, on the scheduler's thread), so the timeout could never do anything.
 */
final class TimeoutTargets {

    private final NameTable states;
    private final NameTable events;
    private final Diagnostics diagnostics;

    TimeoutTargets(NameTable states, NameTable events, Diagnostics diagnostics) {
        this.states = states;
        this.events = events;
        this.diagnostics = diagnostics;
    }

    void check(Hooks hooks, List<List<CellModel>> cells) {
        for (int i = 0; i < hooks.timeouts().size(); i++) {
            TimeoutModel timeout = hooks.timeouts().get(i);
            for (int state : timeout.states()) {
                boolean handled = cells.get(state).stream().anyMatch(cell -> cell.event() == timeout.event());
                if (!handled) {
                    diagnostics.error(hooks.timeoutSites().get(i), "[FsmUnhandledTimeout] timeout '"
                            + timeout.method() + "' fires " + events.name(timeout.event()) + " in state "
                            + states.name(state) + ", which has no row for " + events.name(timeout.event())
                            + ": the timeout could never do anything; add a row, or fire another event");
                }
            }
        }
    }
}
