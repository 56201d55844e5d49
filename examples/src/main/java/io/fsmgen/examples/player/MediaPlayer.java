package io.fsmgen.examples.player;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.History;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A media player, where nesting earns its place: the generated {@code MediaPlayerMachine}.
 *
 * <ul>
 *   <li>{@code ON} holds everything the player does while powered: one row leaves it on POWER whatever the player is
 *       doing, and its sleep timer runs while any state inside it is active. Powered on again, it resumes what it was
 *       doing (shallow history: a session, or idle).
 *   <li>{@code SESSION} is one loaded title: STOP or the end of the title close it from any of its three states, a
 *       volume change is handled in all three without leaving them (an internal row), and a new LOAD re-enters it
 *       (a composite self-transition: closed, opened, buffering again).
 *   <li>While {@code BUFFERING}, PAUSE and SEEK are deferred: a user who pauses during buffering gets a paused player
 *       once the data is there, and a seek waits for the buffer, in the order they were pressed.
 *   <li>SEEK is a local transition of SESSION: it goes back to BUFFERING without closing the title.
 * </ul>
 *
 * Without composites the same machine needs the POWER, STOP, ENDED, VOLUME and FAULT rows repeated in every state
 * and the sleep timer re-armed by hand on every transition inside ON.
 */
@StateMachine(
        name = "MediaPlayerMachine",
        states = MediaPlayer.State.class,
        events = MediaPlayer.Event.class,
        initial = "OFF",
        payload = Integer.class,
        composites = {
            @Composite(state = "ON", children = {"IDLE", "SESSION"}, initial = "IDLE", history = History.SHALLOW),
            @Composite(state = "SESSION", children = {"BUFFERING", "PLAYING", "PAUSED"}, initial = "BUFFERING"),
        },
        deferrals = @Defer(state = "BUFFERING", events = {"PAUSE", "SEEK"}),
        transitions = {
            @Transition(from = "OFF", on = "POWER", to = "ON", history = true),
            @Transition(from = "ON", on = "POWER", action = "bookmark", to = "OFF"),
            @Transition(from = "IDLE", on = "LOAD", action = "open", to = "SESSION"),
            @Transition(from = "SESSION", on = "LOAD", action = "open", to = "SESSION"),
            @Transition(from = "BUFFERING", on = "BUFFERED", to = "PLAYING"),
            @Transition(from = "PLAYING", on = "STALL", to = "BUFFERING"),
            @Transition(from = "PLAYING", on = "PAUSE", to = "PAUSED"),
            @Transition(from = "PAUSED", on = {"PLAY", "PAUSE"}, to = "PLAYING"),
            @Transition(from = "SESSION", on = "SEEK", action = "seek", to = "BUFFERING",
                    kind = Transition.Kind.LOCAL),
            @Transition(from = "SESSION", on = {"STOP", "ENDED"}, to = "IDLE"),
            @Transition(from = "SESSION", on = "VOLUME", action = "volume"),
            @Transition(from = "*", on = "FAULT", action = "report", to = "OFF"),
        })
public abstract class MediaPlayer {

    public enum State { OFF, ON, IDLE, SESSION, BUFFERING, PLAYING, PAUSED }

    public enum Event { POWER, LOAD, BUFFERED, STALL, PLAY, PAUSE, SEEK, STOP, ENDED, VOLUME, FAULT }

    private final Consumer<String> effects;
    private final Scheduler scheduler;
    private final Duration sleepAfter;
    private final Duration pauseLimit;

    /**
     * @param effects what the player does, as text ("open", "decoder on", "seek 90", ...)
     * @param sleepAfter how long the player stays on before it powers itself off
     * @param pauseLimit how long a pause may last before the title is closed
     */
    protected MediaPlayer(Consumer<String> effects, Scheduler scheduler, Duration sleepAfter, Duration pauseLimit) {
        this.effects = Objects.requireNonNull(effects, "effects");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sleepAfter = Objects.requireNonNull(sleepAfter, "sleepAfter");
        this.pauseLimit = Objects.requireNonNull(pauseLimit, "pauseLimit");
    }

    Scheduler scheduler() {
        return scheduler;
    }

    @Timeout(state = "ON", fire = "POWER")
    Duration sleepTimer() {
        return sleepAfter;
    }

    @Timeout(state = "PAUSED", fire = "STOP")
    Duration pauseTimer() {
        return pauseLimit;
    }

    void open() { effects.accept("open"); }

    void seek(Integer seconds) { effects.accept("seek " + seconds); }

    void volume(Integer percent) { effects.accept("volume " + percent); }

    void bookmark() { effects.accept("bookmark"); }

    void report() { effects.accept("fault reported"); }

    @OnEntry("ON") void screenOn() { effects.accept("screen on"); }

    @OnExit("ON") void screenOff() { effects.accept("screen off"); }

    @OnEntry("SESSION") void decoderOn() { effects.accept("decoder on"); }

    @OnExit("SESSION") void decoderOff() { effects.accept("decoder off"); }

    @OnEntry("BUFFERING") void spinnerOn() { effects.accept("spinner on"); }

    @OnExit("BUFFERING") void spinnerOff() { effects.accept("spinner off"); }

    @OnEntry("PLAYING") void audioOn() { effects.accept("audio on"); }

    @OnExit("PLAYING") void audioOff() { effects.accept("audio off"); }
}
