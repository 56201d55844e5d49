package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the kernel's view of real loopback connections through {@link KernelTcpTable}, step by
 * step. Linux only (skipped where /proc/net/tcp is missing), IPv6 cases skipped where ::1 cannot be
 * bound. Every kernel transition is asynchronous, so each check reads the table again at each kernel event of the
 * connection's sockets ({@link KernelSignal}: the tracepoints, where they can be read), for at most {@link #WAIT_MS}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelTcpLiveTest {

    private static final long WAIT_MS = 30_000;

    private final KernelTcpTable table = new KernelTcpTable();

    @BeforeEach
    void linuxOnly() {
        assumeTrue(table.isAvailable(), "no /proc/net/tcp: not Linux");
    }

    private static void assumeSupported(LoopbackPair.Flavour f) {
        assumeTrue(LoopbackPair.supported(f), () -> f + " loopback unavailable on this host");
    }

    @Test
    void theWholeTableParsesOnThisKernel() throws IOException {
        KernelTcpSnapshot s = table.snapshot();
        assertTrue(s.problems().isEmpty(), () -> s.problems().toString());
    }

    /** Client closes first, by half-close, then the server closes; the client ends in TIME_WAIT. */
    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void halfCloseThenServerClose(LoopbackPair.Flavour f) throws IOException {
        assumeSupported(f);
        ServerSocketChannel server = LoopbackPair.listen(f);
        InetSocketAddress listen = (InetSocketAddress) server.getLocalAddress();
        KernelSocketEntry l = await("listener", s -> s.lookupListener(listen), KernelTcpState.LISTEN::equals,
                List.of(listen.getPort()));
        assertFalse(l.orphanOrMinisocket());

        try (LoopbackPair p = LoopbackPair.connect(f, server)) {
            KernelSocketEntry c = awaitState(p, true, KernelTcpState.ESTABLISHED);
            KernelSocketEntry a = awaitState(p, false, KernelTcpState.ESTABLISHED);
            assertFalse(c.orphanOrMinisocket());
            assertFalse(a.orphanOrMinisocket());
            assertNotEquals(c.inode(), a.inode());

            p.client.shutdownOutput();
            c = awaitState(p, true, KernelTcpState.FIN_WAIT2);
            assertFalse(c.orphanOrMinisocket(), "channel still open: a full socket with an inode");
            KernelSocketEntry cw = awaitState(p, false, KernelTcpState.CLOSE_WAIT);
            assertEquals(1, cw.rxQueue(), "the unread FIN counts in rx_queue");
            assertEquals(-1, p.accepted.read(ByteBuffer.allocate(1)));
            assertEquals(0, table.lookup(p.acceptedLocal, p.acceptedRemote).orElseThrow().rxQueue(), "FIN read");

            p.accepted.close();
            awaitGone(p, false);
            // The peer's FIN turns the client into a timewait minisocket even while its channel is open.
            awaitState(p, true, KernelTcpState.TIME_WAIT);
            assertEquals(-1, p.client.read(ByteBuffer.allocate(1)));

            p.client.close();
            KernelSocketEntry tw = awaitState(p, true, KernelTcpState.TIME_WAIT);
            assertTrue(tw.orphanOrMinisocket());
            assertTrue(tw.timewaitMinisocket());
            assertTrue(tw.timerTicks() > 0 && tw.timerTicks() <= 60 * KernelSocketEntry.USER_HZ, () -> "" + tw);
            assertEquals("TIME_WAIT", tw.state().rfcName());

            p.server.close();
            assertTrue(table.snapshot().lookupListener(listen).isEmpty(), "listener closed");
        }
    }

    /**
     * Client closes its channel outright: it becomes an orphan in FIN_WAIT_2 (a timewait minisocket
     * printed as st=05 when tcp_fin_timeout allows), then TIME_WAIT after the server's FIN, found
     * by the tuple saved before close().
     */
    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void closedSocketTupleIsStillFoundInTimeWait(LoopbackPair.Flavour f) throws IOException {
        assumeSupported(f);
        try (LoopbackPair p = LoopbackPair.connect(f, LoopbackPair.listen(f))) {
            awaitState(p, true, KernelTcpState.ESTABLISHED);

            p.client.close();
            KernelSocketEntry fw2 = awaitState(p, true, KernelTcpState.FIN_WAIT2);
            assertTrue(fw2.orphanOrMinisocket(), () -> "closed channel leaves an orphan: " + fw2);
            if (finTimeoutSeconds().filter(t -> t <= 60).isPresent()) {
                // Usually a timewait minisocket; but when the ACK of our FIN meets the socket still locked by
                // close(), tcp_rcv_state_process keeps the full orphan and arms its FIN_WAIT_2 (keepalive) timer.
                assertTrue(fw2.timewaitMinisocket() || fw2.timer() == KernelTimer.KEEPALIVE,
                        () -> "orphan FIN_WAIT_2 as a timewait minisocket or a full orphan on its timer: " + fw2);
            }
            awaitState(p, false, KernelTcpState.CLOSE_WAIT);

            assertEquals(-1, p.accepted.read(ByteBuffer.allocate(1)));
            p.accepted.close();
            awaitGone(p, false);
            KernelSocketEntry tw = awaitState(p, true, KernelTcpState.TIME_WAIT);
            assertTrue(tw.orphanOrMinisocket());
            KernelSocketEntry again = table.lookup(p.clientLocal, p.clientRemote).orElseThrow();
            assertEquals(KernelTcpState.TIME_WAIT, again.state(), "lookup on the table itself");
            assertTrue(again.timerTicks() <= tw.timerTicks(), "the TIME_WAIT timer counts down");
        }
    }

    /** Server closes first, completely: it passes LAST_ACK to CLOSED; client waits in CLOSE_WAIT. */
    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void serverClosesFirst(LoopbackPair.Flavour f) throws IOException {
        assumeSupported(f);
        try (LoopbackPair p = LoopbackPair.connect(f, LoopbackPair.listen(f))) {
            awaitState(p, false, KernelTcpState.ESTABLISHED);
            p.accepted.close();
            awaitState(p, false, KernelTcpState.FIN_WAIT2);
            awaitState(p, true, KernelTcpState.CLOSE_WAIT);
            assertEquals(-1, p.client.read(ByteBuffer.allocate(1)));
            p.client.close();
            awaitGone(p, true);
            awaitState(p, false, KernelTcpState.TIME_WAIT);
        }
    }

    /** SO_LINGER 0 then close(): a RST, no TIME_WAIT on either side, and the peer's read fails. */
    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void abortWithLingerZeroSendsRst(LoopbackPair.Flavour f) throws IOException {
        assumeSupported(f);
        try (LoopbackPair p = LoopbackPair.connect(f, LoopbackPair.listen(f))) {
            awaitState(p, true, KernelTcpState.ESTABLISHED);
            awaitState(p, false, KernelTcpState.ESTABLISHED);

            p.client.setOption(StandardSocketOptions.SO_LINGER, 0);
            p.client.close();
            awaitGone(p, true);
            awaitGone(p, false);
            KernelTcpSnapshot again = table.snapshot();
            assertTrue(again.lookup(p.clientLocal, p.clientRemote).isEmpty(), "no TIME_WAIT after abort");
            assertTrue(again.lookup(p.acceptedLocal, p.acceptedRemote).isEmpty());

            p.accepted.configureBlocking(false);
            IOException e = assertThrows(IOException.class, () -> p.accepted.read(ByteBuffer.allocate(1)));
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("reset"), () -> "peer sees RST: " + e);
        }
    }

    /** A listener on the wildcard address is found by the address Java reports for it. */
    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void wildcardListener(LoopbackPair.Flavour f) throws IOException {
        assumeSupported(f);
        try (ServerSocketChannel server = f.openServer()) {
            server.bind(new InetSocketAddress(0));
            InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
            assertTrue(local.getAddress().isAnyLocalAddress(), local::toString);
            KernelSocketEntry l = await("wildcard listener " + local, s -> s.lookupListener(local),
                    KernelTcpState.LISTEN::equals, List.of(local.getPort()));
            assertEquals(local.getPort(), l.local().getPort());
            assertTrue(l.remote().getAddress().isAnyLocalAddress());
        }
    }

    @Test
    void renderShowsTheConnection() throws IOException {
        LoopbackPair.Flavour f = LoopbackPair.Flavour.IPV4;
        try (LoopbackPair p = LoopbackPair.connect(f, LoopbackPair.listen(f))) {
            KernelSocketEntry c = awaitState(p, true, KernelTcpState.ESTABLISHED);
            assertEquals("ESTAB 0 0 127.0.0.1:" + p.clientLocal.getPort() + " 127.0.0.1:" + p.listenAddress.getPort(),
                    SsFormat.line(c));
            String table = this.table.render();
            assertTrue(table.contains("127.0.0.1:" + p.clientLocal.getPort()), table);
        }
    }

    // ----------------------------------------------------------------------------------------

    private KernelSocketEntry awaitState(LoopbackPair p, boolean clientSide, KernelTcpState want) throws IOException {
        InetSocketAddress local = clientSide ? p.clientLocal : p.acceptedLocal;
        InetSocketAddress remote = clientSide ? p.clientRemote : p.acceptedRemote;
        String who = (clientSide ? "client " : "server ") + local + " -> " + remote;
        return await(who, s -> s.lookup(local, remote), want::equals, p);
    }

    /** The table, read again only when the kernel reports an event of one of {@code ports}' sockets. */
    private KernelTcpSnapshot snapshotWhen(List<Integer> ports, Predicate<KernelTcpSnapshot> done) {
        return KernelSignal.snapshotWhen(table, ports, Duration.ofMillis(WAIT_MS), done);
    }

    private void awaitGone(LoopbackPair p, boolean clientSide) throws IOException {
        InetSocketAddress local = clientSide ? p.clientLocal : p.acceptedLocal;
        InetSocketAddress remote = clientSide ? p.clientRemote : p.acceptedRemote;
        KernelTcpSnapshot s = snapshotWhen(List.of(local.getPort(), remote.getPort()),
                x -> x.lookup(local, remote).isEmpty());
        if (s.lookup(local, remote).isEmpty()) {
            return;
        }
        fail((clientSide ? "client" : "server") + " still held by the kernel after " + WAIT_MS + " ms: "
                + s.lookup(local, remote).orElseThrow() + "\n" + rows(s, p));
    }

    private KernelSocketEntry await(String who, Function<KernelTcpSnapshot, Optional<KernelSocketEntry>> find,
            Predicate<KernelTcpState> want, List<Integer> ports) {
        return await(who, find, want, null, ports);
    }

    private KernelSocketEntry await(String who, Function<KernelTcpSnapshot, Optional<KernelSocketEntry>> find,
            Predicate<KernelTcpState> want, LoopbackPair p) {
        return await(who, find, want, p, List.of(p.clientLocal.getPort(), p.acceptedLocal.getPort()));
    }

    private KernelSocketEntry await(String who, Function<KernelTcpSnapshot, Optional<KernelSocketEntry>> find,
            Predicate<KernelTcpState> want, LoopbackPair p, List<Integer> ports) {
        KernelTcpSnapshot s = snapshotWhen(ports, x -> find.apply(x).filter(e -> want.test(e.state())).isPresent());
        Optional<KernelSocketEntry> e = find.apply(s);
        if (e.isPresent() && want.test(e.get().state())) {
            return e.get();
        }
        return fail(who + ": kernel state after " + WAIT_MS + " ms is " + e.map(x -> x.state().name()).orElse("absent")
                + "\n" + (p == null ? s.render() : rows(s, p)));
    }

    private static String rows(KernelTcpSnapshot s, LoopbackPair p) {
        return SsFormat.table(s.entries().stream().filter(p::concerns).collect(Collectors.toList()));
    }


    private static Optional<Integer> finTimeoutSeconds() {
        try {
            return Optional.of(Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/tcp_fin_timeout")).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
