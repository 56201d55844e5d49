package io.fsmgen.examples.bench.jmh;

import io.fsmgen.examples.bench.hierarchy.WasherSpec.Event;
import io.fsmgen.examples.bench.hierarchy.WasherSpec.State;
import org.squirrelframework.foundation.fsm.HistoryType;
import org.squirrelframework.foundation.fsm.StateMachineBuilder;
import org.squirrelframework.foundation.fsm.StateMachineBuilderFactory;
import org.squirrelframework.foundation.fsm.impl.AbstractStateMachine;

/**
 * {@code WasherSpec} for squirrel-foundation 0.3.10, which also supports hierarchy: sequential states per composite
 * (the first child is the initial one), RUNNING with deep history, hooks and actions as method names that squirrel
 * calls by reflection. Squirrel resumes a composite's history on every entry, so START targets WASH (which enters
 * RUNNING, WASH and FILL, as fsmgen's default entry of RUNNING does) and RESUME targets RUNNING.
 */
public class SquirrelWasher extends AbstractStateMachine<SquirrelWasher, State, Event, Object> {

    public long work;

    static StateMachineBuilder<SquirrelWasher, State, Event, Object> builder() {
        StateMachineBuilder<SquirrelWasher, State, Event, Object> b =
                StateMachineBuilderFactory.create(SquirrelWasher.class, State.class, Event.class, Object.class);
        b.defineSequentialStatesOn(State.ON, State.STANDBY, State.PAUSED, State.RUNNING, State.MAINTENANCE);
        b.defineSequentialStatesOn(State.RUNNING, HistoryType.DEEP, State.WASH, State.RINSE, State.SPIN);
        b.defineSequentialStatesOn(State.WASH, State.FILL, State.AGITATE, State.DRAIN);
        b.defineSequentialStatesOn(State.RINSE, State.RINSE_FILL, State.RINSE_AGITATE, State.RINSE_DRAIN);
        b.defineSequentialStatesOn(State.SPIN, State.SPIN_SLOW, State.SPIN_FAST);
        b.defineSequentialStatesOn(State.MAINTENANCE, State.DIAGNOSE, State.CALIBRATE);
        for (State phase : new State[] {State.ON, State.RUNNING, State.WASH, State.RINSE, State.SPIN,
            State.MAINTENANCE}) {
            b.onEntry(phase).callMethod("enterPhase");
            b.onExit(phase).callMethod("exitPhase");
        }
        for (State fill : new State[] {State.FILL, State.RINSE_FILL}) {
            b.onEntry(fill).callMethod("valveOpen");
            b.onExit(fill).callMethod("valveClosed");
        }
        b.externalTransition().from(State.OFF).to(State.ON).on(Event.POWER);
        b.externalTransition().from(State.ON).to(State.OFF).on(Event.POWER).callMethod("count");
        b.externalTransition().from(State.STANDBY).to(State.WASH).on(Event.START);
        b.externalTransition().from(State.STANDBY).to(State.MAINTENANCE).on(Event.SERVICE);
        b.externalTransition().from(State.FILL).to(State.AGITATE).on(Event.NEXT);
        b.externalTransition().from(State.AGITATE).to(State.DRAIN).on(Event.NEXT);
        b.externalTransition().from(State.DRAIN).to(State.RINSE).on(Event.NEXT);
        b.externalTransition().from(State.RINSE_FILL).to(State.RINSE_AGITATE).on(Event.NEXT);
        b.externalTransition().from(State.RINSE_AGITATE).to(State.RINSE_DRAIN).on(Event.NEXT);
        b.externalTransition().from(State.RINSE_DRAIN).to(State.SPIN).on(Event.NEXT);
        b.externalTransition().from(State.SPIN_SLOW).to(State.SPIN_FAST).on(Event.NEXT);
        b.externalTransition().from(State.SPIN_FAST).to(State.STANDBY).on(Event.NEXT).callMethod("count");
        b.internalTransition().within(State.RUNNING).on(Event.TICK).callMethod("count");
        b.externalTransition().from(State.RUNNING).to(State.PAUSED).on(Event.PAUSE);
        b.externalTransition().from(State.PAUSED).to(State.RUNNING).on(Event.RESUME);
        b.externalTransition().from(State.DIAGNOSE).to(State.CALIBRATE).on(Event.NEXT);
        b.externalTransition().from(State.CALIBRATE).to(State.STANDBY).on(Event.NEXT);
        b.internalTransition().within(State.MAINTENANCE).on(Event.TICK).callMethod("count");
        b.externalTransition().from(State.ERROR).to(State.OFF).on(Event.RESET);
        for (State top : new State[] {State.OFF, State.ERROR, State.ON}) {
            b.externalTransition().from(top).to(State.ERROR).on(Event.FAULT).callMethod("count");
        }
        return b;
    }

    protected void count(State from, State to, Event event, Object context) { work++; }

    protected void enterPhase(State from, State to, Event event, Object context) { work += 3; }

    protected void exitPhase(State from, State to, Event event, Object context) { work += 5; }

    protected void valveOpen(State from, State to, Event event, Object context) { work += 7; }

    protected void valveClosed(State from, State to, Event event, Object context) { work += 11; }
}
