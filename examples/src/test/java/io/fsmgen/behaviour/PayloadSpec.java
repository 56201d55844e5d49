package io.fsmgen.behaviour;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/** Guards and actions that take the payload or the event. */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        payload = Integer.class,
        transitions = {
            @Transition(from = "OFF", on = "FLIP", guard = "bright", action = {"keep", "seen"}, to = "ON"),
            @Transition(from = "OFF", on = "FLIP", action = "seen"),
            @Transition(from = "ON", on = "FLIP", action = "seen", to = "OFF"),
            @Transition(from = "*", on = "TICK", action = "seen"),
            @Transition(from = "*", on = "KICK", action = "chain"),
            @Transition(from = "BROKEN", on = "REPAIR", to = "OFF"),
            @Transition(from = "ON", on = "SELF", to = "BROKEN"),
        })
abstract class PayloadSpec extends Recorder {
    Integer kept;

    abstract boolean fire(Switch event, Integer payload);

    boolean bright(Integer lumens) {
        return lumens != null && lumens > 100;
    }

    void keep(Integer lumens) {
        kept = lumens;
    }

    void seen(Switch event) {
        record("saw " + event);
    }

    void chain(Integer depth) {
        record("chain " + depth);
        if (depth > 0) {
            fire(Switch.KICK, depth - 1);
        }
    }
}
