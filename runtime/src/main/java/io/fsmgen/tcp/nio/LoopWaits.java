package io.fsmgen.tcp.nio;

import java.util.HashMap;
import java.util.Map;

/**
 * Which of a runtime's loops is waiting for which, while one loop's thread (a handler) calls a connection or a
 * listener of another loop and waits for the answer. Such a wait is safe unless the loop called is itself waiting,
 * directly or through others, for the caller: then each would wait for ever for the other, and every connection on
 * both would stop. That wait is refused with an {@link IllegalStateException} naming the loops, before it starts.
 */
final class LoopWaits {

    /** The loop each waiting loop waits for. Guarded by {@code this}. */
    private final Map<EventLoop, EventLoop> waitingFor = new HashMap<>();

    /** Records that {@code caller} waits for {@code called}, or refuses it if {@code called} waits for the caller. */
    synchronized void startWaiting(EventLoop caller, EventLoop called) {
        StringBuilder circle = new StringBuilder(caller.thread.getName());
        for (EventLoop at = called; at != null; at = waitingFor.get(at)) {
            circle.append(" -> ").append(at.thread.getName());
            if (at == caller) {
                throw new IllegalStateException("event loop " + caller.thread.getName() + " cannot wait for "
                        + called.thread.getName() + ", which is waiting for it (" + circle + "): both would stop for"
                        + " ever. Serve connections that call each other on one loop (NioTcpOptions.withThreads(1)),"
                        + " or make the call from a thread of your own");
            }
        }
        waitingFor.put(caller, called);
        notifyAll();
    }

    synchronized void stopWaiting(EventLoop caller) {
        waitingFor.remove(caller);
    }

    /**
     * Waits until {@code loop} waits for another loop; false if {@code boundNanos} passed first. For tests that need
     * two loops in a known order, which no public call can observe.
     */
    synchronized boolean awaitWaiting(EventLoop loop, long boundNanos) throws InterruptedException {
        long deadline = System.nanoTime() + boundNanos;
        while (!waitingFor.containsKey(loop)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
