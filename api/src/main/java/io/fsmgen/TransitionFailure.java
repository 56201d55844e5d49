package io.fsmgen;

import java.util.Objects;

/**
 * What happened when a spec method threw while a machine processed an event: where it threw, and where the machine
 * is now. Handed to {@link OnError} methods and {@link TransitionListener#failed listeners}, and carried by the
 * {@link TransitionException} that {@code fire} throws when the spec declares no error path.
 *
 * <p>Where the machine is after a failure depends only on the phase:
 * <ul>
 *   <li>{@link Phase#GUARD}, {@link Phase#EXIT}, {@link Phase#ACTION}: the transition is abandoned. The machine stays
 *       in {@link #from}, whose timeouts keep running (they are cancelled only once the transition's actions have
 *       completed). Exit actions and actions that ran before the failure are not undone.</li>
 *   <li>{@link Phase#ENTRY}: the machine is in the target state, whose timeouts are armed (before its entry actions
 *       run); the entry actions after the failing one are skipped.</li>
 * </ul>
 * With {@code errorState} declared, the machine then moves to that state (see {@link StateMachine#errorState}) and
 * {@link #state} is the error state.
 *
 * @param machine the generated class's simple name
 * @param from the state the machine was in when the event arrived
 * @param event the event being processed; null while the initial state is entered by the constructor
 * @param state the state the machine is in now, after any error path
 * @param phase the kind of spec method that threw
 * @param method the name of the spec method that threw
 * @param cause what it threw
 */
public record TransitionFailure<S extends Enum<S>, E extends Enum<E>>(
        String machine, S from, E event, S state, Phase phase, String method, Throwable cause) {

    public TransitionFailure {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(cause, "cause");
    }

    /** The kinds of spec method a machine calls while it processes an event, in the order it calls them. */
    public enum Phase {
        /** A guard of a row: nothing had been done for the event yet. */
        GUARD("guard"),
        /** An exit action of the source state ({@link OnExit}). */
        EXIT("exit action"),
        /** A transition action of the row. */
        ACTION("action"),
        /** An entry action of the target state ({@link OnEntry}), or the duration of one of its {@link Timeout}s. */
        ENTRY("entry action");

        private final String noun;

        Phase(String noun) {
            this.noun = noun;
        }

        /** "exit action": how messages name the phase. */
        public String noun() {
            return noun;
        }
    }

    /** One line for logs and exception messages. */
    public String describe() {
        StringBuilder text = new StringBuilder(machine).append(": ").append(phase.noun()).append(' ').append(method)
                .append(" threw ").append(cause);
        if (event == null) {
            text.append(" while entering the initial state ").append(from);
        } else {
            text.append(" on ").append(event).append(" in ").append(from);
        }
        return text.append("; the machine is in ").append(state).toString();
    }
}
