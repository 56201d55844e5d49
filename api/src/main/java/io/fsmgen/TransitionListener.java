package io.fsmgen;

/**
 * Hears what a machine does. Called synchronously on the thread that fired the event, after the transition has
 * completed (entry actions included).
 *
 * @param <S> the state enum
 * @param <E> the event enum
 */
public interface TransitionListener<S extends Enum<S>, E extends Enum<E>> {

    /**
     * A row fired. For an internal transition {@code from == to}; an external self-transition also has
     * {@code from == to}, but ran exit and entry actions.
     */
    default void transitioned(S from, E event, S to) {}

    /** No row handled {@code event} in {@code state}. Under {@link Unhandled#THROW} this is heard before the throw. */
    default void unhandled(S state, E event) {}

    /**
     * {@code state} defers {@code event}: it waits, and is offered again after the next state change. Only machines
     * that declare deferrals call this.
     */
    default void deferred(S state, E event) {}

    /** A listener for transitions only, written as a lambda: {@code TransitionListener.of((from, e, to) -> ...)}. */
    static <S extends Enum<S>, E extends Enum<E>> TransitionListener<S, E> of(Transitioned<S, E> callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        return new TransitionListener<>() {
            @Override
            public void transitioned(S from, E event, S to) {
                callback.transitioned(from, event, to);
            }
        };
    }

    /** The callback of {@link #of}. */
    @FunctionalInterface
    interface Transitioned<S, E> {
        void transitioned(S from, E event, S to);
    }
}
