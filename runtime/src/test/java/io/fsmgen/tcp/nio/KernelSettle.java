package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Waits for the kernel's table to show an endpoint in a state, re-reading the table only when the kernel reports an
 * event of a socket on the endpoint's local port (a state change, a reset, a destruction: the tracepoints, through a
 * {@link KernelTransitionSource} opened once for the test JVM), never on a clock. A socket leaves the table only
 * with such an event: its {@code -> CLOSE} hands it to a TIME_WAIT minisocket (hashed before the event) or its
 * destruction follows its unhashing. Where the tracepoints cannot be read, the table is re-read in a busy loop, as
 * the tests did before; either way bounded by {@link Changes#BOUND}.
 */
final class KernelSettle {

    private KernelSettle() {}

    /** The test JVM's source, opened at first use; its shutdown hook removes the tracefs instance. */
    private static final class Source {
        static final Optional<KernelTransitionSource> SOURCE = open();

        private static Optional<KernelTransitionSource> open() {
            if (!KernelTransitionSource.availability().isAvailable()) {
                return Optional.empty();
            }
            try {
                return Optional.of(KernelTransitionSource.open());
            } catch (KernelTraceUnavailableException e) {
                return Optional.empty();
            }
        }
    }

    /** Returns the kernel's state for {@code e} once it is {@code expected}, or the last one seen at the bound. */
    static TcpState await(NioTcpRuntime rt, NioTcpEndpoint e, TcpState expected) {
        TcpState k = rt.kernelState(e).orElseThrow();
        if (k == expected) {
            return k;
        }
        long deadline = System.nanoTime() + Changes.BOUND.toNanos();
        if (Source.SOURCE.isEmpty()) {
            while (k != expected && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                k = rt.kernelState(e).orElseThrow();
            }
            return k;
        }
        long[] events = {0};
        try (KernelTransitionSource.Subscription sub = Source.SOURCE.get().subscribe(
                List.of(e.localAddress().getPort()), ev -> {
                    synchronized (events) {
                        events[0]++;
                        events.notifyAll();
                    }
                })) {
            while (true) {
                long seen;
                synchronized (events) {
                    seen = events[0];
                }
                k = rt.kernelState(e).orElseThrow(); // after subscribing: a later change is an event
                if (k == expected) {
                    return k;
                }
                synchronized (events) {
                    while (events[0] == seen) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return k;
                        }
                        TimeUnit.NANOSECONDS.timedWait(events, left);
                    }
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
