package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.CLOSING;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The textbook exchanges of RFC 9293 §3.5–§3.6 between two endpoints on a 10 ms simulated link, each asserting both
 * state sequences and the segments each side put on the wire.
 */
class EndpointScenarioTest {

    private static final long TIME_WAIT_NANOS = EndpointConfig.simulation().tcp().timeWait().toNanos();

    @Test
    void normalOpenAndClose() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        assertEquals(FIN_WAIT_2, pair.client().state());
        assertEquals(CLOSE_WAIT, pair.server().state());
        pair.server().close();
        sim.advanceMillis(100);
        assertEquals(TIME_WAIT, pair.client().state());
        assertEquals(CLOSED, pair.server().state());
        sim.runOut();

        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED),
                pair.client().states());
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED),
                pair.server().states());
        assertEquals(List.of("SYN", "ACK", "FIN,ACK", "ACK"), sim.sent("client"));
        assertEquals(List.of("SYN,ACK", "ACK", "FIN,ACK"), sim.sent("server"));
        long lingered = sim.timeOf("client", "TIME_WAIT -> CLOSED") - sim.timeOf("client", "FIN_WAIT_2 -> TIME_WAIT");
        assertEquals(TIME_WAIT_NANOS, lingered, "TIME-WAIT lasts 2·MSL of virtual time");
        assertEquals(0, sim.client().connectionCount());
        assertEquals(0, sim.server().connectionCount());
        assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.CLOSING), pair.client().signals());
        System.out.println(sim.diagram());
    }

    @Test
    void simultaneousOpen() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpConnection a = sim.client().connect(SimulatedPair.SERVER);
        TcpConnection b = sim.server().connect(SimulatedPair.CLIENT);
        sim.advanceMillis(100);
        assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED), a.states());
        assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED), b.states());
        assertEquals(List.of("SYN", "SYN,ACK"), sim.sent("client"));
        assertEquals(List.of("SYN", "SYN,ACK"), sim.sent("server"));
        exchange(sim, a, b, 3000);
    }

    @Test
    void simultaneousClose() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        pair.server().close();
        sim.runOut();
        List<io.fsmgen.tcp.TcpState> tail = List.of(ESTABLISHED, FIN_WAIT_1, CLOSING, TIME_WAIT, CLOSED);
        assertEquals(tail, pair.client().states().subList(2, 7));
        assertEquals(tail, pair.server().states().subList(3, 8));
        assertEquals(List.of("SYN", "ACK", "FIN,ACK", "ACK"), sim.sent("client"));
        assertEquals(List.of("SYN,ACK", "FIN,ACK", "ACK"), sim.sent("server"));
    }

    @Test
    void test_FIN_WAIT_1_RCV_FIN_ACK() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.dropNext("the ACK of the client's FIN", SimulatedPair.SERVER, s -> s.flags().equals(TcpFlags.ACK));
        pair.client().close();
        sim.advanceMillis(15); // the FIN is in, the server's ACK lost; the client's FIN is not yet retransmitted
        assertEquals(FIN_WAIT_1, pair.client().state());
        pair.server().close(); // its FIN acknowledges the client's FIN
        sim.runOut();
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, TIME_WAIT, CLOSED), pair.client().states());
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED),
                pair.server().states());
        assertEquals(List.of("SYN,ACK", "ACK (lost)", "FIN,ACK"), sim.sent("server"));
        assertEquals(List.of("SYN", "ACK", "FIN,ACK", "ACK"), sim.sent("client"));
    }

    @Test
    void test_SYN_SENT_RCV_RST_refused() {
        SimulatedPair sim = SimulatedPair.standard(); // nobody listens on the server
        TcpConnection c = sim.client().connect(SimulatedPair.SERVER);
        sim.runOut();
        assertEquals(List.of(CLOSED, SYN_SENT, CLOSED), c.states());
        assertEquals(List.of(TcpSignal.RESET), c.signals());
        assertEquals(List.of("SYN"), sim.sent("client"));
        assertEquals(List.of("RST,ACK"), sim.sent("server"));
        TcpException refused = org.junit.jupiter.api.Assertions.assertThrows(TcpException.class,
                () -> c.send(new byte[1]));
        assertEquals("connection does not exist", refused.text());
    }

    @Test
    void test_SYN_RECEIVED_RCV_RST_passive() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        TcpConnection c = sim.client().connect(SimulatedPair.SERVER);
        sim.advanceMillis(15); // the server holds the SYN and has answered
        c.abort(); // SYN_SENT → CLOSED, silently; the SYN+ACK then meets a closed port
        sim.runOut();
        TcpConnection child = listener.spawned().get(0);
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, LISTEN, CLOSED), child.states());
        assertEquals(LISTEN, listener.state(), "the listener survives");
        assertEquals(List.of("SYN", "RST"), sim.sent("client"));
        assertEquals(List.of("SYN,ACK"), sim.sent("server"));
        assertEquals(0, sim.server().connectionCount());
    }

    @Test
    void test_SYN_RECEIVED_RCV_RST_active() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpConnection a = sim.client().connect(SimulatedPair.SERVER);
        TcpConnection b = sim.server().connect(SimulatedPair.CLIENT);
        sim.dropNext("b's SYN+ACK", SimulatedPair.SERVER, s -> s.has(TcpFlag.SYN) && s.has(TcpFlag.ACK));
        sim.advanceMillis(15); // both in SYN_RECEIVED
        b.abort(); // RST <SEQ=SND.NXT> from SYN_RECEIVED (A2)
        sim.runOut();
        assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, CLOSED), a.states());
        assertEquals(List.of(TcpSignal.REFUSED), a.signals());
        assertEquals(List.of(CLOSED, SYN_SENT, SYN_RECEIVED, CLOSED), b.states());
        assertEquals(List.of("SYN", "SYN,ACK (lost)", "RST", "RST"), sim.sent("server"));
    }

    @Test
    void halfCloseWithDataFlowingInCloseWait() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        assertEquals(CLOSE_WAIT, pair.server().state());
        byte[] data = pattern(10_000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int offset = 0;
        while (!pair.client().isEndOfStream()) {
            if (offset < data.length) {
                offset += pair.server().send(java.util.Arrays.copyOfRange(data, offset, data.length));
                if (offset == data.length) {
                    pair.server().close();
                }
            }
            sim.advanceMillis(5);
            if (pair.client().readableBytes() > 0) {
                received.writeBytes(pair.client().receive(100_000));
            }
            assertTrue(sim.clock().elapsed().compareTo(Duration.ofSeconds(30)) < 0, "transfer stalled");
        }
        sim.runOut();
        assertArrayEquals(data, received.toByteArray());
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED),
                pair.client().states());
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED),
                pair.server().states());
        assertTrue(sim.sent("server").stream().filter(s -> s.startsWith("PSH,ACK")).count() >= 10_000 / 536);
    }

    @Test
    void test_TIME_WAIT_RCV_FIN_lostFinalAckRestartsTimer() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        pair.client().close();
        sim.advanceMillis(100);
        sim.dropNext("the final ACK", SimulatedPair.CLIENT, s -> s.flags().equals(TcpFlags.ACK));
        pair.server().close();
        sim.runOut();
        assertEquals(2, pair.client().timeWaitStarts(), "the retransmitted FIN restarted 2·MSL");
        long lingered = sim.timeOf("client", "TIME_WAIT -> CLOSED") - sim.timeOf("client", "FIN_WAIT_2 -> TIME_WAIT");
        assertTrue(lingered > TIME_WAIT_NANOS, "TIME-WAIT restarted: " + lingered);
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED),
                pair.client().states());
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED),
                pair.server().states());
        assertEquals(List.of("SYN", "ACK", "FIN,ACK", "ACK (lost)", "ACK"), sim.sent("client"));
        assertEquals(List.of("SYN,ACK", "ACK", "FIN,ACK", "FIN,ACK"), sim.sent("server"));
        assertEquals(1, pair.server().retransmissions());
    }

    @Test
    void lostSynIsRetransmitted() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        sim.dropNext("the first SYN", SimulatedPair.CLIENT, s -> s.has(TcpFlag.SYN));
        TcpConnection c = sim.client().connect(SimulatedPair.SERVER);
        sim.advanceMillis(150);
        assertEquals(SYN_SENT, c.state());
        sim.advanceMillis(200);
        assertEquals(ESTABLISHED, c.state());
        assertEquals(1, c.retransmissions());
        assertEquals(List.of("SYN (lost)", "SYN", "ACK"), sim.sent("client"));
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED), listener.accept().orElseThrow().states());
    }

    @Test
    void oldDuplicateSyn() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        sim.dropNext("the current SYN, delayed", SimulatedPair.CLIENT, s -> s.has(TcpFlag.SYN));
        TcpConnection c = sim.client().connect(SimulatedPair.SERVER);
        Segment old = Segment.builder(SimulatedPair.CLIENT.port(), SimulatedPair.SERVER.port()).seq(c.tcb().iss() - 100_000)
                .flags(TcpFlags.SYN).window(4096).build();
        sim.client().transmitRaw(old, SimulatedPair.SERVER); // RFC 9293 Figure 8, line 3
        sim.runOut();
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED), c.states());
        List<TcpConnection> children = listener.spawned();
        assertEquals(2, children.size());
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, LISTEN, CLOSED), children.get(0).states());
        assertEquals(List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED), children.get(1).states());
        assertEquals(List.of("SYN (lost)", "SYN", "RST", "SYN", "ACK"), sim.sent("client"));
        assertEquals(List.of("SYN,ACK", "SYN,ACK"), sim.sent("server"));
    }

    /**
     * A listener that lives through many connections keeps the children still alive and the latest ones that ended,
     * not every child it ever spawned: 100 connections, each reset by its client once established, leave the latest
     * 64 in {@code spawned()}, the last one last, and one still alive before them all is kept.
     */
    @Test
    void test_LISTEN_RCV_SYN_aLongLivedListenerForgetsEndedChildrenBeyondTheLatest() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        TcpEndpoint second = TcpEndpoint.simulated("second", sim.network(),
                EndpointAddress.of(Ipv4Address.of(10, 0, 0, 3), 40_001), EndpointConfig.simulation(), 99);
        second.connect(SimulatedPair.SERVER);
        sim.advanceMillis(100);
        TcpConnection alive = listener.accept().orElseThrow();
        TcpConnection last = null;
        for (int i = 0; i < 100; i++) {
            TcpConnection client = sim.client().connect(SimulatedPair.SERVER);
            sim.advanceMillis(100);
            last = listener.accept().orElseThrow();
            client.abort();
            sim.advanceMillis(100);
            assertTrue(last.isDeleted(), "reset by its client: " + last);
        }
        List<TcpConnection> spawned = listener.spawned();
        assertEquals(1 + TcpListener.ENDED_CHILDREN_KEPT, spawned.size());
        assertEquals(alive, spawned.get(0), "the child still alive is kept");
        assertEquals(last, spawned.get(spawned.size() - 1), "the latest child last");
        assertEquals(ESTABLISHED, alive.state());
    }

    @Test
    void listenerSpawnsOneConnectionPerFourTuple() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        TcpEndpoint second = TcpEndpoint.simulated("second", sim.network(),
                EndpointAddress.of(Ipv4Address.of(10, 0, 0, 3), 40_001), EndpointConfig.simulation(), 99);
        TcpConnection c1 = sim.client().connect(SimulatedPair.SERVER);
        TcpConnection c2 = second.connect(SimulatedPair.SERVER);
        sim.advanceMillis(100);
        TcpConnection s1 = listener.accept().orElseThrow();
        TcpConnection s2 = listener.accept().orElseThrow();
        assertEquals(2, sim.server().connectionCount());
        assertEquals(ESTABLISHED, c1.state());
        assertEquals(ESTABLISHED, c2.state());
        assertEquals(SimulatedPair.CLIENT, s1.id().remote());
        assertEquals(second.address(), s2.id().remote());
        c1.send(new byte[] {1, 2, 3});
        c2.send(new byte[] {4, 5});
        sim.advanceMillis(100);
        assertArrayEquals(new byte[] {1, 2, 3}, s1.receive(10));
        assertArrayEquals(new byte[] {4, 5}, s2.receive(10));
    }

    @Test
    void lostDataIsFastRetransmittedOnThreeDuplicateAcks() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.dropNext("the first data segment", SimulatedPair.CLIENT, s -> s.payloadLength() > 0);
        byte[] data = pattern(2000);
        assertEquals(2000, pair.client().send(data));
        sim.advanceMillis(1000);
        assertArrayEquals(data, pair.server().receive(10_000));
        assertEquals(0, pair.client().retransmissions(), "no timeout");
        assertEquals(1, pair.client().congestion().fastRetransmits());
        List<String> sent = sim.sent("client");
        // 536-byte MSS less the 12 bytes of the timestamps option every segment carries.
        assertEquals("PSH,ACK 524 (lost)", sent.get(2));
        assertEquals(List.of("PSH,ACK 524", "PSH,ACK 524", "PSH,ACK 428", "PSH,ACK 524"), sent.subList(3, 7),
                "the later segments, whose three duplicate ACKs bring the hole filled at once");
        assertEquals(List.of("ACK", "ACK", "ACK", "ACK"), sim.sent("server").subList(1, 5));
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_aFinAheadOfMissingDataGetsADuplicateAck() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.dropNext("the data before the FIN", SimulatedPair.SERVER, s -> s.payloadLength() > 0);
        pair.server().send(pattern(100));
        pair.server().close();
        sim.advanceMillis(15);
        assertEquals(List.of("SYN", "ACK", "ACK"), sim.sent("client"), "a duplicate ACK at once (RFC 5681 §4.2)");
        assertEquals(ESTABLISHED, pair.client().state(), "the FIN waits for the data before it");
        sim.advanceMillis(1000);
        assertArrayEquals(pattern(100), pair.client().receive(1000));
        assertEquals(CLOSE_WAIT, pair.client().state());
    }

    @Test
    void aLostLastSegmentWaitsForTheRetransmissionTimeout() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        sim.dropNext("the only data segment", SimulatedPair.CLIENT, s -> s.payloadLength() > 0);
        assertEquals(100, pair.client().send(pattern(100)));
        sim.advanceMillis(1000);
        assertArrayEquals(pattern(100), pair.server().receive(10_000));
        assertEquals(1, pair.client().retransmissions(), "no duplicate ACK can tell: only the timer does");
        assertEquals(0, pair.client().congestion().fastRetransmits());
    }

    @Test
    void reconnectToAPeerInTimeWait() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened first = sim.open();
        first.server().close(); // the server closes first, so its end lingers in TIME_WAIT
        sim.advanceMillis(100);
        first.client().close();
        sim.advanceMillis(100);
        assertEquals(TIME_WAIT, first.server().state());
        assertEquals(CLOSED, first.client().state());
        // Same 4-tuple, new incarnation: the SYN meets TIME_WAIT, whose ACK the client answers with a RST that
        // ends TIME_WAIT (A4); the retransmitted SYN then finds the listener (RFC 5961 §4 and RFC 9293 §3.10.7.4).
        TcpConnection second = sim.client().connect(SimulatedPair.SERVER);
        sim.advanceMillis(1000);
        assertEquals(List.of(CLOSED, SYN_SENT, ESTABLISHED), second.states());
        assertEquals(List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED),
                first.server().states().subList(3, 8));
        TcpConnection accepted = first.listener().accept().orElseThrow();
        assertEquals(ESTABLISHED, accepted.state());
        exchange(sim, second, accepted, 1000);
    }

    @Test
    void test_LISTEN_RCV_ACK_answeredWithReset() {
        SimulatedPair sim = SimulatedPair.standard();
        TcpListener listener = sim.server().listen();
        sim.client().transmitRaw(Segment.builder(SimulatedPair.CLIENT.port(), SimulatedPair.SERVER.port()).seq(500).ack(777)
                .flags(TcpFlags.ACK).window(100).build(), SimulatedPair.SERVER);
        sim.runOut();
        List<Segment> replies = sim.trace().segments(io.fsmgen.tcp.engine.TransmissionKind.SENT, "server", "client");
        assertEquals(1, replies.size());
        assertEquals(TcpFlags.RST, replies.get(0).flags());
        assertEquals(777, replies.get(0).seq(), "<SEQ=SEG.ACK><CTL=RST> (§3.10.7.2)");
        assertEquals(io.fsmgen.tcp.TcpState.LISTEN, listener.state());
        assertEquals(0, sim.server().connectionCount(), "no TCB for a stray ACK");
    }

    @Test
    void test_CLOSED_RCV_RST_neverAnswered() {
        SimulatedPair sim = SimulatedPair.standard();
        sim.client().transmitRaw(Segment.builder(SimulatedPair.CLIENT.port(), SimulatedPair.SERVER.port()).seq(500)
                .flags(TcpFlags.RST).build(), SimulatedPair.SERVER);
        sim.runOut();
        assertEquals(List.of(), sim.sent("server"), "a RST is never answered (§3.10.7.1)");
    }

    @Test
    void malformedDatagramsAreDroppedWithAReason() {
        SimulatedPair sim = SimulatedPair.standard();
        SimulatedPair.Opened pair = sim.open();
        byte[] bytes = io.fsmgen.tcp.engine.SegmentCodec.encode(Segment.builder(SimulatedPair.CLIENT.port(),
                SimulatedPair.SERVER.port()).seq(1).ack(1).flags(TcpFlags.RST_ACK).build(),
                io.fsmgen.tcp.engine.PseudoHeader.ipv4(SimulatedPair.CLIENT.ip(), SimulatedPair.SERVER.ip()));
        bytes[16] ^= 0x55; // corrupt the checksum
        sim.server().receive(new io.fsmgen.tcp.engine.Datagram(SimulatedPair.CLIENT, SimulatedPair.SERVER, bytes));
        assertEquals(1, sim.server().malformed());
        assertEquals(ESTABLISHED, pair.server().state(), "a corrupt RST resets nothing");
        assertTrue(sim.trace().notes("server").stream().anyMatch(n -> n.startsWith("dropped rejected")),
                sim.trace().notes("server").toString());
    }

    /** Sends {@code bytes} each way, closes both, and checks both ends received everything and reached CLOSED. */
    static void exchange(SimulatedPair sim, TcpConnection a, TcpConnection b, int bytes) {
        byte[] data = pattern(bytes);
        ByteArrayOutputStream toA = new ByteArrayOutputStream();
        ByteArrayOutputStream toB = new ByteArrayOutputStream();
        int sentA = 0;
        int sentB = 0;
        while (!(a.isEndOfStream() && b.isEndOfStream())) {
            if (sentA < bytes) {
                sentA += a.send(java.util.Arrays.copyOfRange(data, sentA, bytes));
                if (sentA == bytes) {
                    a.close();
                }
            }
            if (sentB < bytes) {
                sentB += b.send(java.util.Arrays.copyOfRange(data, sentB, bytes));
                if (sentB == bytes) {
                    b.close();
                }
            }
            sim.advanceMillis(5);
            if (a.readableBytes() > 0) {
                toA.writeBytes(a.receive(100_000));
            }
            if (b.readableBytes() > 0) {
                toB.writeBytes(b.receive(100_000));
            }
            assertTrue(sim.clock().elapsed().compareTo(Duration.ofSeconds(60)) < 0, "exchange stalled");
        }
        sim.runOut();
        assertArrayEquals(data, toA.toByteArray());
        assertArrayEquals(data, toB.toByteArray());
        assertEquals(CLOSED, a.state());
        assertEquals(CLOSED, b.state());
    }

    static byte[] pattern(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 31 + i / 251);
        }
        return out;
    }

}
