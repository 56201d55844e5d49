package io.fsmgen.check;

/**
 * Thrown by a move whose step would leave the model's bounds, when the move itself can tell before it changes
 * anything. The explorer discards that successor and counts it, so a report says how often the bounds cut the
 * exploration short. It carries no stack trace: it is not an error. A bound met inside a machine's transition (a
 * channel filled by an action) is better recorded by a {@link Bounded} part than thrown through the machine, whose
 * failure handling would take it for the action's failure; the explorer still recognises it as the cause of what
 * the machine throws.
 */
public final class OutOfBounds extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfBounds(String what) {
        super(what, null, false, false);
    }

    /** Whether {@code failure} is, or was caused by, an {@code OutOfBounds}. */
    static boolean isCause(Throwable failure) {
        for (Throwable at = failure; at != null; at = at.getCause()) {
            if (at instanceof OutOfBounds) {
                return true;
            }
        }
        return false;
    }
}
