package io.fsmgen.web.inspect;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.History;
import io.fsmgen.OnError;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * A hierarchical machine for the inspector's tests: composites two deep, shallow history, a deferred event, a local
 * transition, rows declared on a composite for all its children (one of them re-entering it), an internal row, and an
 * action that throws.
 */
@StateMachine(
        states = Player.State.class,
        events = Player.Event.class,
        initial = "OFF",
        name = "PlayerMachine",
        composites = {
            @Composite(state = "ON", children = {"IDLE", "SESSION"}, initial = "IDLE", history = History.SHALLOW),
            @Composite(state = "SESSION", children = {"BUFFERING", "PLAYING", "PAUSED"}, initial = "BUFFERING"),
        },
        deferrals = @Defer(state = "BUFFERING", events = "PAUSE"),
        transitions = {
            @Transition(from = "OFF", on = "POWER", to = "ON", history = true),
            @Transition(from = "ON", on = "POWER", to = "OFF"),
            @Transition(from = "IDLE", on = "LOAD", to = "SESSION"),
            @Transition(from = "SESSION", on = "LOAD", to = "SESSION"),
            @Transition(from = "BUFFERING", on = "BUFFERED", to = "PLAYING"),
            @Transition(from = "PLAYING", on = "PAUSE", to = "PAUSED"),
            @Transition(from = "PAUSED", on = "PLAY", to = "PLAYING"),
            @Transition(from = "SESSION", on = "SEEK", to = "BUFFERING", kind = Transition.Kind.LOCAL),
            @Transition(from = "SESSION", on = "STOP", to = "IDLE"),
            @Transition(from = "SESSION", on = "VOLUME", action = "volume"),
            @Transition(from = "PLAYING", on = "EJECT", action = "eject", to = "IDLE"),
        })
public abstract class Player {

    /** The player's states: ON and SESSION are composites. */
    public enum State {
        OFF,
        ON,
        IDLE,
        SESSION,
        BUFFERING,
        PLAYING,
        PAUSED
    }

    /** What the user and the stream do. */
    public enum Event {
        POWER,
        LOAD,
        BUFFERED,
        PLAY,
        PAUSE,
        SEEK,
        STOP,
        VOLUME,
        EJECT
    }

    void volume() {}

    /** The tray is stuck: a failure the inspector logs. */
    void eject() {
        throw new IllegalStateException("the tray is stuck");
    }

    /** Handles failures, so that fire returns false rather than throwing; the machine stays where it was. */
    @OnError
    void recover() {}
}
