package io.fsmgen.tcp.kernel;

/**
 * Receives the kernel's TCP events from a {@link KernelTransitionSource}, in kernel order.
 *
 * <p>Called on the source's reader thread, one event at a time, never concurrently. It must not block and should
 * return quickly: while it runs, no other subscriber gets events, the kernel's buffer fills, and once it is full the
 * kernel drops events (reported as {@link KernelTcpEvent.EventsLost}). Hand work to another thread if it takes time.
 * It must not call {@link KernelTransitionSource#sync} (that waits for this very thread). An exception it throws is
 * logged and does not stop the source.
 */
@FunctionalInterface
public interface KernelTcpListener {

    void onEvent(KernelTcpEvent event);
}
