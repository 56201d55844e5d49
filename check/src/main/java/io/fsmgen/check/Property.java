package io.fsmgen.check;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a closed system must satisfy. Each property has a name and the one sentence that states it, which reports and
 * the README print.
 */
public sealed interface Property {

    String name();

    /** The property in one sentence. */
    String sentence();

    /** Holds in every reachable state; checked after every step (a safety property). */
    record Invariant(String name, String sentence, BooleanSupplier holds) implements Property {
        public Invariant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sentence, "sentence");
            Objects.requireNonNull(holds, "holds");
        }
    }

    /**
     * Every fair run reaches a state where {@code goal} holds (a liveness property, under weak fairness of the fair
     * moves). Violated by a reachable state from which nothing moves the system and the goal does not hold, or by a
     * reachable cycle of non-goal states that a fair run can follow forever.
     */
    record Eventually(String name, String sentence, BooleanSupplier goal) implements Property {
        public Eventually {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sentence, "sentence");
            Objects.requireNonNull(goal, "goal");
        }
    }

    /**
     * No reachable state where no move changes anything, unless {@code endState} holds there (every machine is
     * where it may rest).
     */
    record DeadlockFreedom(String name, String sentence, BooleanSupplier endState) implements Property {
        public DeadlockFreedom {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sentence, "sentence");
            Objects.requireNonNull(endState, "endState");
        }
    }

    /**
     * P's responsiveness: an event that reaches a machine is handled by some row; an event that no row handles (the
     * machine's listeners hear {@code unhandled}, or {@code fire} throws under {@code Unhandled.THROW}) is a violation,
     * unless the system declared that this machine may drop it ({@link ClosedSystem.Builder#mayIgnore}).
     */
    record Responsiveness(String name, String sentence) implements Property {
        public Responsiveness {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sentence, "sentence");
        }
    }
}
