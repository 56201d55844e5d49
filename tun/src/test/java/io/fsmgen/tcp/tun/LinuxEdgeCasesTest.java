package io.fsmgen.tcp.tun;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * What a stock Linux peer does at the edges of a connection, over TUN in a private namespace, each case made
 * deterministic by dropping chosen segments ({@link KernelSegmentFilter}, {@link EndpointSegmentFilter}) rather
 * than by chance: keepalive probes, a simultaneous open, a new SYN on the 4-tuple of a connection in TIME-WAIT, a
 * RST in the window but beyond RCV.NXT (RFC 5961), a lost data segment repaired from Linux's SACK blocks, and small
 * writes filling a receive buffer nobody reads.
 */
class LinuxEdgeCasesTest {

    private static final Duration LIMIT = KernelClient.LIMIT;
    /** The kernel's port when it is the server, or binds before connecting. */
    private static final int KERNEL_PORT = 40_123;

    /**
     * Linux's keepalive probe is {@code <SEQ=SND.UNA-1><CTL=ACK>}, no data: unacceptable, so answered with an ACK
     * (§3.10.7.4), which is all Linux asks. With TCP_KEEPCNT 1 a single unanswered probe would make Linux reset the
     * connection; three probes heard and the connection still carries data prove each one was answered.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_linuxKeepaliveProbesAreAnswered() throws Exception {
        List<Segment> heard = new ArrayList<>();
        KernelClient.run("keepalive", hearing(heard), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            probeEverySecond(kernel);
            awaitThreeProbes(loop, c, heard);
            assertEquals(List.of(TcpSignal.CONNECTED), c.signals(), "Linux did not give up on the connection");
            kernel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            loop.runUntil(() -> c.readableBytes() == 3, LIMIT, () -> "data after the probes: " + c);
            c.abort();
        });
    }

    /**
     * Linux half-closes and, in FIN-WAIT-2 with its socket still open, keeps probing ({@code tcp_keepalive_timer}
     * skips only a FIN-WAIT-2 socket already closed): we, in CLOSE-WAIT, answer each probe with an ACK. Three probes
     * heard with TCP_KEEPCNT 1, and Linux still reading what we send after them, prove every one was answered.
     */
    @Test
    void test_CLOSE_WAIT_RCV_ACK_linuxKeepaliveProbesFromFinWait2AreAnswered() throws Exception {
        List<Segment> heard = new ArrayList<>();
        KernelClient.run("keepalive-close-wait", hearing(heard), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            probeEverySecond(kernel);
            kernel.shutdownOutput();
            loop.runUntil(() -> c.state() == CLOSE_WAIT, LIMIT, () -> "Linux's FIN: " + c);
            awaitThreeProbes(loop, c, heard);
            assertEquals(CLOSE_WAIT, c.state(), "still in CLOSE-WAIT after the probes: " + c);
            CompletableFuture<byte[]> read = KernelCall.readToEnd(kernel, loop);
            c.send(new byte[] {7, 8, 9});
            c.close();
            loop.runUntil(read::isDone, LIMIT, () -> "Linux reading to our FIN: " + c);
            assertArrayEquals(new byte[] {7, 8, 9}, read.join(), "what Linux read after its probes");
        });
    }

    /**
     * We close first and wait in FIN-WAIT-2 while Linux, in CLOSE-WAIT with its socket open, probes: we answer each
     * with an ACK, and what Linux writes after three probes still reaches us.
     */
    @Test
    void test_FIN_WAIT_2_RCV_ACK_linuxKeepaliveProbesFromCloseWaitAreAnswered() throws Exception {
        List<Segment> heard = new ArrayList<>();
        KernelClient.run("keepalive-fin-wait-2", hearing(heard), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            probeEverySecond(kernel);
            c.close();
            loop.runUntil(() -> c.state() == FIN_WAIT_2, LIMIT, () -> "Linux's ACK of our FIN: " + c);
            awaitThreeProbes(loop, c, heard);
            assertEquals(FIN_WAIT_2, c.state(), "still in FIN-WAIT-2 after the probes: " + c);
            kernel.write(ByteBuffer.wrap(new byte[] {4, 5, 6}));
            loop.runUntil(() -> c.readableBytes() == 3, LIMIT, () -> "Linux's data after its probes: " + c);
            kernel.shutdownOutput();
            loop.runUntil(() -> c.state() == TIME_WAIT, LIMIT, () -> "Linux's FIN: " + c);
        });
    }

    /** Linux's keepalive at its quickest: a probe a second, and a reset after the first one left unanswered. */
    private static void probeEverySecond(SocketChannel kernel) throws IOException {
        kernel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 1);
        kernel.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 1);
        kernel.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 1);
        kernel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    /** Runs until three of Linux's probes ({@code <SEQ=RCV.NXT-1><CTL=ACK>}, no data) arrived, and none was a reset. */
    private static void awaitThreeProbes(EndpointLoop loop, TcpConnection c, List<Segment> heard)
            throws IOException {
        Predicate<Segment> probe = s -> s.seq() == c.tcb().rcvNxt() - 1 && s.payloadLength() == 0
                && s.flags().equals(TcpFlags.ACK);
        loop.runUntil(() -> heard.stream().filter(probe).count() >= 3 || c.isDeleted(), LIMIT,
                () -> "three keepalive probes: " + c + ", heard " + heard);
        assertTrue(heard.stream().noneMatch(s -> s.has(TcpFlag.RST)), () -> "Linux reset the connection: " + heard);
    }

    /**
     * Our first SYN+ACK is lost, and Linux, still in SYN-SENT, sends its SYN again after its 1 s RTO. The endpoint
     * answers it with the SYN+ACK again, as Linux's listener does ({@code tcp_check_req}; TcpSpec's A8), and Linux
     * connects on that answer: a bare ACK, Table 6's answer, Linux would drop, and the connection would wait for our
     * own retransmission timer, made 30 s here so that only the answer to Linux's SYN can complete the handshake.
     */
    @Test
    void test_SYN_RECEIVED_RCV_SYN_RETRANSMITTED_linuxConnectsOnTheSynAckAgain() throws Exception {
        List<String> handshake = new ArrayList<>();
        Predicate<Segment> hearingHandshake = s -> {
            if (handshake.size() < 5) {
                handshake.add("Linux " + controls(s));
            }
            return false;
        };
        Predicate<Segment> firstSynAckLost = s -> {
            boolean lost = s.has(TcpFlag.SYN) && handshake.stream().noneMatch(line -> line.startsWith("we "));
            if (handshake.size() < 5) {
                handshake.add("we " + controls(s) + (lost ? ", lost" : ""));
            }
            return lost;
        };
        EndpointConfig base = EndpointConfig.loopback(Duration.ofMillis(50));
        EndpointConfig patient = base.withRto(base.rto().withInitial(Duration.ofSeconds(30)));
        KernelClient.run("lostsynack", patient, hearingHandshake, firstSynAckLost, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            assertEquals(List.of("Linux SYN", "we SYN+ACK, lost", "Linux SYN", "we SYN+ACK", "Linux ACK"), handshake);
            kernel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            loop.runUntil(() -> c.readableBytes() == 3, LIMIT, () -> "Linux's data: " + c);
            c.abort();
        });
    }

    /**
     * The endpoint's SYN meets no socket (Linux's RSTs are dropped here until Linux's own SYN arrives, so the endpoint
     * stays in SYN_SENT however late Linux connects, its SYN retransmitted meanwhile); then Linux connects from that
     * very port: its SYN crosses ours, and the endpoint goes SYN_SENT → SYN_RECEIVED → ESTABLISHED (§3.10.7.3,
     * simultaneous open), answering with a SYN+ACK that completes Linux's own handshake.
     */
    @Test
    void test_SYN_SENT_RCV_SYN_simultaneousOpenWithLinux() throws Exception {
        boolean[] linuxSynHeard = {false};
        int[] resetsDropped = {0};
        Predicate<Segment> resetsBeforeLinuxConnects = s -> {
            linuxSynHeard[0] |= s.has(TcpFlag.SYN);
            if (!linuxSynHeard[0] && s.has(TcpFlag.RST)) {
                resetsDropped[0]++;
                return true;
            }
            return false;
        };
        withEndpoint("simopen", resetsBeforeLinuxConnects, s -> false, (net, loop, endpoint) -> {
            TcpConnection c = endpoint.connect(EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT));
            loop.runUntil(() -> resetsDropped[0] > 0, LIMIT, () -> "Linux's RST to our first SYN: " + c);
            SocketChannel kernel = net.namespace().call(SocketChannel::open);
            try {
                kernel.bind(new InetSocketAddress(TunNamespace.KERNEL.toInetAddress(), KERNEL_PORT));
                EndpointAddress to = endpoint.address();
                CompletableFuture<Boolean> connected = KernelCall.start("kernel connect", loop,
                        () -> kernel.connect(new InetSocketAddress(to.ip().toInetAddress(), to.port())));
                loop.runUntil(() -> connected.isDone() && c.state() == ESTABLISHED, LIMIT,
                        () -> "the simultaneous open: " + c + ", kernel " + connected);
                connected.join();
                assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED), c.states());
                kernel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                loop.runUntil(() -> c.readableBytes() == 3, LIMIT, () -> "Linux's data: " + c);
                CompletableFuture<byte[]> read = KernelCall.readToEnd(kernel, loop);
                c.send(new byte[] {4, 5});
                c.close();
                loop.runUntil(read::isDone, LIMIT, () -> "our data and FIN: " + c);
                assertArrayEquals(new byte[] {4, 5}, read.join());
            } finally {
                kernel.close();
            }
        });
    }

    /**
     * The endpoint closed first and sits in TIME-WAIT when Linux connects again from the same port. The SYN meets
     * the TIME-WAIT connection, which answers with a challenge ACK (RFC 5961 §4); Linux, in SYN-SENT, resets it with
     * that ACK's number, which ends TIME-WAIT (RFC 9293 lets a RST do so), and its next SYN reaches the listener.
     */
    @Test
    void test_TIME_WAIT_RCV_SYN_linuxReusingTheFourTupleConnects() throws Exception {
        EndpointConfig longTimeWait = EndpointConfig.loopback(Duration.ofSeconds(60));
        KernelClient.run("timewait", longTimeWait, s -> false, (net, loop, kernel, listener) -> {
            InetSocketAddress kernelAddress = (InetSocketAddress) kernel.getLocalAddress();
            InetSocketAddress endpointAddress = (InetSocketAddress) kernel.getRemoteAddress();
            TcpConnection old = KernelClient.accept(loop, listener);
            CompletableFuture<byte[]> endOfStream = KernelCall.readToEnd(kernel, loop);
            old.close();
            loop.runUntil(endOfStream::isDone, LIMIT, () -> "our FIN: " + old);
            kernel.close();
            loop.runUntil(() -> old.state() == TIME_WAIT, LIMIT, () -> "TIME-WAIT: " + old);

            SocketChannel again = net.namespace().call(SocketChannel::open);
            try {
                again.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                again.bind(kernelAddress);
                CompletableFuture<Boolean> connected = KernelCall.start("kernel reconnect", loop,
                        () -> again.connect(endpointAddress));
                TcpConnection fresh = KernelClient.accept(loop, listener);
                loop.runUntil(connected::isDone, LIMIT, () -> "Linux's connect: " + fresh);
                connected.join();
                assertEquals(old.id(), fresh.id(), "the same 4-tuple");
                assertEquals(CLOSED, old.state(), () -> "the old incarnation: " + old.states());
                assertEquals(TIME_WAIT, old.states().get(old.states().size() - 2));
                assertEquals(ESTABLISHED, fresh.state());
                again.write(ByteBuffer.wrap(new byte[] {7}));
                loop.runUntil(() -> fresh.readableBytes() == 1, LIMIT, () -> "data on the new incarnation: " + fresh);
                fresh.abort();
            } finally {
                again.close();
            }
        });
    }

    /**
     * Linux's data segment is lost and Linux aborts: its RST carries its SND.NXT, beyond our RCV.NXT but in the
     * window. The endpoint answers with a challenge ACK instead of resetting (RFC 5961 §3.2); Linux, its socket gone,
     * resets again with exactly that ACK's number, and only that RST ends the connection. Every data segment of
     * Linux's is lost, its retransmissions too: one heard before the abort would fill the hole, however late the
     * abort comes.
     */
    @Test
    void test_ESTABLISHED_RCV_RST_inTheWindowIsChallengedAndLinuxResetsExactly() throws Exception {
        List<Segment> heard = new ArrayList<>();
        boolean[] dataDropped = {false};
        Predicate<Segment> everyData = s -> {
            if (s.payloadLength() > 0) {
                dataDropped[0] = true;
                return true;
            }
            heard.add(s);
            return false;
        };
        KernelClient.run("challenge", everyData, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            int rcvNxt = c.tcb().rcvNxt();
            kernel.write(ByteBuffer.wrap(new byte[100]));
            loop.runUntil(() -> dataDropped[0], LIMIT, () -> "Linux's data");
            kernel.setOption(StandardSocketOptions.SO_LINGER, 0);
            kernel.close();
            loop.runUntil(c::isDeleted, LIMIT, () -> "the reset: " + c + ", heard " + heard);
            List<Segment> resets = heard.stream().filter(s -> s.has(TcpFlag.RST)).toList();
            assertTrue(resets.size() >= 2, () -> "a RST in the window, then one at RCV.NXT: " + resets);
            assertEquals(rcvNxt + 100, resets.get(0).seq(), "Linux's SND.NXT, beyond the lost data");
            assertEquals(rcvNxt, resets.get(resets.size() - 1).seq(), "the answer to our challenge ACK");
            assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.RESET), c.signals());
        });
    }

    /**
     * One of the endpoint's data segments is lost on its way to Linux: Linux reports what it holds beyond the hole in
     * SACK blocks (RFC 2018), and the endpoint repairs the hole; everything arrives, in order.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_linuxSackBlocksRepairALostSegment() throws Exception {
        List<Segment> heard = new ArrayList<>();
        int[] dataSegments = {0};
        withEndpoint("sack", s -> {
            heard.add(s);
            return false;
        }, s -> s.payloadLength() > 0 && ++dataSegments[0] == 5, (net, loop, endpoint) -> {
            try (ServerSocketChannel server = net.namespace().call(ServerSocketChannel::open)) {
                server.bind(new InetSocketAddress(TunNamespace.KERNEL.toInetAddress(), KERNEL_PORT));
                CompletableFuture<SocketChannel> accepted = KernelCall.start("kernel accept", loop, server::accept);
                TcpConnection c = endpoint.connect(EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT));
                loop.runUntil(() -> accepted.isDone() && c.state() == ESTABLISHED, LIMIT, () -> "connect: " + c);
                try (SocketChannel kernel = accepted.join()) {
                    CompletableFuture<byte[]> read = KernelCall.readToEnd(kernel, loop);
                    byte[] payload = Payload.of(256 << 10, 5).bytes();
                    int[] sent = {0};
                    loop.runUntil(() -> {
                        while (sent[0] < payload.length && c.sendBufferFree() > 0) {
                            sent[0] += c.send(payload, sent[0], Math.min(payload.length - sent[0], c.sendBufferFree()));
                            if (sent[0] == payload.length) {
                                c.close();
                            }
                        }
                        return read.isDone();
                    }, LIMIT, () -> "the transfer: " + c);
                    assertArrayEquals(payload, read.join());
                    assertTrue(dataSegments[0] > 5, "the fifth data segment was dropped");
                    assertTrue(heard.stream().anyMatch(s -> !s.options().sackBlocks().isEmpty()),
                            "Linux reported the hole in SACK blocks");
                }
            }
        });
    }

    /**
     * Linux writes 100 bytes at a time (TCP_NODELAY) into the endpoint's 4 MiB buffer, which nobody reads, until the
     * window closes and Linux probes it. Keeping the offered edge rounds the window up to the scale unit (128 bytes at
     * scale 7), but no further than one unit past the free space: the buffer never holds more than its capacity and
     * 127 bytes (it took some 41 KB more when each ACK rounded up again from the new RCV.NXT). Once read, every byte
     * arrives, in order.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_linuxSmallWritesFillTheBufferNoFurtherThanOneScaleUnit() throws Exception {
        List<Segment> heard = new ArrayList<>();
        KernelClient.run("smallwrites", hearing(heard), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            assertEquals(7, c.tcb().rcvWndShift());
            kernel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            int capacity = EndpointConfig.LARGE_RECEIVE_BUFFER;
            byte[] payload = Payload.of(capacity + (1 << 20), 3).bytes();
            KernelCall.start("kernel small writes", loop, () -> {
                for (int offset = 0; offset < payload.length; offset += 100) {
                    ByteBuffer piece = ByteBuffer.wrap(payload, offset, Math.min(100, payload.length - offset));
                    while (piece.hasRemaining()) {
                        kernel.write(piece);
                    }
                }
                kernel.shutdownOutput();
                return true;
            });
            int[] mostHeld = {0};
            Predicate<Segment> zeroWindowProbe = s -> s.payloadLength() == 0 && s.seq() == c.tcb().rcvNxt() - 1;
            loop.runUntil(() -> {
                mostHeld[0] = Math.max(mostHeld[0], c.readableBytes());
                return heard.stream().filter(zeroWindowProbe).count() >= 2;
            }, LIMIT, () -> "Linux probing the closed window: " + c + ", " + c.readableBytes() + " bytes held");
            assertTrue(mostHeld[0] <= capacity + 127, "the buffer of " + capacity + " bytes held " + mostHeld[0]);
            assertTrue(mostHeld[0] > capacity - 128, "the window closed with room left: " + mostHeld[0]);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            loop.runUntil(() -> {
                received.writeBytes(c.receive(1 << 16));
                return c.isEndOfStream();
            }, LIMIT, () -> "the rest of Linux's writes: " + c + ", " + received.size() + " bytes read");
            assertArrayEquals(payload, received.toByteArray());
            c.close();
        });
    }

    // ---- helpers ----

    /** A segment's control bits as the RFC writes them: SYN, SYN+ACK, ACK, FIN+ACK, RST... */
    private static String controls(Segment s) {
        List<String> bits = new ArrayList<>();
        for (TcpFlag flag : List.of(TcpFlag.SYN, TcpFlag.FIN, TcpFlag.RST, TcpFlag.ACK)) {
            if (s.has(flag)) {
                bits.add(flag.name());
            }
        }
        return String.join("+", bits);
    }

    /** A predicate that drops nothing and keeps everything it sees in {@code heard}. */
    private static Predicate<Segment> hearing(List<Segment> heard) {
        return s -> {
            heard.add(s);
            return false;
        };
    }

    /** What a test does with an endpoint on a fresh namespace's link, on the loop's thread. */
    private interface EndpointLife {
        void run(TunNamespace net, EndpointLoop loop, TcpEndpoint endpoint) throws Exception;
    }

    /**
     * An endpoint in a private namespace that does not hear the kernel's segments {@code dropHeard} picks, and whose
     * own segments that {@code dropSent} picks are lost.
     */
    private static void withEndpoint(String label, Predicate<Segment> dropHeard, Predicate<Segment> dropSent,
            EndpointLife life) throws Exception {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        int port = 19_000 + (int) (ProcessHandle.current().pid() % 1_000);
        try (TunNamespace net = TunNamespace.create(label, KernelInteropContract.MTU, Impairment.NONE)) {
            EndpointLoop loop = new EndpointLoop(net.link());
            TcpEndpoint endpoint = loop.endpoint("endpoint", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                    Trace.disabled(), sink -> new KernelSegmentFilter(sink, dropHeard),
                    carrier -> new EndpointSegmentFilter(carrier, dropSent));
            try {
                life.run(net, loop, endpoint);
            } finally {
                net.link().detach(port);
            }
        }
    }
}
