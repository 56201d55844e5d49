package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * For tests that wait on what the kernel's table shows: re-checks a condition at each kernel event of a socket on
 * some ports (a state change, a reset, a destruction, from the tracepoints through one {@link KernelTransitionSource}
 * per test JVM), never on a clock. A socket's row changes only with such an event: a new state is set with its
 * {@code inet_sock_set_state}; a {@code -> CLOSE} hands the socket to a TIME_WAIT minisocket hashed before the event,
 * or is followed by the socket's unhashing and then its {@code tcp_destroy_sock}. Where the tracepoints cannot be
 * read (not root), the condition is re-checked in a busy loop instead. Either way bounded.
 */
public final class KernelSignal {

    private KernelSignal() {}

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

    /**
     * {@code table}'s snapshot once {@code done} holds for it, read now and again at each kernel event of a socket with
     * one of {@code ports}; the last one read if {@code bound} passed first.
     */
    public static KernelTcpSnapshot snapshotWhen(KernelTcpTable table, Collection<Integer> ports, Duration bound,
            Predicate<KernelTcpSnapshot> done) {
        KernelTcpSnapshot[] last = new KernelTcpSnapshot[1];
        return await(ports, bound, () -> {
            try {
                last[0] = table.snapshot();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of(last[0]).filter(done);
        }).orElse(last[0]);
    }

    /**
     * Returns what {@code check} returns once it is non-empty, checking it now and after each kernel event of a
     * socket with one of {@code ports} at either end; empty if {@code bound} passed first.
     */
    public static <T> Optional<T> await(Collection<Integer> ports, Duration bound, Supplier<Optional<T>> check) {
        Optional<T> found = check.get();
        if (found.isPresent()) {
            return found;
        }
        long deadline = System.nanoTime() + bound.toNanos();
        if (Source.SOURCE.isEmpty()) {
            while (found.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                found = check.get();
            }
            return found;
        }
        long[] events = {0};
        try (KernelTransitionSource.Subscription sub = Source.SOURCE.get().subscribe(ports, e -> {
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
                found = check.get(); // after subscribing: any later change of these sockets is an event
                if (found.isPresent()) {
                    return found;
                }
                synchronized (events) {
                    while (events[0] == seen) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return Optional.empty();
                        }
                        TimeUnit.NANOSECONDS.timedWait(events, left);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
