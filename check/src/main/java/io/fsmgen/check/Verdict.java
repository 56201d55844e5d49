package io.fsmgen.check;

import java.util.Objects;
import java.util.Optional;

/**
 * One property's outcome.
 *
 * @param counterexample present when violated: a shortest run to the violation (breadth-first). For an "eventually"
 *     property, once the search is complete, a run along which the goal never holds with the shortest prefix, the
 *     steps to a state where nothing moves or to the first state of a fair cycle; at equal prefix lengths a state
 *     where nothing moves is shown; the cycle is fair, not necessarily the shortest. When the search stopped early,
 *     or the fairness analysis that weighs the two kinds could not finish (memory, or the model's goal or pending
 *     test threw), the shortest goal-free run on the search's own paths to a state where nothing moves.
 * @param unknownBecause present when unknown: why the explorer could not decide (the bound the search stopped at, or
 *     the run an "eventually" property's analysis followed out of the model's bounds)
 */
public record Verdict(Property property, Status status, Optional<Counterexample> counterexample,
        Optional<String> unknownBecause) {

    /** Whether the property holds. */
    public enum Status {
        /** Holds in the whole state space explored, which was explored completely. */
        HOLDS,
        /** A counterexample was found. */
        VIOLATED,
        /**
         * No violation found, but the exploration stopped at a bound before it was complete, or, for an "eventually"
         * property, a fair run that avoids the goal goes on beyond the model's bounds.
         */
        UNKNOWN
    }

    public Verdict {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counterexample, "counterexample");
        Objects.requireNonNull(unknownBecause, "unknownBecause");
    }

    public Verdict(Property property, Status status, Optional<Counterexample> counterexample) {
        this(property, status, counterexample, Optional.empty());
    }

    public boolean holds() {
        return status == Status.HOLDS;
    }
}
