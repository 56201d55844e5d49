package io.fsmgen;

/**
 * A generated machine with composite states or deferred events. {@link #state()} is always the active leaf;
 * {@link #isIn} also answers for the composites around it, and {@link #send} says whether an event was deferred.
 *
 * @param <S> the state enum
 * @param <E> the event enum
 */
public interface HierarchicalMachine<S extends Enum<S>, E extends Enum<E>> extends Machine<S, E> {

    /**
     * Processes one event like {@link #fire(Enum)}, and says what became of it. {@code fire(e)} is
     * {@code send(e) == Outcome.HANDLED}.
     *
     * @throws IllegalStateException under {@link Unhandled#THROW} for an unhandled event, or under
     *     {@link DeferOverflow#THROW} when the deferral queue is full
     */
    Outcome send(E event);

    /** True when {@code state} is the active leaf or one of the composites that contain it. */
    @Override
    boolean isIn(S state);

    /** How many deferred events wait to be offered again. */
    int deferredCount();
}
