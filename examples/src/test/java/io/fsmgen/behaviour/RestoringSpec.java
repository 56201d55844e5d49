package io.fsmgen.behaviour;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/** A spec whose action misbehaves: it queues an event, then restores the machine mid-transition. */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        transitions = {
            @Transition(from = "OFF", on = "FLIP", action = "queueThenRestore", to = "ON"),
            @Transition(from = "*", on = "TICK", action = "tick"),
            @Transition(from = {"ON", "BROKEN"}, on = "REPAIR", to = "OFF"),
            @Transition(from = "ON", on = "KICK", to = "BROKEN"),
        })
abstract class RestoringSpec {
    int ticks;

    abstract boolean fire(Switch event);

    abstract void restore(Light state);

    void queueThenRestore() {
        fire(Switch.TICK);
        restore(Light.BROKEN);
    }

    void tick() {
        ticks++;
    }
}
