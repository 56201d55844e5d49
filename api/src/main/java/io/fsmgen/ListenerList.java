package io.fsmgen;

import java.util.Arrays;
import java.util.Objects;

/**
 * The listeners of one generated machine, held in its one {@code listeners} field: null while nobody listens, the
 * listener itself while one does, and a {@code ListenerList} of two or more otherwise. Most machines that have a
 * listener have exactly one (a runtime's own), so that one costs the machine a reference and nothing else; dispatch
 * pays a null check while nobody listens and never allocates while somebody does.
 *
 * <p>A list is immutable: {@link #add} and {@link #remove} return a new holder, so that a listener that adds or
 * removes listeners while it is being told changes who hears the next event, not the current one.
 *
 * <p>Public only because generated code in other packages uses it; not meant for direct use.
 */
public final class ListenerList<S extends Enum<S>, E extends Enum<E>> implements TransitionListener<S, E> {

    /** Two or more, in the order they were added. */
    private final TransitionListener<S, E>[] listeners;

    private ListenerList(TransitionListener<S, E>[] listeners) {
        this.listeners = listeners;
    }

    /**
     * What a machine's {@code listeners} field holds once {@code listener} is added to {@code current} (null, one
     * listener or a list): the listener itself when it is the first.
     */
    @SuppressWarnings("unchecked")
    public static <S extends Enum<S>, E extends Enum<E>> TransitionListener<S, E> add(
            TransitionListener<S, E> current, TransitionListener<S, E> listener) {
        Objects.requireNonNull(listener, "listener");
        if (current == null) {
            return listener;
        }
        TransitionListener<S, E>[] before = current instanceof ListenerList<S, E> list
                ? list.listeners
                : new TransitionListener[] {current};
        TransitionListener<S, E>[] grown = Arrays.copyOf(before, before.length + 1);
        grown[before.length] = listener;
        return new ListenerList<>(grown);
    }

    /**
     * What a machine's {@code listeners} field holds once the first registration of {@code listener} is removed from
     * {@code current}: null when none is left, the last one itself when one is.
     */
    public static <S extends Enum<S>, E extends Enum<E>> TransitionListener<S, E> remove(
            TransitionListener<S, E> current, TransitionListener<S, E> listener) {
        if (current == listener) {
            return null;
        }
        if (!(current instanceof ListenerList<S, E> list)) {
            return current;
        }
        TransitionListener<S, E>[] all = list.listeners;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == listener) {
                if (all.length == 2) {
                    return all[1 - i];
                }
                TransitionListener<S, E>[] shrunk = Arrays.copyOf(all, all.length - 1);
                System.arraycopy(all, i + 1, shrunk, i, all.length - i - 1);
                return new ListenerList<>(shrunk);
            }
        }
        return current;
    }

    @Override
    public void transitioned(S from, E event, S to) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.transitioned(from, event, to);
        }
    }

    @Override
    public void deferred(S state, E event) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.deferred(state, event);
        }
    }

    @Override
    public void failed(TransitionFailure<S, E> failure) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.failed(failure);
        }
    }

    @Override
    public void unhandled(S state, E event) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.unhandled(state, event);
        }
    }
}
