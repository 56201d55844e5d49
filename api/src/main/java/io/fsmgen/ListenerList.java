package io.fsmgen;

import java.util.Arrays;
import java.util.Objects;

/**
 * The listeners of one generated machine: a copy-on-write array, so that dispatch pays a single length check while
 * nobody listens and never allocates while somebody does.
 *
 * <p>Public only because generated code in other packages uses it; not meant for direct use.
 */
public final class ListenerList<S extends Enum<S>, E extends Enum<E>> {

    @SuppressWarnings("rawtypes")
    private static final TransitionListener[] NONE = new TransitionListener[0];

    @SuppressWarnings("unchecked")
    private TransitionListener<S, E>[] listeners = NONE;

    /** True while no listener is registered: the generated code's fast path. */
    public boolean isEmpty() {
        return listeners.length == 0;
    }

    public void add(TransitionListener<S, E> listener) {
        Objects.requireNonNull(listener, "listener");
        TransitionListener<S, E>[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = listener;
        listeners = grown;
    }

    public void remove(TransitionListener<S, E> listener) {
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == listener) {
                TransitionListener<S, E>[] shrunk = Arrays.copyOf(listeners, listeners.length - 1);
                System.arraycopy(listeners, i + 1, shrunk, i, listeners.length - i - 1);
                listeners = shrunk;
                return;
            }
        }
    }

    public void transitioned(S from, E event, S to) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.transitioned(from, event, to);
        }
    }

    public void deferred(S state, E event) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.deferred(state, event);
        }
    }

    public void unhandled(S state, E event) {
        for (TransitionListener<S, E> listener : listeners) {
            listener.unhandled(state, event);
        }
    }
}
