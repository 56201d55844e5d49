package io.fsmgen;

/**
 * What a machine does when an event is to be deferred but {@link StateMachine#deferLimit()} events already wait.
 * The queue is a fixed ring allocated with the machine, so it never grows.
 */
public enum DeferOverflow {
    /** {@code fire} throws {@link IllegalStateException} naming the state, the event and the limit; nothing is lost. */
    THROW,
    /** The new event is treated as unhandled: the machine's {@link Unhandled} policy applies to it. */
    REJECT,
    /** The oldest deferred event is dropped (listeners hear it as {@code unhandled}) to make room for the new one. */
    DROP_OLDEST
}
