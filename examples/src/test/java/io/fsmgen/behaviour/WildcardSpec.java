package io.fsmgen.behaviour;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/** A "*" row is the fallback for every state; a state's own rows are tried first. */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        transitions = {
            @Transition(from = "*", on = "KICK", action = "kickedAnywhere", to = "BROKEN"),
            @Transition(from = "ON", on = "KICK", guard = "sturdy", action = "kickedOnButSturdy"),
            @Transition(from = "BROKEN", on = "KICK", action = "kickedBroken"),
            @Transition(from = "OFF", on = "FLIP", to = "ON"),
            @Transition(from = "BROKEN", on = "REPAIR", to = "OFF"),
        })
abstract class WildcardSpec extends Recorder {
    boolean sturdy;

    boolean sturdy() {
        return sturdy;
    }

    void kickedAnywhere() {
        record("anywhere");
    }

    void kickedOnButSturdy() {
        record("sturdy");
    }

    void kickedBroken() {
        record("broken");
    }
}
