package io.fsmgen.examples.bench.hierarchy;

import io.fsmgen.Composite;
import io.fsmgen.History;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * The hierarchical benchmark machine: a washing machine of 20 states over three levels, whose events cross levels
 * (a step from the last leaf of one phase into the next phase, PAUSE and RESUME through deep history, POWER from
 * anywhere inside ON, FAULT from anywhere). Generated as {@code WasherMachine}; {@link HandFlattenedWasher} is the
 * same machine written by hand as one switch, and the JMH benchmark compares them with Spring Statemachine and
 * squirrel-foundation.
 *
 * <pre>
 * OFF, ERROR
 * ON (initial STANDBY)
 *   STANDBY, PAUSED
 *   RUNNING (deep history, initial WASH)
 *     WASH: FILL, AGITATE, DRAIN
 *     RINSE: RINSE_FILL, RINSE_AGITATE, RINSE_DRAIN
 *     SPIN: SPIN_SLOW, SPIN_FAST
 *   MAINTENANCE: DIAGNOSE, CALIBRATE
 * </pre>
 */
@StateMachine(
        name = "WasherMachine",
        states = WasherSpec.State.class,
        events = WasherSpec.Event.class,
        initial = "OFF",
        composites = {
            @Composite(state = "ON", children = {"STANDBY", "PAUSED", "RUNNING", "MAINTENANCE"}, initial = "STANDBY"),
            @Composite(state = "RUNNING", children = {"WASH", "RINSE", "SPIN"}, initial = "WASH",
                    history = History.DEEP),
            @Composite(state = "WASH", children = {"FILL", "AGITATE", "DRAIN"}, initial = "FILL"),
            @Composite(state = "RINSE", children = {"RINSE_FILL", "RINSE_AGITATE", "RINSE_DRAIN"},
                    initial = "RINSE_FILL"),
            @Composite(state = "SPIN", children = {"SPIN_SLOW", "SPIN_FAST"}, initial = "SPIN_SLOW"),
            @Composite(state = "MAINTENANCE", children = {"DIAGNOSE", "CALIBRATE"}, initial = "DIAGNOSE"),
        },
        transitions = {
            @Transition(from = "OFF", on = "POWER", to = "ON"),
            @Transition(from = "ON", on = "POWER", action = "count", to = "OFF"),
            @Transition(from = "STANDBY", on = "START", to = "RUNNING"),
            @Transition(from = "STANDBY", on = "SERVICE", to = "MAINTENANCE"),
            @Transition(from = "FILL", on = "NEXT", to = "AGITATE"),
            @Transition(from = "AGITATE", on = "NEXT", to = "DRAIN"),
            @Transition(from = "DRAIN", on = "NEXT", to = "RINSE"),
            @Transition(from = "RINSE_FILL", on = "NEXT", to = "RINSE_AGITATE"),
            @Transition(from = "RINSE_AGITATE", on = "NEXT", to = "RINSE_DRAIN"),
            @Transition(from = "RINSE_DRAIN", on = "NEXT", to = "SPIN"),
            @Transition(from = "SPIN_SLOW", on = "NEXT", to = "SPIN_FAST"),
            @Transition(from = "SPIN_FAST", on = "NEXT", action = "count", to = "STANDBY"),
            @Transition(from = "RUNNING", on = "TICK", action = "count"),
            @Transition(from = "RUNNING", on = "PAUSE", to = "PAUSED"),
            @Transition(from = "PAUSED", on = "RESUME", to = "RUNNING", history = true),
            @Transition(from = "DIAGNOSE", on = "NEXT", to = "CALIBRATE"),
            @Transition(from = "CALIBRATE", on = "NEXT", to = "STANDBY"),
            @Transition(from = "MAINTENANCE", on = "TICK", action = "count"),
            @Transition(from = "ERROR", on = "RESET", to = "OFF"),
            @Transition(from = "*", on = "FAULT", action = "count", to = "ERROR"),
        })
public abstract class WasherSpec {

    public enum State {
        OFF, ERROR, ON, STANDBY, PAUSED, RUNNING, WASH, FILL, AGITATE, DRAIN, RINSE, RINSE_FILL, RINSE_AGITATE,
        RINSE_DRAIN, SPIN, SPIN_SLOW, SPIN_FAST, MAINTENANCE, DIAGNOSE, CALIBRATE
    }

    public enum Event { POWER, START, SERVICE, NEXT, TICK, PAUSE, RESUME, FAULT, RESET }

    /** What actions and hooks do: count, so that neither implementation can skip them. */
    public long work;

    void count() { work++; }

    @OnEntry({"ON", "RUNNING", "WASH", "RINSE", "SPIN", "MAINTENANCE"}) void enterPhase() { work += 3; }

    @OnExit({"ON", "RUNNING", "WASH", "RINSE", "SPIN", "MAINTENANCE"}) void exitPhase() { work += 5; }

    @OnEntry({"FILL", "RINSE_FILL"}) void valveOpen() { work += 7; }

    @OnExit({"FILL", "RINSE_FILL"}) void valveClosed() { work += 11; }

    /** One wash life of 24 events from OFF back to OFF, every one handled, crossing levels in both directions. */
    public static final Event[] LIFE = {
        Event.POWER, Event.START, Event.NEXT, Event.TICK, Event.NEXT, Event.PAUSE, Event.RESUME, Event.NEXT,
        Event.NEXT, Event.NEXT, Event.TICK, Event.NEXT, Event.NEXT, Event.PAUSE, Event.RESUME, Event.NEXT,
        Event.SERVICE, Event.NEXT, Event.TICK, Event.NEXT, Event.START, Event.NEXT, Event.FAULT, Event.RESET,
    };
}
