package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.testing.FinGate;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's own sequences for each life of a loopback connection, as {@link KernelTransitionSource} delivers them.
 * Each expected sequence is what Linux does (see the README's kernel facts); each test waits for both sockets'
 * {@code tcp_destroy_sock}, never sleeps.
 */
class KernelTransitionSourceLiveTest {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final String PASSIVE_OPEN = "LISTEN>SYN_RECV SYN_RECV>ESTABLISHED";
    static final String ACTIVE_OPEN = "CLOSE>SYN_SENT SYN_SENT>ESTABLISHED";
    static KernelTransitionSource source;

    @BeforeAll
    static void open() throws Exception {
        KernelTraceAvailability a = KernelTransitionSource.availability();
        assumeTrue(a.isAvailable(), a::toString);
        source = KernelTransitionSource.open();
    }

    @AfterAll
    static void close() {
        if (source != null) {
            source.close();
        }
    }

    interface Life {
        void run(SocketChannel client, SocketChannel accepted) throws Exception;
    }

    /** What one life showed: each socket's story and ending, and the kernel table's row for its 4-tuple after it. */
    record Lived(String client, String server, KernelEnding clientEnding, KernelEnding serverEnding,
                 Optional<KernelSocketEntry> clientRow) {
        String get(int i) {
            return i == 0 ? client : server;
        }
    }

    /** Both sockets' stories after {@code life}, once the kernel destroyed both. */
    static Lived live(LoopbackPair.Flavour f, Life life) throws Exception {
        assumeTrue(LoopbackPair.supported(f), f + " loopback not available");
        try (ServerSocketChannel server = LoopbackPair.listen(f)) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            KernelEvents ev = new KernelEvents(port);
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(port), ev)) {
                long before = System.nanoTime();
                SocketChannel client = f.openClient();
                SocketChannel accepted;
                try (client) {
                    client.connect(server.getLocalAddress());
                    long connected = System.nanoTime();
                    accepted = server.accept();
                    try (accepted) {
                        InetSocketAddress cl = (InetSocketAddress) client.getLocalAddress();
                        InetSocketAddress cr = (InetSocketAddress) client.getRemoteAddress();
                        assertTrue(source.sync(BOUND));
                        long c = ev.socketOf(cl, cr);
                        long a = ev.socketOf(cr, cl);
                        long established = ev.of(c).stream().filter(e -> e instanceof KernelTcpEvent.StateChange sc
                                && sc.newState() == KernelTcpState.ESTABLISHED).findFirst().orElseThrow()
                                .timestampNanos();
                        assertTrue(before <= established && established <= connected,
                                "kernel time of ESTABLISHED " + established + " not within nanoTime " + before + ".."
                                        + connected + ": trace_clock is not CLOCK_MONOTONIC");
                        life.run(client, accepted);
                        client.close();
                        accepted.close();
                        ev.await(e -> e instanceof KernelTcpEvent.SocketDestroyed d && d.socket() == c, BOUND);
                        ev.await(e -> e instanceof KernelTcpEvent.SocketDestroyed d && d.socket() == a, BOUND);
                        assertInOrder(ev.of(c));
                        assertInOrder(ev.of(a));
                        Optional<KernelSocketEntry> row = new KernelTcpTable().lookup(cl, cr);
                        return new Lived(ev.story(c), ev.story(a), KernelEnding.of(ev.of(c)).orElseThrow(),
                                KernelEnding.of(ev.of(a)).orElseThrow(), row);
                    }
                }
            }
        }
    }

    static void assertInOrder(List<KernelTcpEvent.SocketEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).timestampNanos() <= events.get(i).timestampNanos(), "out of order: " + events);
        }
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void clientClosesFirst(LoopbackPair.Flavour f) throws Exception {
        Lived stories = live(f, (c, a) -> {
            c.close();
            assertEquals(-1, a.read(ByteBuffer.allocate(8)));
        });
        assertEquals(ACTIVE_OPEN + " ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE destroy", stories.get(0));
        assertEquals(PASSIVE_OPEN + " ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE destroy",
                stories.get(1));
        assertEquals(KernelEnding.TIME_WAIT_OR_FIN_WAIT2_MINISOCKET, stories.clientEnding());
        assertEquals(KernelEnding.CLOSED_AFTER_LAST_ACK, stories.serverEnding());
        assertEquals(KernelEnding.TIME_WAIT, stories.clientEnding().resolveByPeer(Optional.of(stories.serverEnding())));
        assertEquals(KernelEnding.TIME_WAIT, stories.clientEnding().resolve(stories.clientRow()),
                "after the peer's LAST_ACK ended, the minisocket is in TIME_WAIT: " + stories.clientRow());
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void serverClosesFirst(LoopbackPair.Flavour f) throws Exception {
        Lived stories = live(f, (c, a) -> {
            a.close();
            assertEquals(-1, c.read(ByteBuffer.allocate(8)));
        });
        assertEquals(ACTIVE_OPEN + " ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE destroy",
                stories.get(0));
        assertEquals(PASSIVE_OPEN + " ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE destroy",
                stories.get(1));
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void resetBySoLingerZero(LoopbackPair.Flavour f) throws Exception {
        Lived stories = live(f, (c, a) -> {
            c.setOption(StandardSocketOptions.SO_LINGER, 0);
            c.close();
        });
        assertEquals(ACTIVE_OPEN + " ESTABLISHED>CLOSE rst-out destroy", stories.get(0));
        assertEquals(PASSIVE_OPEN + " rst-in ESTABLISHED>CLOSE destroy", stories.get(1));
        assertEquals(KernelEnding.ABORTED, stories.clientEnding());
        assertEquals(KernelEnding.RESET_RECEIVED, stories.serverEnding());
    }

    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void halfCloseKeepsDataFlowingFromCloseWait(LoopbackPair.Flavour f) throws Exception {
        Lived stories = live(f, (c, a) -> {
            c.shutdownOutput();
            assertEquals(-1, a.read(ByteBuffer.allocate(8)));
            a.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ByteBuffer in = ByteBuffer.allocate(8);
            while (in.position() < 3) {
                c.read(in);
            }
            a.close();
            assertEquals(-1, c.read(ByteBuffer.allocate(8)));
        });
        assertEquals(ACTIVE_OPEN + " ESTABLISHED>FIN_WAIT1 FIN_WAIT1>FIN_WAIT2 FIN_WAIT2>CLOSE destroy", stories.get(0));
        assertEquals(PASSIVE_OPEN + " ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE destroy",
                stories.get(1));
    }

    /**
     * Both sides shut down output while a {@link FinGate} holds every packet on {@code lo}, then the gate lets both FINs
     * go at once: each reaches a socket that already sent its own, so both sockets go through CLOSING, every time. The
     * connection lives in a child JVM in a network namespace of its own (the gate changes that namespace's {@code lo});
     * the tracepoints are host-wide, so this JVM's source, subscribed to the port the child listens on, sees it. The
     * port is one this JVM holds a listener on, so no other connection of the host can use it meanwhile.
     */
    @ParameterizedTest
    @EnumSource(value = LoopbackPair.Flavour.class, names = {"IPV4", "IPV6"})
    void simultaneousCloseCrossesTheFins(LoopbackPair.Flavour f) throws Exception {
        assumeTrue(LoopbackPair.supported(f), f + " loopback not available");
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        String crossed = "ESTABLISHED>FIN_WAIT1 FIN_WAIT1>CLOSING CLOSING>CLOSE destroy";
        try (ServerSocketChannel reserved = LoopbackPair.listen(f)) {
            int port = ((InetSocketAddress) reserved.getLocalAddress()).getPort();
            KernelEvents ev = new KernelEvents(port);
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(port), ev);
                 PrivateNetnsJvm child = PrivateNetnsJvm.start(SimultaneousCloseChild.class, f.host,
                         Integer.toString(port))) {
                String[] connected = child.awaitLine("connected ", BOUND).split(" ");
                InetSocketAddress cl = SimultaneousCloseChild.address(connected[1]);
                InetSocketAddress cr = SimultaneousCloseChild.address(connected[2]);
                child.awaitLine("closed", BOUND);
                assertEquals(0, child.awaitExit(BOUND), () -> "child: " + child.output());
                ev.await(e -> e instanceof KernelTcpEvent.StateChange c && c.local().equals(cl)
                        && c.newState() == KernelTcpState.ESTABLISHED, BOUND);
                long c = ev.socketOf(cl, cr);
                ev.await(e -> e instanceof KernelTcpEvent.StateChange x && x.local().equals(cr)
                        && x.remote().equals(cl), BOUND);
                long a = ev.socketOf(cr, cl);
                ev.await(e -> e instanceof KernelTcpEvent.SocketDestroyed d && d.socket() == c, BOUND);
                ev.await(e -> e instanceof KernelTcpEvent.SocketDestroyed d && d.socket() == a, BOUND);
                assertEquals(ACTIVE_OPEN + " " + crossed, ev.story(c));
                assertEquals(PASSIVE_OPEN + " " + crossed, ev.story(a));
                assertEquals(KernelEnding.TIME_WAIT, KernelEnding.of(ev.of(c)).orElseThrow());
                assertEquals(KernelEnding.TIME_WAIT, KernelEnding.of(ev.of(a)).orElseThrow());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = LoopbackPair.Flavour.class, names = {"IPV4", "IPV6"})
    void refusedConnectionIsResetInSynSent(LoopbackPair.Flavour f) throws Exception {
        assumeTrue(LoopbackPair.supported(f), f + " loopback not available");
        try (SocketChannel bound = f.openClient()) {
            bound.bind(new InetSocketAddress(InetAddress.getByName(f.host), 0));
            InetSocketAddress closed = (InetSocketAddress) bound.getLocalAddress();
            KernelEvents ev = new KernelEvents(closed.getPort());
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(closed.getPort()), ev);
                 SocketChannel client = f.openClient()) {
                try {
                    client.connect(closed);
                    throw new AssertionError("connected to a port nobody listens on");
                } catch (ConnectException expected) {
                    // refused
                }
                KernelTcpEvent.SocketDestroyed d = (KernelTcpEvent.SocketDestroyed) ev.await(
                        e -> e instanceof KernelTcpEvent.SocketDestroyed, BOUND);
                assertEquals("CLOSE>SYN_SENT rst-in SYN_SENT>CLOSE destroy", ev.story(d.socket()));
                assertEquals(KernelEnding.REFUSED, KernelEnding.of(ev.of(d.socket())).orElseThrow());
                KernelTcpEvent.ResetSent rst = (KernelTcpEvent.ResetSent) ev.await(
                        e -> e instanceof KernelTcpEvent.ResetSent, BOUND);
                assertEquals(0, rst.socket(), "no socket answered the SYN");
                assertEquals(closed, rst.local(), "the reset comes from the refusing address");
                KernelTcpEvent.SocketEvent reset = ev.of(d.socket()).get(1);
                assertEquals(reset.local(), rst.remote(), "the reset goes to the connecting socket");
                assertEquals(0, d.remote().getPort(), "a refused socket is destroyed with its remote port cleared");
                assertTrue(rst.state().isEmpty());
            }
        }
    }

    @Test
    void syncAfterCloseHasDeliveredFinWait1() throws Exception {
        try (ServerSocketChannel server = LoopbackPair.listen(LoopbackPair.Flavour.IPV4)) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            KernelEvents ev = new KernelEvents(port);
            try (KernelTransitionSource.Subscription s = source.subscribe(List.of(port), ev);
                 SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                InetSocketAddress cl = (InetSocketAddress) client.getLocalAddress();
                client.shutdownOutput();
                assertTrue(source.sync(BOUND));
                assertTrue(ev.all().stream().anyMatch(e -> e instanceof KernelTcpEvent.StateChange c
                        && c.local().equals(cl) && c.newState() == KernelTcpState.FIN_WAIT1),
                        "FIN_WAIT1 recorded before sync() was not delivered: " + ev.all());
            }
        }
    }


    /**
     * A narrowed interest (the server's side only, the hidden states only, no destructions) gets exactly that: the
     * accepted socket's {@code LAST_ACK -> CLOSE}, none of the client's events, none of the changes NIO shows. A full
     * subscription on the same port, at the same time, still gets everything: the kernel filter is the union.
     */
    @Test
    void aNarrowedInterestGetsOnlyTheServerSocketsHiddenChanges() throws Exception {
        try (ServerSocketChannel server = LoopbackPair.listen(LoopbackPair.Flavour.IPV4)) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            KernelEvents narrow = new KernelEvents();
            KernelEvents full = new KernelEvents(port);
            KernelInterest interest = KernelInterest.localPorts(List.of(port))
                    .withKinds(java.util.EnumSet.of(KernelInterest.Kind.STATE_CHANGES))
                    .withNewStates(java.util.EnumSet.of(KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSE));
            try (KernelTransitionSource.Subscription n = source.subscribe(interest, narrow);
                    KernelTransitionSource.Subscription f = source.subscribe(List.of(port), full)) {
                assertEquals(interest, n.interest());
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                InetSocketAddress cl = (InetSocketAddress) client.getLocalAddress();
                InetSocketAddress cr = (InetSocketAddress) client.getRemoteAddress();
                client.shutdownOutput();
                assertEquals(-1, accepted.read(ByteBuffer.allocate(1)));
                accepted.close();
                assertTrue(source.sync(BOUND));
                long a = full.socketOf(cr, cl);
                full.await(e -> e instanceof KernelTcpEvent.StateChange sc && sc.socket() == a
                        && sc.newState() == KernelTcpState.CLOSE, BOUND);
                client.close();
                assertTrue(source.sync(BOUND));
                String story = full.story(a);
                assertTrue(story.contains("ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE"), story);
                assertTrue(full.story(cl, cr).contains("ESTABLISHED>FIN_WAIT1"), "the client's events pass the full"
                        + " subscription: " + full.story(cl, cr));
                assertEquals(List.of("LAST_ACK>CLOSE"), narrow.all().stream().map(KernelEvents::text).toList(),
                        "the narrowed subscription's whole delivery");
            }
        }
    }
}
