package io.fsmgen.behaviour;

import io.fsmgen.ExtendedState;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * A machine with extended state of several kinds and a timeout, for the snapshot tests: a light that counts its
 * flips (0 to 5), remembers a colour and a dimmer level, and breaks if left ON for a minute.
 */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        transitions = {
            @Transition(from = "OFF", on = "FLIP", guard = "!worn", action = "count", to = "ON"),
            @Transition(from = "ON", on = "FLIP", action = "count", to = "OFF"),
            @Transition(from = "ON", on = {"TIMEOUT", "KICK"}, to = "BROKEN"),
            @Transition(from = "ON", on = "TICK", action = "dim"),
            @Transition(from = "ON", on = "CHAIN", action = "snapshotInside"),
            @Transition(from = "BROKEN", on = "REPAIR", action = "repaint", to = "OFF"),
        })
abstract class CapturedSpec {

    enum Colour { WHITE, AMBER, RED, BLUE }

    @ExtendedState(min = 0, max = 5)
    int flips;
    @ExtendedState
    Colour colour = Colour.WHITE;
    @ExtendedState
    double level = 1.0;
    @ExtendedState(min = -1, max = 1)
    long drift;

    private final Scheduler scheduler;

    CapturedSpec(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    abstract io.fsmgen.Snapshot snapshot();

    Scheduler scheduler() {
        return scheduler;
    }

    @Timeout(state = "ON", fire = "TIMEOUT")
    Duration burnOut() {
        return Duration.ofMinutes(1);
    }

    boolean worn() {
        return flips >= 5;
    }

    void count() {
        flips++;
    }

    void dim() {
        level /= 2;
    }

    void repaint() {
        colour = Colour.values()[(colour.ordinal() + 1) % Colour.values().length];
    }

    void snapshotInside() {
        snapshot();
    }
}
