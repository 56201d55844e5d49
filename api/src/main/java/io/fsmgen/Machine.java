package io.fsmgen;

/**
 * What every generated machine offers, so that tools (registries, recorders, differential tests) can drive any
 * machine without knowing its spec.
 *
 * <p>Machines are not thread-safe: like a Netty channel, each is driven by one thread at a time, and its scheduler
 * should run timeouts on that thread.
 *
 * @param <S> the state enum
 * @param <E> the event enum
 */
public interface Machine<S extends Enum<S>, E extends Enum<E>> {

    /** The current state. While entry actions run, this is already the target state. */
    S state();

    /**
     * Processes one event to completion. An event fired from inside a guard or action is queued, processed after the
     * current transition completes, and this nested call returns false.
     *
     * @return true when a row fired (internal transitions included); false when the event was unhandled (under
     *     {@link Unhandled#IGNORE}) or queued
     * @throws IllegalStateException under {@link Unhandled#THROW}, naming the state and the event
     */
    boolean fire(E event);

    /**
     * Puts the machine in {@code state} without running exit or entry actions, as when loading it from storage.
     * Running timeouts are cancelled and those of {@code state} are armed afresh. In a {@link HierarchicalMachine}, a
     * composite {@code state} puts the machine in the leaf its initial children lead to, the timeouts of that leaf
     * and of every composite around it are armed, and history memories and deferred events are forgotten.
     *
     * @throws IllegalStateException when called while an event is being processed
     */
    void restore(S state);

    /**
     * True when the machine is in {@code state}. For a flat machine that is {@code state() == state}; a
     * {@link HierarchicalMachine} is also in every composite that contains its active leaf.
     */
    default boolean isIn(S state) {
        return state() == state;
    }

    /** Adds a listener; costs nothing per event while none is registered. */
    void addListener(TransitionListener<S, E> listener);

    /** Removes a listener added earlier; no effect if it was not registered. */
    void removeListener(TransitionListener<S, E> listener);
}
