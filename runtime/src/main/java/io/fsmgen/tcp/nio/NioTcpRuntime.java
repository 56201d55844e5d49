package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NIO binding of the RFC 9293 machine: event loops, listeners and connections, each connection driving a
 * {@link NioTcpMachine} that follows the socket's real life. Close it (try-with-resources) to stop the loops; open
 * connections are aborted and their handlers told {@link CloseCause#ERROR}.
 *
 * <pre>{@code
 * try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults())) {
 *     rt.listen(new InetSocketAddress("127.0.0.1", 0), new NioTcpHandler() {
 *         public void data(NioTcpConnection c, ByteBuffer b) { c.write(b); }
 *         public void peerFinished(NioTcpConnection c) { c.close(); }
 *     });
 *     ...
 * }
 * }</pre>
 */
public final class NioTcpRuntime implements AutoCloseable {

    static final Logger LOG = System.getLogger("io.fsmgen.tcp.nio");

    private final NioTcpOptions options;
    private final List<EventLoop> loops = new ArrayList<>();
    /** Which loop waits for which: a loop's call into another is refused when it would close a circle. */
    final LoopWaits loopWaits = new LoopWaits();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final KernelTcpTable kernelTable;
    private final HiddenTransitions hidden;
    private volatile boolean closed;

    private NioTcpRuntime(NioTcpOptions options) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        ErrnoTexts.learn(); // here, not on a loop at its first failure: 100-300 ms in a JVM that speaks no English
        this.kernelTable = new KernelTcpTable();
        this.hidden = HiddenTransitionSources.open(options, kernelTable);
        try {
            for (int i = 0; i < options.threads(); i++) {
                loops.add(new EventLoop(this, i));
            }
        } catch (IOException e) {
            for (EventLoop l : loops) {
                l.selector.close();
            }
            hidden.close();
            throw e;
        }
        loops.forEach(EventLoop::start);
        if (options.closeWaitLeak() != null) {
            for (EventLoop l : loops) {
                scheduleLeakCheck(l);
            }
        }
        LOG.log(Level.DEBUG, () -> "NIO TCP runtime started: " + options.threads() + " loop(s); hidden transitions from "
                + hidden.source() + ": " + hidden.reason());
    }

    /** Starts a runtime with these options. */
    public static NioTcpRuntime open(NioTcpOptions options) throws IOException {
        return new NioTcpRuntime(options);
    }

    /** Starts a runtime with {@link NioTcpOptions#defaults()}. */
    public static NioTcpRuntime open() throws IOException {
        return open(NioTcpOptions.defaults());
    }

    public NioTcpOptions options() {
        return options;
    }

    /** Every endpoint whose machine is not CLOSED. */
    public ConnectionRegistry registry() {
        return registry;
    }

    /**
     * Whether the kernel is watched for the transitions NIO cannot see ({@link #transitionSource()} is the tracepoint
     * or polling). When false those transitions are the local timer's estimate and reported as unobserved.
     */
    public boolean kernelAvailable() {
        return hidden.source() != TransitionSource.NONE;
    }

    /** The source of hidden transitions in use: {@link TransitionSource#AUTO} resolved. */
    public TransitionSource transitionSource() {
        return hidden.source();
    }

    /** Why {@link #transitionSource()} is the one in use (what was asked, and what was not available). */
    public String transitionSourceReason() {
        return hidden.reason();
    }

    /** How many kernel reads (table snapshots, or tracepoint buffer reads) the source made so far. */
    public long kernelSnapshots() {
        return hidden.reads();
    }

    /** How many connections currently wait on a polled kernel transition (0 unless polling). */
    public int kernelWaiters() {
        return hidden instanceof PolledTransitions p ? p.waiting() : 0;
    }

    HiddenTransitions hidden() {
        return hidden;
    }

    public void addListener(ConnectionListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    public void removeListener(ConnectionListener l) {
        listeners.remove(l);
    }

    /** Binds a listener (PASSIVE_OPEN) on {@code address}; {@code handler} serves every accepted connection. */
    public NioTcpListener listen(SocketAddress address, NioTcpHandler handler) throws IOException {
        return listen(address, 1024, handler);
    }

    /** {@link #listen(SocketAddress, NioTcpHandler)} with an explicit backlog. */
    public NioTcpListener listen(SocketAddress address, int backlog, NioTcpHandler handler) throws IOException {
        Objects.requireNonNull(address, "address (to listen on every interface, give new InetSocketAddress(port))");
        Objects.requireNonNull(handler, "handler");
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative (0: the system's default): " + backlog);
        }
        checkInetAddress(address, "listen on");
        checkOpen();
        ServerSocketChannel server = address instanceof InetSocketAddress isa && isa.getAddress() != null
                ? ServerSocketChannel.open(isa.getAddress() instanceof java.net.Inet6Address
                        ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET)
                : ServerSocketChannel.open();
        try {
            server.configureBlocking(false);
            try {
                server.bind(address, backlog);
            } catch (java.net.BindException e) {
                java.net.BindException named = new java.net.BindException("cannot listen on " + address + ": "
                        + e.getMessage());
                named.initCause(e);
                throw named;
            }
            EventLoop loop = currentLoop().orElse(loops.get(0));
            NioTcpListener listener = new NioTcpListener(this, loop, ids.incrementAndGet(), server, handler);
            loop.call(() -> {
                listener.start();
                return null;
            });
            return listener;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * ACTIVE_OPEN to {@code address}. Returns at once, in SYN_SENT (or already ESTABLISHED); the handler hears
     * {@code opened} or {@code closed} with REFUSED, TIMEOUT (the connect timeout) or ERROR. A connect the kernel
     * fails before it sends a SYN (no route to {@code address}) takes no step: the connection returned is CLOSED,
     * gone from the registry, and its handler has heard {@code closed} ERROR, saying why.
     */
    public NioTcpConnection connect(SocketAddress address, NioTcpHandler handler) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        checkInetAddress(address, "connect to");
        checkOpen();
        SocketChannel ch = address instanceof InetSocketAddress isa && isa.getAddress() != null
                ? SocketChannel.open(isa.getAddress() instanceof java.net.Inet6Address
                        ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET)
                : SocketChannel.open();
        try {
            ch.configureBlocking(false);
            EventLoop loop = currentLoop().orElseGet(this::pickLoop);
            NioTcpConnection c = new NioTcpConnection(loop, ids.incrementAndGet(), ch, handler,
                    ConnectionInfo.Kind.ACTIVE);
            loop.call(() -> {
                c.startConnect(address);
                return null;
            });
            return c;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Rejects an address no TCP socket can use before any machine or registry row exists for it: an
     * {@link InetSocketAddress} whose host resolved, nothing else.
     */
    private static void checkInetAddress(SocketAddress address, String verb) {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("cannot " + verb + " " + address + ": a TCP runtime takes an"
                    + " InetSocketAddress, not a " + address.getClass().getSimpleName());
        }
        if (inet.isUnresolved()) {
            throw new IllegalArgumentException("cannot " + verb + " " + inet.getHostString() + ":" + inet.getPort()
                    + ": the host name did not resolve");
        }
    }

    /** Takes an accepted channel onto a loop. */
    void adopt(SocketChannel ch, NioTcpHandler handler) {
        EventLoop loop = pickLoop();
        Runnable start = () -> {
            try {
                ch.configureBlocking(false);
                new NioTcpConnection(loop, ids.incrementAndGet(), ch, handler, ConnectionInfo.Kind.PASSIVE)
                        .startAccepted();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot adopt an accepted connection", e);
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        };
        if (loop.inLoop()) {
            start.run();
        } else {
            loop.execute(start);
        }
    }

    /**
     * The loop whose thread is calling, if any: a listener or connection opened from a handler stays on the caller's
     * loop, which then never waits for another (two loops waiting for each other would deadlock).
     */
    private Optional<EventLoop> currentLoop() {
        return loopOf(Thread.currentThread());
    }

    /** The loop whose thread {@code thread} is, if it is one of this runtime's. */
    Optional<EventLoop> loopOf(Thread thread) {
        for (EventLoop loop : loops) {
            if (loop.thread == thread) {
                return Optional.of(loop);
            }
        }
        return Optional.empty();
    }

    private EventLoop pickLoop() {
        return loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("runtime closed");
        }
    }

    // ---- kernel ----

    /**
     * The kernel's state for {@code endpoint}'s 4-tuple now, as an RFC state: empty when the kernel's table cannot
     * be read; CLOSED when the kernel holds no such socket.
     */
    public Optional<TcpState> kernelState(NioTcpEndpoint endpoint) {
        if (!kernelTable.isAvailable() || endpoint.localAddress() == null) {
            return Optional.empty();
        }
        try {
            Optional<KernelSocketEntry> e = endpoint.remoteAddress() == null
                    ? kernelTable.snapshot().lookupListener(endpoint.localAddress())
                    : kernelTable.lookup(endpoint.localAddress(), endpoint.remoteAddress());
            return Optional.of(e.map(x -> TcpState.valueOf(x.state().rfcName())).orElse(TcpState.CLOSED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- observability ----

    void transitioned(NioTcpEndpoint e, TcpState from, TcpEvent event, TcpState to, boolean observed) {
        TcpTransitionEvent jfr = new TcpTransitionEvent();
        if (jfr.isEnabled()) {
            jfr.connectionId = e.id();
            jfr.local = String.valueOf(e.localAddress());
            jfr.remote = String.valueOf(e.remoteAddress());
            jfr.from = from.name();
            jfr.event = event.name();
            jfr.to = to.name();
            jfr.observed = observed;
            jfr.commit();
        }
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, e + ": " + from + " --" + event + "--> " + to + (observed ? "" : " (estimated)"));
        }
        if (!listeners.isEmpty()) {
            for (ConnectionListener l : listeners) {
                try {
                    l.transitioned(e, from, event, to);
                } catch (RuntimeException ex) {
                    LOG.log(Level.ERROR, "connection listener failed", ex);
                }
            }
        }
    }

    static void logLeak(CloseWaitLeak leak) {
        LOG.log(Level.WARNING, leak.toString());
    }

    private void scheduleLeakCheck(EventLoop loop) {
        long after = options.closeWaitLeak().toNanos();
        java.time.Duration every = java.time.Duration.ofNanos(Math.max(10_000_000L, after / 4));
        loop.execute(() -> {
            long start = System.nanoTime();
            loop.schedule(every, () -> checkLeaks(loop, every, after, start), null);
        });
    }

    /**
     * Reports the connections whose stay in CLOSE_WAIT reached {@code after} since the previous check (made at
     * {@code since}). A stay reaches that mark within exactly one check's window, so each leak is reported once
     * without a flag kept on every connection.
     */
    private void checkLeaks(EventLoop loop, java.time.Duration every, long after, long since) {
        long now = System.nanoTime();
        for (NioTcpConnection c : loop.connections()) {
            long entered = c.stateSinceNanos();
            if (c.state() == TcpState.CLOSE_WAIT && now - entered >= after && since - entered < after) {
                CloseWaitLeak leak = new CloseWaitLeak(c.info(), HandlerName.of(c.handler()),
                        java.time.Duration.ofNanos(now - entered));
                try {
                    options.leakReporter().accept(leak);
                } catch (RuntimeException ex) {
                    LOG.log(Level.ERROR, "leak reporter failed", ex);
                }
            }
        }
        loop.schedule(every, () -> checkLeaks(loop, every, after, now), null);
    }

    /** Stops the loops: listeners close, open connections are aborted (RST), then the selectors close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EventLoop l : loops) {
            l.stop();
        }
        hidden.close();
    }
}
