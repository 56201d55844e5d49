package io.fsmgen;

/**
 * A generated machine whose whole state can be captured and put back: its current state, the timeouts armed, and
 * the spec's {@link ExtendedState} fields. The run-to-completion queue is always empty between calls to
 * {@code fire} (every event queued by a transition runs before {@code fire} returns), and these methods are rejected
 * while an event is being processed, so the queue needs no room in the encoding.
 *
 * <p>Two forms of the same encoding:
 * <ul>
 *   <li>{@link #snapshot()} and {@link #restore(Snapshot)} for persistence: a small value, a few longs, that names the
 *       machine and the layout it was taken with, validated on restore;
 *   <li>{@link #encode} and {@link #decode} for tools that capture millions of states (the explorer of
 *       {@code fsmgen-check}): they append to and read from a reusable {@link StateBits} and allocate nothing.
 * </ul>
 *
 * <p>The encoding, in order (each generated machine documents its own layout on {@code encode}):
 * <ol>
 *   <li>the current state's ordinal, in as many bits as the state enum needs ({@code ceil(log2(states))});
 *   <li>one bit per {@link Timeout} method, in declaration order: whether it is armed. A restored timeout is armed
 *       afresh, with its full duration: a snapshot keeps whether a timer runs, not how long it has left;
 *   <li>each {@link ExtendedState} field, the topmost superclass's first, then in declaration order:
 *       {@code boolean} in 1 bit; an integral type as {@code value - min} in the bits {@code max - min} needs;
 *       {@code float} and {@code double} as their raw IEEE bits (32, 64); an enum as {@code ordinal + 1}, 0 for null,
 *       in the bits {@code constants + 1} needs.
 * </ol>
 * Extensions of the machine (history memories, deferred events) append their own sections after these and are part
 * of the layout that {@link Snapshot#layout()} fingerprints.
 */
public interface Capturable {

    /**
     * Appends this machine's whole state to {@code out}. Allocates nothing (unless {@code out} must grow).
     *
     * @throws IllegalStateException while an event is being processed, or when an extended-state field holds a value
     *     outside its declared range
     */
    void encode(StateBits out);

    /**
     * Reads a state written by {@link #encode} from {@code in} (which may hold more after it) and puts this machine in
     * it, without running exit or entry actions; armed timeouts are cancelled and those recorded as armed are armed
     * again. Either every value is valid and the machine takes them all, or it throws and nothing changed.
     *
     * @throws IllegalArgumentException when a value is out of range (a state ordinal, an enum ordinal, a number outside
     *     its declared range, a timeout armed in a state where it does not run) or {@code in} ends early
     * @throws IllegalStateException while an event is being processed
     */
    void decode(StateBits in);

    /** This machine's whole state as a value to store. */
    Snapshot snapshot();

    /**
     * Puts this machine back in the state {@code snapshot} captured, like {@link #decode}, after checking that it was
     * taken from this machine with this layout and holds nothing more.
     *
     * @throws IllegalArgumentException naming what does not fit: another machine, another layout (the spec's states,
     *     timeouts or extended state changed since), an out-of-range value, or a truncated or overlong snapshot
     * @throws IllegalStateException while an event is being processed
     */
    void restore(Snapshot snapshot);
}
