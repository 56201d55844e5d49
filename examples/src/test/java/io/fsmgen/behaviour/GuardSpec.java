package io.fsmgen.behaviour;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/** Rows for one (state, event) tried in order: a guard, a negated guard, then the fallback. */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        finalStates = "BROKEN",
        transitions = {
            @Transition(from = "OFF", on = "FLIP", guard = "first", action = "tookFirst", to = "ON"),
            @Transition(from = "OFF", on = "FLIP", guard = "!second", action = "tookSecond", to = "BROKEN"),
            @Transition(from = "OFF", on = "FLIP", action = "tookFallback"),
            @Transition(from = {"ON", "BROKEN"}, on = "REPAIR", to = "OFF"),
            @Transition(from = "ON", on = "TICK", guard = "first"),
        })
abstract class GuardSpec extends Recorder {
    boolean first;
    boolean second;
    int firstCalls;
    int secondCalls;

    boolean first() {
        firstCalls++;
        return first;
    }

    boolean second() {
        secondCalls++;
        return second;
    }

    void tookFirst() {
        record("first");
    }

    void tookSecond() {
        record("second");
    }

    void tookFallback() {
        record("fallback");
    }
}
