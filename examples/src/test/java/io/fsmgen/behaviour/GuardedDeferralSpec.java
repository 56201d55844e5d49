package io.fsmgen.behaviour;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.ExtendedState;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A deferral that depends on a guard: W1 handles E only once {@code ready}, else W defers it. READY sets the flag by
 * an internal row, which is no state change, so E stays deferred until the next one.
 */
@StateMachine(
        states = GuardedDeferralSpec.S.class,
        events = GuardedDeferralSpec.E.class,
        initial = "IDLE",
        composites = @Composite(state = "W", children = {"W1", "W2"}, initial = "W1"),
        deferrals = @Defer(state = "W", events = "E"),
        transitions = {
            @Transition(from = "IDLE", on = "GO", to = "W"),
            @Transition(from = "W1", on = "E", guard = "ready", action = "handled", to = "DONE"),
            @Transition(from = "W1", on = "READY", action = "becomeReady"),
            @Transition(from = "W1", on = "MOVE", to = "W2"),
            @Transition(from = "W2", on = "MOVE", to = "W1"),
            @Transition(from = "W", on = "NOP", action = "nothing"),
            @Transition(from = "DONE", on = "GO", to = "W"),
        })
abstract class GuardedDeferralSpec {

    enum S { IDLE, W, W1, W2, DONE }

    enum E { GO, E, READY, MOVE, NOP }

    @ExtendedState
    boolean ready;

    final List<String> log = new ArrayList<>();

    boolean ready() {
        return ready;
    }

    void becomeReady() {
        ready = true;
    }

    void handled() {
        log.add("E handled");
    }

    void nothing() {
        log.add("nop");
    }
}
