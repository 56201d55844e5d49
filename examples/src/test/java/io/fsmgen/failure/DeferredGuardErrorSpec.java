package io.fsmgen.failure;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * W1 defers E and F; W2 handles both, E behind a guard that may throw an {@code Error} (a broken invariant). When it
 * throws while E is offered again after W1 → W2, the Error propagates, E leaves the ring as a failed event does, and F
 * stays due: it runs before the next event.
 */
@StateMachine(
        states = DeferredGuardErrorSpec.S.class,
        events = DeferredGuardErrorSpec.E.class,
        initial = "W",
        composites = @Composite(state = "W", children = {"W1", "W2"}, initial = "W1"),
        deferrals = @Defer(state = "W1", events = {"E", "F"}),
        transitions = {
            @Transition(from = "W1", on = "MOVE", to = "W2"),
            @Transition(from = "W2", on = "E", guard = "invariantHolds", action = "handleE"),
            @Transition(from = "W2", on = "F", action = "handleF"),
            @Transition(from = "W2", on = "NOP", action = "nothing"),
        })
abstract class DeferredGuardErrorSpec {

    enum S { W, W1, W2 }

    enum E { E, F, MOVE, NOP }

    final List<String> log = new ArrayList<>();
    boolean breakInvariant;

    boolean invariantHolds() {
        if (breakInvariant) {
            breakInvariant = false;
            throw new AssertionError("invariant broken");
        }
        return true;
    }

    void handleE() {
        log.add("E");
    }

    void handleF() {
        log.add("F");
    }

    void nothing() {
        log.add("nop");
    }
}
