package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hidden transitions as the kernel makes them, from {@link KernelTransitionSource} (the
 * {@code sock:inet_sock_set_state} and {@code tcp:tcp_receive_reset} tracepoints). Each followed connection's socket
 * is recognised by its 4-tuple; its state changes are read through {@link LinuxRfcMapping} on the source's thread
 * and applied on the connection's loop, where the rule is simple: a change the machine already made (a user call, or
 * what NIO showed first) is skipped; a change from where the machine is fires the mapped event; anything else is
 * stale and ignored. So the machine passes every state the kernel passed, in the kernel's order.
 *
 * <p>Ports are subscribed with reference counts: an active connection subscribes its remote port, an accepted one
 * its listener's port, so a server's connections share one kernel filter. Events that arrive before a connection
 * is followed (its handshake, done before {@code accept()} returns) are not needed: NIO shows those steps.
 *
 * <p>What it does not see: the end of TIME_WAIT (no event; the machine's 2·MSL timer ends it), and events the kernel
 * dropped when its buffer was full ({@link KernelTcpEvent.EventsLost}): they are counted, logged, and the machines
 * concerned stay where they are until their timers or socket calls move them.
 */
final class TracedTransitions implements HiddenTransitions {

    private final KernelTransitionSource source;
    private final String reason;
    private final Map<Key, Followed> followed = new ConcurrentHashMap<>();
    /** Guarded by itself: subscriptions per port, with how many connections use each. */
    private final Map<Integer, Shared> ports = new HashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    /**
     * The states a socket reaches without a socket call showing it: only changes into them are posted to the loop
     * (the others, ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, LAST_ACK, are a call's own result or its result read by NIO).
     */
    private static final Set<TcpState> HIDDEN_TARGETS = EnumSet.of(TcpState.FIN_WAIT_2, TcpState.CLOSING,
            TcpState.TIME_WAIT, TcpState.CLOSED);

    private record Key(InetSocketAddress local, InetSocketAddress remote) {}

    /** A followed connection; {@code resetReceived} is touched by the source's thread only. */
    private static final class Followed {
        final NioTcpConnection connection;
        final int port;
        boolean resetReceived;

        Followed(NioTcpConnection connection, int port) {
            this.connection = connection;
            this.port = port;
        }
    }

    private static final class Shared {
        final KernelTransitionSource.Subscription subscription;
        int users;

        Shared(KernelTransitionSource.Subscription subscription) {
            this.subscription = subscription;
        }
    }

    TracedTransitions(KernelTransitionSource source, String reason) {
        this.source = source;
        this.reason = reason;
    }

    @Override
    public TransitionSource source() {
        return TransitionSource.TRACEPOINT;
    }

    @Override
    public String reason() {
        return reason;
    }

    /** Kernel events delivered to followed connections so far. */
    @Override
    public long reads() {
        return events.get();
    }

    /** Events the kernel dropped (its buffer was full) while this runtime followed connections. */
    long lost() {
        return lost.get();
    }

    /** Subscribes {@code port} before a connect to it or while a listener accepts on it. */
    void subscribe(int port) {
        synchronized (ports) {
            Shared s = ports.get(port);
            if (s == null) {
                s = new Shared(source.subscribe(List.of(port), this::onEvent));
                ports.put(port, s);
            }
            s.users++;
        }
    }

    void unsubscribe(int port) {
        synchronized (ports) {
            Shared s = ports.get(port);
            if (s != null && --s.users == 0) {
                ports.remove(port);
                s.subscription.close();
            }
        }
    }

    @Override
    public void follow(NioTcpConnection c) {
        int port = c.kind() == ConnectionInfo.Kind.ACTIVE ? c.remoteAddress().getPort()
                : c.localAddress().getPort();
        subscribe(port);
        followed.put(new Key(c.localAddress(), c.remoteAddress()), new Followed(c, port));
    }

    @Override
    public void entered(NioTcpConnection c, TcpState state) {
        // Nothing to arm: the kernel reports every change as it happens.
    }

    @Override
    public void finInFinWait1(NioTcpConnection c) {
        // The kernel's own events say whether the FINs crossed (FIN_WAIT1 -> CLOSING) or ours was ACKed first.
    }

    @Override
    public void forget(NioTcpConnection c) {
        if (c.localAddress() == null || c.remoteAddress() == null) {
            return;
        }
        Followed f = followed.remove(new Key(c.localAddress(), c.remoteAddress()));
        if (f != null) {
            unsubscribe(f.port);
        }
    }

    /** On the source's thread: never blocks; posts the step to the connection's loop. */
    private void onEvent(KernelTcpEvent event) {
        if (event instanceof KernelTcpEvent.EventsLost l) {
            lost.addAndGet(l.count());
            NioTcpRuntime.LOG.log(Level.WARNING, "the kernel dropped " + l.count() + " TCP event(s) on CPU " + l.cpu()
                    + " before they were read; machines waiting on them stay where they are");
            return;
        }
        if (!(event instanceof KernelTcpEvent.SocketEvent s)) {
            return;
        }
        Followed f = followed.get(new Key(s.local(), s.remote()));
        if (f == null) {
            return;
        }
        if (event instanceof KernelTcpEvent.ResetReceived) {
            f.resetReceived = true;
        } else if (event instanceof KernelTcpEvent.StateChange change) {
            TcpState target = LinuxRfcMapping.target(change.oldState(), change.newState(), f.resetReceived);
            boolean reset = f.resetReceived;
            f.resetReceived = false;
            if (!HIDDEN_TARGETS.contains(target)) {
                return; // a change a socket call makes or shows (connect, accept, EOF, close): NIO drives it
            }
            events.incrementAndGet();
            NioTcpConnection c = f.connection;
            c.loop.execute(() -> apply(c, target, reset));
        }
    }

    /** On the connection's loop. */
    private static void apply(NioTcpConnection c, TcpState target, boolean reset) {
        TcpState now = c.state();
        if (now == target) {
            return; // the machine made this change already (a user call, or what NIO showed first)
        }
        Optional<TcpEvent> event = LinuxRfcMapping.event(now, target);
        if (event.isEmpty()) {
            NioTcpRuntime.LOG.log(Level.DEBUG, () -> c + ": kernel went to " + target + ", stale here");
        } else if (event.get() == TcpEvent.RCV_RST) {
            c.kernelReset(reset ? "connection reset (the kernel received a RST)" : "connection closed by the kernel");
        } else {
            c.hiddenStep(event.get(), true);
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
