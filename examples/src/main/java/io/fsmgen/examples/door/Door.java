package io.fsmgen.examples.door;

import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's first example: a motorised door. The table is the whole machine; the methods below are what its rows
 * and hooks call. fsmgen generates {@code DoorMachine extends Door} at build time.
 */
@StateMachine(
        states = Door.State.class,
        events = Door.Event.class,
        initial = "CLOSED",
        name = "DoorMachine",
        unhandled = Unhandled.IGNORE,
        transitions = {
            @Transition(from = "CLOSED", on = "OPEN", guard = "!locked", action = "motorUp", to = "OPENED"),
            @Transition(from = "OPENED", on = "CLOSE", action = {"beep", "motorDown"}, to = "CLOSED"),
            @Transition(from = "*", on = "RESET", to = "CLOSED"),
            @Transition(from = "OPENED", on = "TICK", action = "count"),
            @Transition(from = "CLOSED", on = "LOCK", action = "lock"),
            @Transition(from = "CLOSED", on = "UNLOCK", action = "unlock"),
        })
public abstract class Door {

    /** The door's states. */
    public enum State {
        CLOSED,
        OPENED
    }

    /** What can happen to the door. */
    public enum Event {
        OPEN,
        CLOSE,
        LOCK,
        UNLOCK,
        TICK,
        RESET
    }

    private final List<String> log = new ArrayList<>();
    private boolean locked;
    private int ticks;

    /** Everything the door did, in order, for tests and the demo. */
    public List<String> log() {
        return List.copyOf(log);
    }

    public int ticks() {
        return ticks;
    }

    boolean locked() {
        return locked;
    }

    void lock() {
        locked = true;
    }

    void unlock() {
        locked = false;
    }

    void motorUp() {
        log.add("motor up");
    }

    void motorDown() {
        log.add("motor down");
    }

    void beep() {
        log.add("beep");
    }

    void count() {
        ticks++;
    }

    @OnEntry("OPENED")
    void lightOn() {
        log.add("light on");
    }

    @OnExit("OPENED")
    void lightOff() {
        log.add("light off");
    }
}
