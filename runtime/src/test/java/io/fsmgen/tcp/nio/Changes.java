package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A signal for tests: whatever a test waits on (a machine's state, bytes a handler received, a leak report) calls
 * {@link #changed()} when it changes, and {@link #await} re-checks its condition then, and only then. No sleep, no
 * poll: a condition that never becomes true fails after a generous bound, naming what it waited for.
 *
 * <p>Fed by {@link Recorder}'s callbacks, and by a runtime's transitions while {@link #await(NioTcpRuntime, String,
 * BooleanSupplier)} listens to it.
 */
final class Changes implements ConnectionListener {

    /** Tens of seconds: far beyond any wait on a loaded machine, and still a clear failure. */
    static final Duration BOUND = Duration.ofSeconds(30);

    private long version;

    /** Something a waiter may be waiting on changed. */
    synchronized void changed() {
        version++;
        notifyAll();
    }

    @Override
    public void transitioned(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to) {
        changed();
    }

    /** Waits until {@code condition} holds, re-checking it at each {@link #changed()}. */
    synchronized void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + BOUND.toSeconds() + " s waiting for " + what);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until {@code condition} holds, re-checking it at each change and at each transition of {@code rt}. */
    void await(NioTcpRuntime rt, String what, BooleanSupplier condition) {
        rt.addListener(this);
        try {
            await(what, condition);
        } finally {
            rt.removeListener(this);
        }
    }
}
