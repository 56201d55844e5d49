package io.fsmgen;

/** What a machine does with an event that no row handles in the current state. */
public enum Unhandled {
    /** {@code fire} returns false; listeners hear {@code unhandled}. */
    IGNORE,
    /** {@code fire} throws {@link IllegalStateException} naming the state and the event. */
    THROW
}
