package io.fsmgen.check;

import java.util.List;
import java.util.Objects;

/**
 * A run of the closed system that breaks a property: moves taken from the initial state, by their index in
 * {@link ClosedSystem#moves()} and as they were described at the time. For an "eventually" property broken by a
 * cycle, the steps from {@link #cycleStart()} on repeat forever (a lasso); otherwise the run ends in the violating
 * state.
 *
 * @param violation what is wrong at the end: "the invariant no-reset fails: client CLOSED, server CLOSED",
 *     "nothing can move, and this is no end state: client FIN_WAIT_2, server LAST_ACK"
 * @param cycleStart index of the first step of the repeating part, or -1
 */
public record Counterexample(String property, Kind kind, List<Step> steps, int cycleStart, String violation) {

    /** How the property is broken. */
    public enum Kind {
        /** An invariant fails in the last state. */
        INVARIANT,
        /** Nothing moves in the last state, which is not an end state. */
        DEADLOCK,
        /** The last step delivered an event its machine handles nowhere. */
        UNRESPONSIVE,
        /** The last step threw: a machine or the model failed. */
        FAILURE,
        /** An "eventually" goal: nothing moves in the last state and the goal does not hold. */
        STUCK,
        /** An "eventually" goal: the steps from {@code cycleStart} repeat forever, fairly, never reaching it. */
        CYCLE
    }

    /** One move taken. */
    public record Step(int move, String description) {}

    public Counterexample {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(kind, "kind");
        steps = List.copyOf(steps);
        Objects.requireNonNull(violation, "violation");
    }

    /** The moves as numbered lines, the repeating part marked. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            if (i == cycleStart) {
                text.append("  -- from here on, forever --\n");
            }
            text.append(String.format("%4d  %s%n", i + 1, steps.get(i).description()));
        }
        return text.append("  => ").append(violation).append('\n').toString();
    }
}
