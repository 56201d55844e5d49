package io.fsmgen.check;

import java.util.Objects;
import java.util.Optional;

/**
 * One property's outcome.
 *
 * @param counterexample present when violated: a shortest run to the violation (breadth-first)
 */
public record Verdict(Property property, Status status, Optional<Counterexample> counterexample) {

    /** Whether the property holds. */
    public enum Status {
        /** Holds in the whole state space explored, which was explored completely. */
        HOLDS,
        /** A counterexample was found. */
        VIOLATED,
        /** No violation found, but the exploration stopped at a bound before it was complete. */
        UNKNOWN
    }

    public Verdict {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counterexample, "counterexample");
    }

    public boolean holds() {
        return status == Status.HOLDS;
    }
}
