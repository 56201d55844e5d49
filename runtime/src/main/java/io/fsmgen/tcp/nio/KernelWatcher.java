package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpSnapshot;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.SsTcpTable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Learns from the kernel's TCP table the transitions NIO cannot see: the ACK of our FIN and the end of
 * TIME_WAIT. One daemon thread per runtime, started by the first connection that waits and parked while none does;
 * each round takes one snapshot for every connection due, and posts what it saw to each connection's loop. The
 * snapshot comes from {@code ss}, filtered in the kernel by state and by the due connections' ports, else from
 * {@code /proc/net/tcp{,6}} (see {@link SsTcpTable}).
 *
 * <p>Two rules keep it cheap under load, when the table holds tens of thousands of TIME_WAIT rows and one snapshot
 * costs a few hundred milliseconds:
 * <ul>
 *   <li><b>A duty cycle.</b> After a round that took {@code t}, no round starts for {@code 9t}, however many
 *       connections start waiting meanwhile: they join the next round. So the watcher never uses more than a tenth
 *       of a core, and under load a round serves thousands of connections.</li>
 *   <li><b>Absence is confirmed by the next round, not by a second read.</b> Neither a read of {@code /proc} (see
 *       {@link KernelTcpTable}) nor a netlink dump is atomic, so a socket missing from one snapshot may have been
 *       skipped; it counts as gone (CLOSED) only when two consecutive rounds miss it.</li>
 * </ul>
 */
final class KernelWatcher implements Runnable {

    private static final long MIN_INTERVAL_NANOS = 1_000_000L;
    private static final long MAX_BACKOFF_NANOS = 100_000_000L;
    /** A round that took t is followed by at least this many times t of sleep. */
    private static final int IDLE_PER_BUSY = 9;

    /** Where the watcher reports what it saw, from its own thread. */
    @FunctionalInterface
    interface Seen {
        void seen(NioTcpConnection c, KernelTcpState state, long timerNanos, long backoffNanos);
    }

    private final SsTcpTable table;
    private final Seen seen;
    private final Map<NioTcpConnection, Waiter> waiters = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Thread thread;
    private volatile boolean running = true;
    private volatile long snapshots;
    /** When the parked thread will wake up (nanoTime); {@link #awake} while it is not parked. */
    private volatile long plannedWake;
    private volatile boolean awake = true;
    /** The duty cycle: no round starts before this (nanoTime). */
    private volatile long notBefore;

    KernelWatcher(SsTcpTable table, Seen seen) {
        this.table = table;
        this.seen = seen;
        this.notBefore = System.nanoTime();
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
        // Wake the thread only when it would otherwise sleep past the first moment it may serve this waiter:
        // registrations during the duty cycle's pause batch into the next round without waking anybody.
        // An awake thread is unparked too: it may have scanned the waiters just before this one came.
        long wake = due - notBefore < 0 ? notBefore : due;
        if (awake || wake - plannedWake < 0) {
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

    /** Whether a look at {@code c} is due or under way. */
    boolean watching(NioTcpConnection c) {
        return waiters.containsKey(c);
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
        while (running) {
            long now = System.nanoTime();
            long nextDue = Long.MAX_VALUE;
            List<Waiter> due = new ArrayList<>();
            for (Waiter w : waiters.values()) {
                if (w.pending) {
                    continue;
                }
                if (w.due - now <= 0) {
                    due.add(w);
                } else {
                    nextDue = Math.min(nextDue, w.due);
                }
            }
            if (due.isEmpty() || now - notBefore < 0) {
                long wake = due.isEmpty() ? (nextDue == Long.MAX_VALUE ? now + 1_000_000_000L : nextDue) : now;
                if (wake - notBefore < 0) {
                    wake = notBefore;
                }
                sleepUntil(wake - now < MIN_INTERVAL_NANOS / 2 ? now + MIN_INTERVAL_NANOS / 2 : wake);
                continue;
            }
            long start = System.nanoTime();
            try {
                BitSet localPorts = new BitSet(65536);
                BitSet remotePorts = new BitSet(65536);
                for (Waiter w : due) {
                    localPorts.set(w.local.getPort());
                    remotePorts.set(w.remote.getPort());
                }
                KernelTcpSnapshot snapshot = table.snapshot(localPorts, remotePorts);
                snapshots++;
                for (Waiter w : due) {
                    report(w, snapshot.lookup(w.local, w.remote));
                }
            } catch (IOException | RuntimeException ex) {
                NioTcpRuntime.LOG.log(Level.WARNING, "cannot read the kernel's TCP table", ex);
                for (Waiter w : due) {
                    w.due = System.nanoTime() + MAX_BACKOFF_NANOS;
                }
            }
            long end = System.nanoTime();
            notBefore = end + Math.max(MIN_INTERVAL_NANOS / 2, IDLE_PER_BUSY * (end - start));
        }
    }

    /** Posts what the kernel shows for {@code w}, unless its socket is missing for the first time in a row. */
    private void report(Waiter w, Optional<KernelSocketEntry> entry) {
        if (entry.isEmpty() && !w.missedLastRound) {
            w.missedLastRound = true; // due already: the next round confirms or refutes it
            return;
        }
        w.missedLastRound = false;
        KernelTcpState state = entry.map(KernelSocketEntry::state).orElse(KernelTcpState.CLOSE);
        long timer = entry.map(x -> x.timerRemaining().toNanos()).orElse(0L);
        w.pending = true;
        w.backoff = Math.min(MAX_BACKOFF_NANOS, Math.max(MIN_INTERVAL_NANOS, w.backoff * 2));
        seen.seen(w.connection, state, timer, w.backoff);
    }

    private void sleepUntil(long wake) {
        plannedWake = wake;
        awake = false;
        LockSupport.parkNanos(this, wake - System.nanoTime());
        awake = true;
    }

    private static final class Waiter {
        final NioTcpConnection connection;
        final InetSocketAddress local;
        final InetSocketAddress remote;
        volatile long due;
        volatile boolean pending;
        /** Whether the last round's snapshot missed this socket (read and written by the watcher thread only). */
        boolean missedLastRound;
        long backoff = MIN_INTERVAL_NANOS / 2;

        Waiter(NioTcpConnection connection, InetSocketAddress local, InetSocketAddress remote, long due) {
            this.connection = connection;
            this.local = local;
            this.remote = remote;
            this.due = due;
        }
    }
}
