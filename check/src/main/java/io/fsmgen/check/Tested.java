package io.fsmgen.check;

import java.util.function.BooleanSupplier;

/**
 * What one of a property's tests said in one state. The test is the model's own code: one that throws does not hold,
 * and what it threw is kept, so that the counterexample shows the failure instead of the explorer dying of it.
 *
 * @param holds   whether the test returned true
 * @param failure what the test threw, or null when it returned
 */
record Tested(boolean holds, String failure) {

    static Tested of(BooleanSupplier test) {
        try {
            return new Tested(test.getAsBoolean(), null);
        } catch (RuntimeException | AssertionError | StackOverflowError failure) {
            return new Tested(false, failure.toString());
        }
    }

    /**
     * Why the test did not hold: {@code says} when it returned false, otherwise "{@code what} threw ...", where
     * {@code what} names the test, or is empty when the sentence names it already.
     */
    String why(String says, String what) {
        return failure == null ? says : (what.isEmpty() ? "" : what + " ") + "threw " + failure;
    }
}
