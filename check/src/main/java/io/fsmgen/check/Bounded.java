package io.fsmgen.check;

import java.util.Optional;

/**
 * A component with a bound of the model, such as a channel's capacity, that a step can exceed without throwing: the
 * part records the overflow and carries on (a message that does not fit is dropped), the step completes normally,
 * and the explorer then discards the successor and counts it. Not throwing matters: the step may be inside a
 * machine's transition, and an exception there is the machine's failure, not the model's bound.
 */
public interface Bounded {

    /** What overflowed during the current step, if anything. */
    Optional<String> overflow();

    /** Forgets the overflow: called before every step. */
    void clearOverflow();
}
