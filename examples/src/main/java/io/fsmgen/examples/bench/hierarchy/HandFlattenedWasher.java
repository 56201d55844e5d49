package io.fsmgen.examples.bench.hierarchy;

import io.fsmgen.examples.bench.hierarchy.WasherSpec.Event;
import io.fsmgen.examples.bench.hierarchy.WasherSpec.State;

/**
 * {@link WasherSpec}'s machine flattened by hand into one switch on the active leaf and the event, as one would write
 * it without a generator: every (leaf, event) case runs its exits, its action and its entries inline, and RUNNING's
 * deep history is one field. It has no listeners, no run-to-completion queue and no unhandled-event policy beyond
 * ignoring: the practical lower bound for the generated machine. {@code HandFlattenedWasherTest} checks it against the
 * generated machine event by event.
 */
public final class HandFlattenedWasher {

    private static final int ENTER_PHASE = 3;
    private static final int EXIT_PHASE = 5;
    private static final int VALVE_OPEN = 7;
    private static final int VALVE_CLOSED = 11;

    private State state = State.OFF;
    /** The leaf RUNNING had when it was last left; null before. */
    private State runningHistory;
    public long work;

    public State state() {
        return state;
    }

    public boolean fire(Event event) {
        switch (state) {
            case OFF:
                switch (event) {
                    case POWER: work += ENTER_PHASE; state = State.STANDBY; return true;
                    case FAULT: work++; state = State.ERROR; return true;
                    default: return false;
                }
            case ERROR:
                switch (event) {
                    case RESET: state = State.OFF; return true;
                    case FAULT: work++; state = State.ERROR; return true;
                    default: return false;
                }
            case STANDBY:
                switch (event) {
                    case START: work += ENTER_PHASE + ENTER_PHASE + VALVE_OPEN; state = State.FILL; return true;
                    case SERVICE: work += ENTER_PHASE; state = State.DIAGNOSE; return true;
                    case POWER: work += EXIT_PHASE + 1; state = State.OFF; return true;
                    case FAULT: work += EXIT_PHASE + 1; state = State.ERROR; return true;
                    default: return false;
                }
            case PAUSED:
                switch (event) {
                    case RESUME: resumeRunning(); return true;
                    case POWER: work += EXIT_PHASE + 1; state = State.OFF; return true;
                    case FAULT: work += EXIT_PHASE + 1; state = State.ERROR; return true;
                    default: return false;
                }
            case FILL:
                switch (event) {
                    case NEXT: work += VALVE_CLOSED; state = State.AGITATE; return true;
                    default: return running(event, VALVE_CLOSED);
                }
            case AGITATE:
                switch (event) {
                    case NEXT: state = State.DRAIN; return true;
                    default: return running(event, 0);
                }
            case DRAIN:
                switch (event) {
                    case NEXT: work += EXIT_PHASE + ENTER_PHASE + VALVE_OPEN; state = State.RINSE_FILL; return true;
                    default: return running(event, 0);
                }
            case RINSE_FILL:
                switch (event) {
                    case NEXT: work += VALVE_CLOSED; state = State.RINSE_AGITATE; return true;
                    default: return running(event, VALVE_CLOSED);
                }
            case RINSE_AGITATE:
                switch (event) {
                    case NEXT: state = State.RINSE_DRAIN; return true;
                    default: return running(event, 0);
                }
            case RINSE_DRAIN:
                switch (event) {
                    case NEXT: work += EXIT_PHASE + ENTER_PHASE; state = State.SPIN_SLOW; return true;
                    default: return running(event, 0);
                }
            case SPIN_SLOW:
                switch (event) {
                    case NEXT: state = State.SPIN_FAST; return true;
                    default: return running(event, 0);
                }
            case SPIN_FAST:
                switch (event) {
                    case NEXT:
                        runningHistory = State.SPIN_FAST;
                        work += EXIT_PHASE + EXIT_PHASE + 1;
                        state = State.STANDBY;
                        return true;
                    default: return running(event, 0);
                }
            case DIAGNOSE:
                switch (event) {
                    case NEXT: state = State.CALIBRATE; return true;
                    default: return maintenance(event);
                }
            case CALIBRATE:
                switch (event) {
                    case NEXT: work += EXIT_PHASE; state = State.STANDBY; return true;
                    default: return maintenance(event);
                }
            default:
                throw new AssertionError(state);
        }
    }

    /** RUNNING's own rows and those further out, for a leaf inside a phase; {@code leafExit} is the leaf's exit work. */
    private boolean running(Event event, int leafExit) {
        switch (event) {
            case TICK:
                work++;
                return true;
            case PAUSE:
                runningHistory = state;
                work += leafExit + EXIT_PHASE + EXIT_PHASE;
                state = State.PAUSED;
                return true;
            case POWER:
                runningHistory = state;
                work += leafExit + EXIT_PHASE + EXIT_PHASE + EXIT_PHASE + 1;
                state = State.OFF;
                return true;
            case FAULT:
                runningHistory = state;
                work += leafExit + EXIT_PHASE + EXIT_PHASE + EXIT_PHASE + 1;
                state = State.ERROR;
                return true;
            default:
                return false;
        }
    }

    private boolean maintenance(Event event) {
        switch (event) {
            case TICK: work++; return true;
            case POWER: work += EXIT_PHASE + EXIT_PHASE + 1; state = State.OFF; return true;
            case FAULT: work += EXIT_PHASE + EXIT_PHASE + 1; state = State.ERROR; return true;
            default: return false;
        }
    }

    /** RUNNING entered through its deep history: RUNNING, the remembered leaf's phase, the leaf. */
    private void resumeRunning() {
        State leaf = runningHistory == null ? State.FILL : runningHistory;
        work += ENTER_PHASE + ENTER_PHASE;
        if (leaf == State.FILL || leaf == State.RINSE_FILL) {
            work += VALVE_OPEN;
        }
        state = leaf;
    }
}
