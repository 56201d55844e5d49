package io.fsmgen.check;

/**
 * Thrown by a move whose step would leave the model's bounds, such as a send into a full channel. The explorer
 * discards that successor and counts it, so a report says how often the bounds cut the exploration short. It carries
 * no stack trace: it is thrown on the explorer's hot path and is not an error.
 */
public final class OutOfBounds extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfBounds(String what) {
        super(what, null, false, false);
    }
}
