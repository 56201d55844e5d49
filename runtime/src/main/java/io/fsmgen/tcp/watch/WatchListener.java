package io.fsmgen.tcp.watch;

/**
 * Receives what a {@link ConnectionWatcher} sees, on the kernel source's reader thread: must not block (see
 * {@code KernelTcpListener}).
 */
public interface WatchListener {

    void onTransition(WatchTransition transition);

    /** The kernel lost {@code count} events: connections may have missed transitions. */
    default void onEventsLost(long count) {}

    /** A connection was dropped from tracking to stay within the bound. */
    default void onEvicted(long socket) {}
}
