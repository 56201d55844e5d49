package io.fsmgen.web.tcp;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.watch.ConnectionWatcher;
import io.fsmgen.tcp.watch.WatchListener;
import io.fsmgen.tcp.watch.WatchTransition;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The connections of the whole host, as {@code watch} follows them: each kernel socket with its RFC machine, fed by
 * the kernel's tracepoints. The kernel is both the source of every transition and the kernel column (shown where
 * Linux's state is not the RFC state the machine took, as for a TIME_WAIT minisocket).
 *
 * <p>Its listener runs on the kernel source's reader thread; while no page is open it returns after one volatile
 * read. Rows are read from the watcher a few times a second; owners (pid and command, from {@code /proc}) are looked
 * up once per connection and remembered.
 */
public final class WatchSource implements TcpSource, WatchListener {

    static final int QUEUE = 16_384;

    private final ArrayBlockingQueue<WatchTransition> heard = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong lost = new AtomicLong();
    private final Map<Long, Long> ids = bounded();
    private final Map<Long, String> owners = bounded();
    /** Which end each socket is, as its first transitions said: the rows' guess by port is only a fallback. */
    private final Map<Long, TcpTransition.Side> sides = bounded();
    private final Map<String, String> kernelStates = new HashMap<>();
    private volatile boolean live;
    private ConnectionWatcher watcher;
    private Duration leakAfter;
    private BiFunction<InetSocketAddress, InetSocketAddress, Optional<String>> ownerOf = (l, r) -> Optional.empty();
    private long nextId;

    /** The watcher to read rows from, once it runs. Called before the view is shown. */
    public synchronized void watching(ConnectionWatcher running, Duration leakThreshold,
            BiFunction<InetSocketAddress, InetSocketAddress, Optional<String>> owner) {
        this.watcher = running;
        this.leakAfter = leakThreshold;
        this.ownerOf = owner;
    }

    @Override
    public void onTransition(WatchTransition transition) {
        if (live && !heard.offer(transition)) {
            lost.incrementAndGet();
        }
    }

    @Override
    public String machine() {
        return "io.fsmgen.tcp.TcpMachine";
    }

    @Override
    public ClassLoader loader() {
        return TcpState.class.getClassLoader();
    }

    @Override
    public String describe() {
        return "every TCP connection of this host, from the kernel's tracepoints (watch), each followed by a"
                + " TcpMachine; the kernel column shows Linux's state where it is not the RFC's";
    }

    @Override
    public void live(boolean on) {
        live = on;
        if (!on) {
            heard.clear();
        }
    }

    @Override
    public void drain(Consumer<TcpTransition> into) {
        for (WatchTransition t; (t = heard.poll()) != null; ) {
            if (t.rfcFrom() == TcpState.CLOSED || t.rfcFrom() == TcpState.LISTEN && t.rfcTo() != TcpState.CLOSED) {
                // A new life: the kernel may reuse a socket address whose end this page never heard (a dropped
                // transition, an end read as TIME_WAIT), and a reused address must not bring back the old id.
                forget(t.socket());
            }
            long id = idOf(t.socket());
            TcpTransition.Side side = side(t.local(), t.remote(), t.rfcFrom(), t.rfcTo());
            if (t.rfcFrom() == TcpState.CLOSED || t.rfcFrom() == TcpState.LISTEN
                    || t.rfcFrom() == TcpState.SYN_SENT || t.rfcFrom() == TcpState.SYN_RECEIVED) {
                sides.put(t.socket(), side); // told by the opening itself, not guessed
            }
            into.accept(new TcpTransition(id, side,
                    TcpTransition.Lane.MACHINE, t.local(), t.remote(), t.rfcFrom().name(),
                    t.kernelFrom() + " -> " + t.kernelTo() + (t.flagged() ? " (not RFC)" : ""), t.rfcTo().name(),
                    t.timestampNanos(), t.note().isPresent()));
            if (t.rfcTo() == TcpState.CLOSED) {
                forget(t.socket());
            }
        }
    }

    @Override
    public long lost() {
        return lost.get();
    }

    @Override
    public void states(StateVisitor visitor) {
        for (ConnectionWatcher.Connection c : connections()) {
            visitor.visit(idOf(c.socket()), c.state().name());
        }
    }

    @Override
    public void rows(Consumer<TcpRow> into) {
        long now = System.nanoTime();
        kernelStates.clear();
        for (ConnectionWatcher.Connection c : connections()) {
            long id = idOf(c.socket());
            String owner = owners.computeIfAbsent(c.socket(), socket -> ownerOf.apply(c.local(), c.remote())
                    .orElse(null));
            kernelStates.put(key(c.local(), c.remote()), c.kernelState() == null ? null : c.kernelState().rfcName());
            TcpTransition.Side side = sides.getOrDefault(c.socket(), side(c.local(), c.remote(), c.state(),
                    c.state()));
            into.accept(new TcpRow(id, side, c.local(), c.remote(),
                    c.state().name(), true, c.sinceNanos() < 0 ? 0 : (now - c.sinceNanos()) / 1_000_000, 0, 0,
                    owner == null ? "?" : owner));
        }
    }

    @Override
    public Optional<Duration> leakAfter() {
        return Optional.ofNullable(leakAfter);
    }

    @Override
    public KernelStates kernel() {
        return new KernelStates() {
            @Override
            public void refresh(BitSet localPorts) {
                // rows() has just read the kernel's states with the machines'
            }

            @Override
            public Optional<String> stateOf(InetSocketAddress local, InetSocketAddress remote) {
                return Optional.ofNullable(kernelStates.get(key(local, remote)));
            }
        };
    }

    @Override
    public void close() {
        live = false;
        heard.clear();
    }

    private List<ConnectionWatcher.Connection> connections() {
        ConnectionWatcher w;
        synchronized (this) {
            w = watcher;
        }
        return w == null ? List.of() : w.connections();
    }

    /** A small number for a kernel socket address, which a page's JavaScript could not hold exactly. */
    private long idOf(long socket) {
        return ids.computeIfAbsent(socket, s -> ++nextId);
    }

    private void forget(long socket) {
        ids.remove(socket);
        owners.remove(socket);
        sides.remove(socket);
    }

    /** The most sockets remembered per map: ends the page never heard (dropped transitions) cannot pile up. */
    static final int REMEMBERED = 4 * QUEUE;

    /** A map that forgets its eldest entry past {@link #REMEMBERED}. */
    private static <V> Map<Long, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /**
     * Which end a socket is: the one that sent a SYN is the client, a listener's child the server; for a connection
     * first seen established, the end with the lower port is taken for the server (ephemeral ports are high).
     */
    private static TcpTransition.Side side(InetSocketAddress local, InetSocketAddress remote, TcpState from,
            TcpState to) {
        if (from == TcpState.LISTEN && to != TcpState.SYN_RECEIVED || to == TcpState.LISTEN) {
            return TcpTransition.Side.LISTENER;
        }
        if (from == TcpState.SYN_SENT || to == TcpState.SYN_SENT) {
            return TcpTransition.Side.CLIENT;
        }
        if (from == TcpState.SYN_RECEIVED || to == TcpState.SYN_RECEIVED) {
            return TcpTransition.Side.SERVER;
        }
        return local == null || remote == null || local.getPort() < remote.getPort() ? TcpTransition.Side.SERVER
                : TcpTransition.Side.CLIENT;
    }

    private static String key(InetSocketAddress local, InetSocketAddress remote) {
        return local + "|" + remote;
    }
}
