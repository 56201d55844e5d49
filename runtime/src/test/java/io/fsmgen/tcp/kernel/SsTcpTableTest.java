package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SsTcpTable}: the choice between {@code ss} and {@code /proc} (with stand-in commands), and, live, that
 * {@code ss} and {@code /proc} agree on real loopback connections. Linux only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SsTcpTableTest {

    private static final long WAIT_MS = 30_000;

    private final KernelTcpTable proc = new KernelTcpTable();

    @TempDir
    Path dir;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(proc.isAvailable(), "no /proc/net/tcp: not Linux");
    }

    @Test
    void missingSsFallsBackToProc() throws IOException {
        SsTcpTable t = new SsTcpTable(dir.resolve("no-such-ss").toString(), proc, Duration.ofSeconds(2));
        assertEquals(SsTcpTable.Source.PROC, t.source());
        LoopbackPair.Flavour f = LoopbackPair.Flavour.IPV4;
        try (LoopbackPair p = LoopbackPair.connect(f, LoopbackPair.listen(f))) {
            KernelTcpSnapshot s = t.snapshot(ports(p.clientLocal.getPort()), ports(p.clientRemote.getPort()));
            assertEquals(KernelTcpState.ESTABLISHED, s.lookup(p.clientLocal, p.clientRemote).orElseThrow().state());
            assertTrue(s.entries().stream().allMatch(e -> e.local().getPort() == p.clientLocal.getPort()),
                    "/proc rows filtered by local port");
        }
    }

    @Test
    void ssThatFailsItsProbeFallsBackToProc() throws IOException {
        Path ss = script("ss-broken", "echo 'Cannot open netlink socket' >&2; exit 1");
        SsTcpTable t = new SsTcpTable(ss.toString(), proc, Duration.ofSeconds(2));
        assertEquals(SsTcpTable.Source.PROC, t.source());
    }

    @Test
    void ssOutputIsParsedAndFilterPassed() throws IOException {
        Path args = dir.resolve("args");
        Path ss = script("ss-fixture", "printf '%s\\n' \"$@\" > " + args + "\n"
                + "echo 'ESTAB 3 0 127.0.0.1:40000 127.0.0.1:5000 timer:(keepalive,15sec,0) ino:42 sk:1'\n"
                + "echo 'garbage line'\n"
                + "echo 'TIME-WAIT 0 0 [::ffff:127.0.0.1]:40001 [::ffff:127.0.0.1]:5000 timer:(timewait,6.500ms,0) ino:0'");
        SsTcpTable t = new SsTcpTable(ss.toString(), proc, Duration.ofSeconds(2));
        assertEquals(SsTcpTable.Source.SS, t.source());
        KernelTcpSnapshot s = t.snapshot(ports(40000, 40001), ports(5000));
        assertEquals(List.of("-tanoeH", "state", "connected", "( sport = :40000 or sport = :40001 ) and ( dport = :5000 )"),
                Files.readAllLines(args));
        assertEquals(2, s.entries().size());
        assertEquals(1, s.problems().size());
        assertEquals(2, s.problems().get(0).lineNumber());
        KernelSocketEntry e = s.lookup(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 5000))
                .orElseThrow();
        assertEquals(3, e.rxQueue());
        assertEquals(42, e.inode());
        assertEquals(650, s.lookup(new InetSocketAddress("127.0.0.1", 40001), new InetSocketAddress("127.0.0.1", 5000))
                .orElseThrow().timerTicks());
    }

    @Test
    void failingRunsAreAnsweredFromProcThenProcForGood() throws IOException {
        Path ss = script("ss-flaky", "[ \"$1\" = -V ] && { echo 'ss utility, iproute2-test'; exit 0; }\n"
                + "echo 'some netlink error' >&2; exit 2");
        SsTcpTable t = new SsTcpTable(ss.toString(), proc, Duration.ofSeconds(2));
        assertEquals(SsTcpTable.Source.SS, t.source());
        LoopbackPair.Flavour f = LoopbackPair.Flavour.IPV4;
        try (LoopbackPair p = LoopbackPair.connect(f, LoopbackPair.listen(f))) {
            for (int i = 1; i <= SsTcpTable.FAILURES_BEFORE_FALLBACK; i++) {
                KernelTcpSnapshot s = t.snapshot(ports(p.clientLocal.getPort()), ports(p.clientRemote.getPort()));
                assertTrue(s.lookup(p.clientLocal, p.clientRemote).isPresent(), "answered from /proc");
                assertEquals(i < SsTcpTable.FAILURES_BEFORE_FALLBACK ? SsTcpTable.Source.SS : SsTcpTable.Source.PROC,
                        t.source(), "after failure " + i);
            }
        }
        IOException e = assertThrows(IOException.class, () -> t.ssSnapshot(""));
        assertTrue(e.getMessage().contains("exit code 2") && e.getMessage().contains("some netlink error"), e::getMessage);
    }

    @Test
    void aHangingSsIsKilledAtItsTimeout() throws IOException {
        Path ss = script("ss-hang", "[ \"$1\" = -V ] && exit 0\nexec sleep 30");
        SsTcpTable t = new SsTcpTable(ss.toString(), proc, Duration.ofMillis(300));
        assertEquals(SsTcpTable.Source.SS, t.source());
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> t.ssSnapshot(""));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 3_000, () -> "took " + ms + " ms");
        assertTrue(e.getMessage().contains("300 ms"), e::getMessage);
    }

    // ---------------------------------------------------------------------------------------- live

    /**
     * Real connections in several states, each side: ss (filtered by their ports) and /proc must agree on state,
     * queues, inode and uid for every 4-tuple. Each state is awaited on the kernel's events and the unread data on
     * a selector, so what the test asserts has happened before the reads. Only an acknowledgement may still be on
     * its way (a send queue that empties, with no event to wait on), so ss, read between two reads of /proc, must
     * show for each 4-tuple what /proc showed before or after it.
     */
    @ParameterizedTest
    @EnumSource(LoopbackPair.Flavour.class)
    void ssAgreesWithProc(LoopbackPair.Flavour f) throws Exception {
        assumeTrue(LoopbackPair.supported(f), () -> f + " loopback unavailable on this host");
        SsTcpTable ss = new SsTcpTable(proc);
        assumeTrue(ss.source() == SsTcpTable.Source.SS, "no working ss here");
        List<LoopbackPair> pairs = new ArrayList<>();
        try {
            // ESTABLISHED both sides, 5 unread bytes on the server side.
            LoopbackPair estab = LoopbackPair.connect(f, LoopbackPair.listen(f));
            pairs.add(estab);
            estab.client.write(ByteBuffer.wrap("hello".getBytes()));
            // Client half-closed: FIN-WAIT-2 (full socket) / CLOSE-WAIT with the FIN unread.
            LoopbackPair half = LoopbackPair.connect(f, LoopbackPair.listen(f));
            pairs.add(half);
            half.client.shutdownOutput();
            // Client closed: orphan FIN-WAIT-2 / CLOSE-WAIT.
            LoopbackPair orphan = LoopbackPair.connect(f, LoopbackPair.listen(f));
            pairs.add(orphan);
            orphan.client.close();
            // Both closed, client first: client TIME-WAIT, server gone.
            LoopbackPair tw = LoopbackPair.connect(f, LoopbackPair.listen(f));
            pairs.add(tw);
            tw.client.close();
            awaitProc(tw.acceptedLocal, tw.acceptedRemote, KernelTcpState.CLOSE_WAIT);
            tw.accepted.close();
            awaitProc(tw.clientLocal, tw.clientRemote, KernelTcpState.TIME_WAIT);

            BitSet local = new BitSet();
            BitSet remote = new BitSet();
            List<InetSocketAddress[]> tuples = new ArrayList<>();
            for (LoopbackPair p : pairs) {
                tuples.add(new InetSocketAddress[] {p.clientLocal, p.clientRemote});
                tuples.add(new InetSocketAddress[] {p.acceptedLocal, p.acceptedRemote});
                local.set(p.clientLocal.getPort());
                local.set(p.acceptedLocal.getPort());
                remote.set(p.clientRemote.getPort());
                remote.set(p.acceptedRemote.getPort());
            }
            awaitProc(estab.acceptedLocal, estab.acceptedRemote, KernelTcpState.ESTABLISHED);
            awaitReadable(estab.accepted);
            awaitProc(half.clientLocal, half.clientRemote, KernelTcpState.FIN_WAIT2);
            awaitProc(half.acceptedLocal, half.acceptedRemote, KernelTcpState.CLOSE_WAIT);
            awaitProc(orphan.clientLocal, orphan.clientRemote, KernelTcpState.FIN_WAIT2);
            awaitProc(orphan.acceptedLocal, orphan.acceptedRemote, KernelTcpState.CLOSE_WAIT);

            KernelTcpSnapshot before = proc.snapshot();
            KernelTcpSnapshot viaSs = ss.snapshot(local, remote);
            KernelTcpSnapshot unfiltered = ss.ssSnapshot("");
            KernelTcpSnapshot after = proc.snapshot();
            assertTrue(viaSs.problems().isEmpty(), () -> viaSs.problems().toString());
            assertTrue(unfiltered.problems().isEmpty(), () -> unfiltered.problems().toString());
            List<String> mismatch = new ArrayList<>();
            for (InetSocketAddress[] t : tuples) {
                String a = key(before.lookup(t[0], t[1]));
                String b = key(viaSs.lookup(t[0], t[1]));
                String d = key(unfiltered.lookup(t[0], t[1]));
                String c = key(after.lookup(t[0], t[1]));
                // Read in the order a, b, d, c: each read shows the earlier value or, from some read on, the later.
                boolean consistent = a.equals(c) ? a.equals(b) && a.equals(d)
                        : (b.equals(a) && (d.equals(a) || d.equals(c))) || (b.equals(c) && d.equals(c));
                if (!consistent) {
                    mismatch.add(t[0] + "->" + t[1] + ": /proc " + a + ", ss " + b + ", ss unfiltered " + d
                            + ", /proc " + c);
                }
            }
            assertTrue(mismatch.isEmpty(), () -> "ss and /proc disagree:\n" + String.join("\n", mismatch));
            // The states asked for are really there, so agreement is not agreement on absence.
            KernelSocketEntry established = viaSs.lookup(estab.acceptedLocal, estab.acceptedRemote).orElseThrow();
            assertEquals(KernelTcpState.ESTABLISHED, established.state());
            assertEquals(5, established.rxQueue());
            assertEquals(KernelTcpState.FIN_WAIT2,
                    viaSs.lookup(half.clientLocal, half.clientRemote).orElseThrow().state());
            assertEquals(1, viaSs.lookup(half.acceptedLocal, half.acceptedRemote).orElseThrow().rxQueue());
            assertTrue(viaSs.lookup(orphan.clientLocal, orphan.clientRemote).orElseThrow().orphanOrMinisocket());
            KernelSocketEntry t = viaSs.lookup(tw.clientLocal, tw.clientRemote).orElseThrow();
            assertEquals(KernelTcpState.TIME_WAIT, t.state());
            assertTrue(t.timewaitMinisocket());
            assertTrue(t.timerTicks() > 0 && t.timerTicks() <= 60 * KernelSocketEntry.USER_HZ, t::toString);
            assertTrue(viaSs.entries().stream().allMatch(e -> local.get(e.local().getPort())),
                    "the kernel filtered by port");
            assertTrue(viaSs.entries().stream().noneMatch(e -> e.state() == KernelTcpState.LISTEN),
                    "state connected: no listener");
        } finally {
            for (LoopbackPair p : pairs) {
                p.close();
            }
        }
    }

    private static String key(Optional<KernelSocketEntry> e) {
        return e.map(x -> x.state() + " rx=" + x.rxQueue() + " tx=" + x.txQueue() + " ino=" + x.inode() + " uid=" + x.uid()
                + (x.timewaitMinisocket() ? " tw" : "")).orElse("absent");
    }

    /** Waits on a selector until {@code channel} has data to read (which it leaves unread). */
    private static void awaitReadable(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            assertTrue(selector.select(WAIT_MS) > 0, () -> channel + " had nothing to read within " + WAIT_MS + " ms");
        }
    }

    /** Waits for {@code /proc} to show the state, read again at each kernel event of the socket. */
    private void awaitProc(InetSocketAddress local, InetSocketAddress remote, KernelTcpState want) {
        Duration bound = Duration.ofMillis(WAIT_MS);
        Optional<KernelTcpState> seen = KernelSignal.await(List.of(local.getPort()), bound, () -> {
            try {
                return proc.lookup(local, remote).map(KernelSocketEntry::state).filter(want::equals);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (seen.isPresent()) {
            return;
        }
        fail(local + "->" + remote + " never reached " + want);
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static BitSet ports(int... ports) {
        BitSet b = new BitSet();
        for (int p : ports) {
            b.set(p);
        }
        return b;
    }
}
