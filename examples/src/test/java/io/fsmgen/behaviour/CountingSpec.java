package io.fsmgen.behaviour;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/** A machine whose guards and actions allocate nothing, so that any allocation measured is the machine's own. */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        transitions = {
            @Transition(from = "OFF", on = "FLIP", guard = "!jammed", action = "count", to = "ON"),
            @Transition(from = "ON", on = "FLIP", action = "count", to = "OFF"),
            @Transition(from = "ON", on = "TICK", action = "count"),
            @Transition(from = "ON", on = "KICK", action = "queueTick"),
            @Transition(from = "*", on = "SELF", to = "BROKEN"),
            @Transition(from = "BROKEN", on = "REPAIR", to = "OFF"),
        })
abstract class CountingSpec {
    long count;
    boolean jammed;

    abstract boolean fire(Switch event);

    boolean jammed() {
        return jammed;
    }

    void count() {
        count++;
    }

    void queueTick() {
        fire(Switch.TICK);
    }
}
