package io.fsmgen.tcp.watch;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpListener;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.nio.LinuxRfcMapping;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every TCP connection of the host, each followed by its own RFC {@link TcpMachine} fed with the kernel's
 * transitions (mapped by {@link LinuxRfcMapping}); the core of {@code watch}.
 *
 * <p>A connection is keyed by its kernel socket ({@code skaddr}) from its first state change until its CLOSE (or its
 * destruction), and then forgotten: a TIME_WAIT minisocket reports nothing more. At most {@code maxConnections} are
 * tracked; beyond it the least recently changed one is evicted and counted. A connection first seen mid-life starts
 * its machine in the RFC state of the kernel's old state, with its time in that state unknown.
 *
 * <p>A {@code FIN_WAIT2 -> CLOSE} or {@code CLOSING -> CLOSE} is the TIME_WAIT minisocket taking over, or an abort
 * whose RST the kernel reports just after: it is shown once told apart, by the socket's next event, by the stream
 * moving on, or by {@link #settle}.
 *
 * <p>Subscribe it to a {@code KernelTransitionSource} ({@code subscribeAll} or {@code subscribe(ports, watcher)}).
 * Its methods run on the source's reader thread; the queries ({@link #closeWaitLeaks}, {@link #timeInState}, ...) are
 * synchronized with it.
 */
public final class ConnectionWatcher implements KernelTcpListener {

    /** A connection being tracked. */
    private static final class Tracked {
        final TcpMachine machine = new TcpMachine();
        InetSocketAddress local;
        InetSocketAddress remote;
        KernelTcpState kernelState;
        long since = -1;
        boolean resetReceived;
    }

    /**
     * A connection in CLOSE_WAIT for longer than asked: its peer finished and its application has not closed.
     *
     * @param socket kernel socket
     * @param local  its address
     * @param remote the peer's
     * @param age    time in CLOSE_WAIT so far
     */
    public record Leak(long socket, InetSocketAddress local, InetSocketAddress remote, Duration age) {}

    /**
     * A {@code FIN_WAIT2 -> CLOSE} or {@code CLOSING -> CLOSE} without a RST received: the TIME_WAIT minisocket
     * taking over, or an abort ({@code tcp_disconnect()}: SO_LINGER 0, or a close with unread data), which reports the
     * same change and then, in the same system call, its RST ({@code tcp:tcp_send_reset}). Held until the socket's
     * next event says which, or until the stream has moved {@link #ABORT_GRACE_NANOS} past it without that RST.
     */
    private record Ambiguous(Tracked tracked, KernelTcpEvent.StateChange change) {}

    /**
     * How far past an ambiguous change the stream may move before it is taken for the minisocket: an abort's RST is
     * sent in the same system call, microseconds after its change; the stream is merged in timestamp order, so a later
     * event of any socket, this far past the change, means no RST followed (unless its thread was descheduled that
     * long between the two, under heavy load).
     */
    static final long ABORT_GRACE_NANOS = 10_000_000L;

    /** An ambiguous change that its socket's own RST followed. */
    private static final LinuxRfcMapping.Step ABORTED = new LinuxRfcMapping.Step(List.of(TcpEvent.ABORT),
            TcpState.CLOSED, Optional.of("an abort: the socket sent a RST after its -> CLOSE (SO_LINGER 0, or a close"
                    + " with unread data), not the TIME_WAIT minisocket"));

    private final int maxConnections;
    private final WatchListener listener;
    private final Map<Long, Tracked> connections;
    private final TimeInState timeInState = new TimeInState();
    /** Ambiguous changes not yet told apart, by socket, oldest first. */
    private final Map<Long, Ambiguous> ambiguous = new LinkedHashMap<>();
    private long evictions;
    private long transitions;
    private long flagged;
    private long lost;

    public ConnectionWatcher(int maxConnections, WatchListener listener) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.connections = new LinkedHashMap<>(Math.min(maxConnections, 1 << 16), 0.75f, true);
    }

    @Override
    public synchronized void onEvent(KernelTcpEvent event) {
        if (event instanceof KernelTcpEvent.SocketEvent e && !ambiguous.isEmpty()) {
            // (a loss record is stamped when noticed, not where it is in the stream: it moves no horizon)
            settle(event.timestampNanos() - ABORT_GRACE_NANOS);
            Ambiguous a = ambiguous.remove(e.socket());
            if (a != null && event instanceof KernelTcpEvent.ResetSent) {
                apply(a.tracked(), a.change(), ABORTED);
                return;
            }
            if (a != null) {
                apply(a.tracked(), a.change()); // the socket goes on without a RST: the minisocket took over
            }
        }
        if (event instanceof KernelTcpEvent.StateChange c) {
            change(c);
        } else if (event instanceof KernelTcpEvent.ResetReceived r) {
            Tracked t = connections.get(r.socket());
            if (t != null) {
                t.resetReceived = true;
            }
        } else if (event instanceof KernelTcpEvent.SocketDestroyed d) {
            connections.remove(d.socket());
        } else if (event instanceof KernelTcpEvent.EventsLost l) {
            lost += l.count();
            listener.onEventsLost(l.count());
        }
    }

    /**
     * Shows every ambiguous change stamped before {@code horizonNanos} (kernel time) as the TIME_WAIT minisocket taking
     * over: no RST followed it. {@code watch} calls it once a second with a horizon a second back, so that a quiet host
     * (whose stream does not move) does not hold a change back, and with {@link Long#MAX_VALUE} once the source has
     * stopped.
     */
    public synchronized void settle(long horizonNanos) {
        var it = ambiguous.values().iterator();
        while (it.hasNext()) {
            Ambiguous a = it.next();
            if (a.change().timestampNanos() - horizonNanos >= 0) {
                return;
            }
            it.remove();
            apply(a.tracked(), a.change());
        }
    }

    private void change(KernelTcpEvent.StateChange c) {
        Tracked t = connections.get(c.socket());
        if (t == null) {
            t = new Tracked();
            if (c.oldState() != KernelTcpState.CLOSE && c.oldState() != KernelTcpState.LISTEN
                    || c.newState() == KernelTcpState.CLOSE) {
                t.machine.restore(TcpState.valueOf(c.oldState().rfcName()));
            }
            if (c.newState() != KernelTcpState.CLOSE) {
                if (connections.size() >= maxConnections) {
                    var eldest = connections.entrySet().iterator().next();
                    connections.remove(eldest.getKey());
                    evictions++;
                    listener.onEvicted(eldest.getKey());
                }
                connections.put(c.socket(), t);
            }
        }
        t.local = c.local();
        t.remote = c.remote();
        if (c.newState() == KernelTcpState.CLOSE && !t.resetReceived
                && (c.oldState() == KernelTcpState.FIN_WAIT2 || c.oldState() == KernelTcpState.CLOSING)) {
            connections.remove(c.socket());
            ambiguous.put(c.socket(), new Ambiguous(t, c)); // the minisocket, or an abort: its next event says
            return;
        }
        apply(t, c);
    }

    /** Feeds {@code c} to {@code t}'s machine as the mapping reads it. */
    private void apply(Tracked t, KernelTcpEvent.StateChange c) {
        apply(t, c, LinuxRfcMapping.step(c.oldState(), c.newState(), t.resetReceived));
    }

    /** Feeds {@code c} to {@code t}'s machine as {@code m}, and tells the listener. */
    private void apply(Tracked t, KernelTcpEvent.StateChange c, LinuxRfcMapping.Step m) {
        TcpState before = t.machine.state();
        Optional<String> rejection = Optional.empty();
        if (t.kernelState != null && t.kernelState != c.oldState()) {
            rejection = Optional.of("kernel went from " + c.oldState() + " but was last seen in " + t.kernelState
                    + " (an event was lost)");
        }
        for (TcpEvent e : m.events()) {
            if (!t.machine.fire(e) && rejection.isEmpty()) {
                rejection = Optional.of(e + " not accepted in " + t.machine.state());
            }
        }
        if (rejection.isEmpty() && t.machine.state() != m.target()) {
            rejection = Optional.of("machine reached " + t.machine.state() + ", kernel " + m.target());
        }
        long inPrevious = t.since < 0 ? -1 : c.timestampNanos() - t.since;
        if (inPrevious >= 0) {
            timeInState.record(before, inPrevious);
        }
        t.since = c.timestampNanos();
        t.kernelState = c.newState();
        t.resetReceived = false;
        transitions++;
        if (rejection.isPresent()) {
            flagged++;
        }
        if (c.newState() == KernelTcpState.CLOSE) {
            connections.remove(c.socket());
        }
        listener.onTransition(new WatchTransition(c.timestampNanos(), c.socket(), c.local(), c.remote(),
                c.oldState(), c.newState(), before, t.machine.state(), inPrevious, m.note(), rejection,
                Optional.empty()));
    }

    /** Connections in CLOSE_WAIT for longer than {@code threshold} at kernel time {@code nowNanos}. */
    public synchronized List<Leak> closeWaitLeaks(Duration threshold, long nowNanos) {
        List<Leak> leaks = new ArrayList<>();
        for (Map.Entry<Long, Tracked> e : connections.entrySet()) {
            Tracked t = e.getValue();
            if (t.kernelState == KernelTcpState.CLOSE_WAIT && t.since >= 0
                    && nowNanos - t.since > threshold.toNanos()) {
                leaks.add(new Leak(e.getKey(), t.local, t.remote, Duration.ofNanos(nowNanos - t.since)));
            }
        }
        return leaks;
    }

    /** The time-in-state histograms (states left while watched); read them once the source has stopped. */
    public synchronized TimeInState timeInState() {
        return timeInState;
    }

    public synchronized int tracked() {
        return connections.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    public synchronized long transitions() {
        return transitions;
    }

    public synchronized long flagged() {
        return flagged;
    }

    public synchronized long lostEvents() {
        return lost;
    }

    /**
     * A tracked connection, as a table shows it.
     *
     * @param socket      kernel socket ({@code skaddr})
     * @param kernelState the kernel's state
     * @param state       the RFC machine's state
     * @param sinceNanos  kernel time it entered its state; -1 when first seen in it
     */
    public record Connection(long socket, InetSocketAddress local, InetSocketAddress remote,
                             KernelTcpState kernelState, TcpState state, long sinceNanos) {}

    /** Every tracked connection, least recently changed first. */
    public synchronized List<Connection> connections() {
        List<Connection> list = new ArrayList<>(connections.size());
        connections.forEach((socket, t) -> list.add(new Connection(socket, t.local, t.remote, t.kernelState,
                t.machine.state(), t.since)));
        return list;
    }

    /** Tracked connections per kernel state. */
    public synchronized Map<KernelTcpState, Integer> countsByState() {
        Map<KernelTcpState, Integer> counts = new java.util.EnumMap<>(KernelTcpState.class);
        for (Tracked t : connections.values()) {
            counts.merge(t.kernelState, 1, Integer::sum);
        }
        return counts;
    }
}
