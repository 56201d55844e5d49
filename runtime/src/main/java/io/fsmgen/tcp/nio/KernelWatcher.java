package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpSnapshot;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Learns from {@code /proc/net/tcp{,6}} the transitions NIO cannot see: the ACK of our FIN and the end of
 * TIME_WAIT. One daemon thread, alive only while some connection waits; each round takes one snapshot (two when a
 * socket seems gone, to confirm its absence, since /proc reads are not atomic) for every connection due, and posts
 * what it saw to each connection's loop. Its own cost is bounded: it sleeps at least nine times as long as its last
 * read took, so it never uses more than a tenth of a core however large the table grows.
 */
final class KernelWatcher implements Runnable {

    private static final long MIN_INTERVAL_NANOS = 1_000_000L;
    private static final long MAX_BACKOFF_NANOS = 100_000_000L;

    private final KernelTcpTable table;
    private final Map<NioTcpConnection, Waiter> waiters = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Thread thread;
    private volatile boolean running = true;
    private volatile long snapshots;
    /** When the thread plans to wake up next (nanoTime). */
    private volatile long plannedWake = Long.MIN_VALUE;

    private static KernelWatcher shared;

    KernelWatcher(KernelTcpTable table) {
        this.table = table;
    }

    /**
     * The JVM's watcher: one reader of the kernel's table for every runtime, since each snapshot costs the same
     * whoever asks. Its thread parks while nobody waits.
     */
    static synchronized KernelWatcher shared() {
        if (shared == null) {
            shared = new KernelWatcher(new KernelTcpTable());
        }
        return shared;
    }

    /** How many snapshots were taken (for tests and benchmarks). */
    long snapshots() {
        return snapshots;
    }

    /** {@code c} waits on a hidden transition; first look after {@code delayNanos}. */
    void watch(NioTcpConnection c, InetSocketAddress local, InetSocketAddress remote, long delayNanos) {
        long due = System.nanoTime() + delayNanos;
        waiters.put(c, new Waiter(c, local, remote, due));
        if (thread == null) {
            synchronized (lock) {
                if (thread == null && running) {
                    thread = new Thread(this, "fsmgen-kernel-watcher");
                    thread.setDaemon(true);
                    thread.start();
                }
            }
        }
        // Wake the thread only when it would sleep past this waiter: registrations batch into the next round.
        if (due - plannedWake < 0) {
            plannedWake = due;
            LockSupport.unpark(thread);
        }
    }

    /** Look again at {@code c} after {@code delayNanos} (it still waits). */
    void again(NioTcpConnection c, long delayNanos) {
        Waiter w = waiters.get(c);
        if (w != null) {
            w.due = System.nanoTime() + delayNanos;
            w.pending = false;
        }
    }

    void unwatch(NioTcpConnection c) {
        waiters.remove(c);
    }

    int waiting() {
        return waiters.size();
    }

    void stop() {
        running = false;
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        long lastCost = 0;
        while (running) {
            long now = System.nanoTime();
            long nextDue = Long.MAX_VALUE;
            List<Waiter> due = new ArrayList<>();
            for (Waiter w : waiters.values()) {
                if (w.pending) {
                    continue;
                }
                if (w.due <= now) {
                    due.add(w);
                } else {
                    nextDue = Math.min(nextDue, w.due);
                }
            }
            if (due.isEmpty()) {
                long sleep = nextDue == Long.MAX_VALUE ? 1_000_000_000L : Math.max(MIN_INTERVAL_NANOS, nextDue - now);
                plannedWake = now + sleep;
                LockSupport.parkNanos(this, sleep);
                plannedWake = Long.MIN_VALUE;
                continue;
            }
            long start = System.nanoTime();
            try {
                KernelTcpSnapshot first = table.snapshot();
                snapshots++;
                KernelTcpSnapshot second = null;
                for (Waiter w : due) {
                    Optional<KernelSocketEntry> e = first.lookup(w.local, w.remote);
                    if (e.isEmpty()) {
                        if (second == null) {
                            second = table.snapshot();
                            snapshots++;
                        }
                        e = second.lookup(w.local, w.remote);
                    }
                    KernelTcpState seen = e.map(KernelSocketEntry::state).orElse(KernelTcpState.CLOSE);
                    long timer = e.map(x -> x.timerRemaining().toNanos()).orElse(0L);
                    w.pending = true;
                    w.backoff = Math.min(MAX_BACKOFF_NANOS, Math.max(MIN_INTERVAL_NANOS, w.backoff * 2));
                    w.connection.kernelSaw(seen, timer, w.backoff);
                }
            } catch (IOException | RuntimeException ex) {
                NioTcpRuntime.LOG.log(Level.WARNING, "cannot read the kernel's TCP table", ex);
                for (Waiter w : due) {
                    w.due = System.nanoTime() + MAX_BACKOFF_NANOS;
                }
            }
            lastCost = System.nanoTime() - start;
            long sleep = Math.max(MIN_INTERVAL_NANOS / 2, 9 * lastCost);
            plannedWake = System.nanoTime() + sleep;
            LockSupport.parkNanos(this, sleep);
            plannedWake = Long.MIN_VALUE;
        }
    }

    private static final class Waiter {
        final NioTcpConnection connection;
        final InetSocketAddress local;
        final InetSocketAddress remote;
        volatile long due;
        volatile boolean pending;
        long backoff = MIN_INTERVAL_NANOS / 2;

        Waiter(NioTcpConnection connection, InetSocketAddress local, InetSocketAddress remote, long due) {
            this.connection = connection;
            this.local = local;
            this.remote = remote;
            this.due = due;
        }
    }
}
