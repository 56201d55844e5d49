package io.fsmgen.web.inspect;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/** A small machine for the inspector's tests: a lamp that can break, and ignores what it cannot do. */
@StateMachine(
        states = Lamp.State.class,
        events = Lamp.Event.class,
        initial = "OFF",
        name = "LampMachine",
        transitions = {
            @Transition(from = "OFF", on = "PRESS", to = "ON"),
            @Transition(from = "ON", on = "PRESS", to = "OFF"),
            @Transition(from = {"OFF", "ON"}, on = "BREAK", to = "BROKEN"),
            @Transition(from = "BROKEN", on = "REPAIR", to = "OFF"),
        })
public abstract class Lamp {

    /** The lamp's states. */
    public enum State {
        OFF,
        ON,
        BROKEN
    }

    /** What can happen to it. */
    public enum Event {
        PRESS,
        BREAK,
        REPAIR
    }
}
