package io.fsmgen;

/**
 * Thrown by {@code fire} when a guard, action or hook threw and the spec declares no error path (no
 * {@link StateMachine#errorState} and no {@link OnError} method). The machine is consistent when this is thrown:
 * {@link #failure()} says where it is, and {@link #getCause()} is what the spec method threw.
 */
public final class TransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TransitionFailure<?, ?> failure;

    public TransitionException(TransitionFailure<?, ?> failure) {
        super(failure.describe(), failure.cause());
        this.failure = failure;
    }

    /** Where the spec method threw, and where the machine is now. */
    public TransitionFailure<?, ?> failure() {
        return failure;
    }
}
