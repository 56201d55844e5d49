package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Segments an off-path attacker or a hostile peer can send, on the simulated network with a scripted peer: each
 * must be answered or dropped as the RFCs say without leaving state behind that hurts the genuine connection.
 */
class HostileSegmentsTest {

    private static final EndpointAddress PEER = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 9), 51_000);
    private static final int PEER_ISS = 1000;
    private static final int TS0 = 0x10000000;
    /** Far ahead of the peer's clock, yet "newer" in 32-bit sequence arithmetic. */
    private static final int FUTURE_TS = TS0 + 0x70000000;

    /** A server listening on the simulated network, and a peer that sends what it is told and records replies. */
    private static final class Fixture {
        final SimulatedPair sim;
        final TcpListener listener;
        final List<Segment> received = new ArrayList<>();
        final SegmentCarrier peer;
        TcpConnection server;
        int serverNext;
        int peerNext = PEER_ISS + 1;

        Fixture(TcpExtensions extensions) {
            this(EndpointConfig.simulation().withExtensions(extensions));
        }

        Fixture(EndpointConfig config) {
            sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), config, true);
            listener = sim.server().listen();
            peer = sim.network().attach("peer", PEER, datagram -> {
                if (datagram.decode() instanceof DecodeResult.Decoded decoded) {
                    received.add(decoded.segment());
                }
            });
        }

        void send(Segment segment) {
            peer.send(SimulatedPair.SERVER, SegmentCodec.encode(segment,
                    PseudoHeader.ipv4(PEER.ip(), SimulatedPair.SERVER.ip())));
            sim.advanceMillis(20);
        }

        Segment.Builder segment() {
            return Segment.builder(PEER.port(), SimulatedPair.SERVER.port());
        }

        Segment lastReceived() {
            return received.get(received.size() - 1);
        }

        /** The handshake, the peer's SYN carrying {@code synOptions}; the server's connection accepted. */
        Fixture establish(TcpOptions synOptions, TcpOptions ackOptions) {
            send(segment().seq(PEER_ISS).flags(TcpFlags.SYN).window(8192).options(synOptions).build());
            serverNext = lastReceived().seq() + 1;
            send(segment().seq(PEER_ISS + 1).ack(serverNext).flags(TcpFlags.ACK).window(8192).options(ackOptions)
                    .build());
            server = listener.accept().orElseThrow();
            return this;
        }

        /** In-order data from the genuine peer, with its own timestamp clock. */
        void genuineData(int tsVal, int bytes) {
            send(segment().seq(peerNext).ack(serverNext).flags(TcpFlags.PSH_ACK).window(8192).payload(new byte[bytes])
                    .options(TcpOptions.builder().timestamps(tsVal, 0).build()).build());
            peerNext += bytes;
        }
    }

    private static Fixture withTimestamps() {
        return new Fixture(new TcpExtensions(false, true, false)).establish(
                TcpOptions.builder().mss(1460).timestamps(TS0, 0).build(),
                TcpOptions.builder().timestamps(TS0 + 1, 0).build());
    }

    /**
     * RFC 5961 §4: a blind SYN inside the window gets a challenge ACK and is dropped; its TSval must not become
     * TS.Recent (RFC 7323 §5.3 records accepted segments only), or PAWS refuses the genuine peer's next segments.
     */
    @Test
    void test_ESTABLISHED_RCV_SYN_withAFutureTimestampLeavesTsRecent() {
        Fixture f = withTimestamps();
        int recent = f.server.tcb().tsRecent();
        int before = f.received.size();
        f.send(f.segment().seq(f.peerNext).flags(TcpFlags.SYN).window(8192)
                .options(TcpOptions.builder().timestamps(FUTURE_TS, 0).build()).build());
        assertTrue(f.received.size() > before && f.lastReceived().flags().equals(TcpFlags.ACK),
                "a challenge ACK: " + f.received.subList(before, f.received.size()));
        assertEquals(TcpState.ESTABLISHED, f.server.state());
        assertEquals(recent, f.server.tcb().tsRecent(), "TS.Recent unchanged by the challenged SYN");
        f.genuineData(TS0 + 2, 3);
        assertEquals(3, f.server.readableBytes(), "PAWS let the genuine segment in");
    }

    /** RFC 9293 §3.10.7.4 (fifth): an ACK of data never sent is answered with an ACK and dropped, timestamp too. */
    @Test
    void test_ESTABLISHED_RCV_ACK_UNACCEPTABLE_withAFutureTimestampLeavesTsRecent() {
        Fixture f = withTimestamps();
        int recent = f.server.tcb().tsRecent();
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext + 100_000).flags(TcpFlags.ACK).window(8192)
                .options(TcpOptions.builder().timestamps(FUTURE_TS, 0).build()).build());
        assertEquals(TcpState.ESTABLISHED, f.server.state());
        assertEquals(recent, f.server.tcb().tsRecent(), "TS.Recent unchanged by the unacceptable ACK");
        f.genuineData(TS0 + 2, 3);
        assertEquals(3, f.server.readableBytes(), "PAWS let the genuine segment in");
    }

    /** The genuine peer's newer timestamp still moves TS.Recent: the rule above refuses only rejected segments. */
    @Test
    void test_ESTABLISHED_RCV_ACK_withANewerTimestampMovesTsRecent() {
        Fixture f = withTimestamps();
        f.genuineData(TS0 + 5, 3);
        assertEquals(TS0 + 5, f.server.tcb().tsRecent());
    }

    /**
     * RFC 9293 §3.10.7.4 (sixth), MUST-31 and MUST-32: a peer's urgent data (Linux's {@code MSG_OOB}) is signalled
     * when its pointer arrives or advances, never for a repeat, and the connection says how much of it lies ahead of
     * what the user has read. The data itself stays in the stream, in order.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_withUrgentDataIsSignalledAndCounted() {
        Fixture f = new Fixture(TcpExtensions.NONE).establish(TcpOptions.builder().mss(1460).build(),
                TcpOptions.NONE);
        Segment urgent = f.segment().seq(f.peerNext).ack(f.serverNext)
                .flags(TcpFlags.of(TcpFlag.URG, TcpFlag.PSH, TcpFlag.ACK)).window(8192).urgentPointer(5)
                .payload(new byte[] {1, 2, 3, 4, 5, 6, 7}).build();
        f.send(urgent);
        assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.URGENT), f.server.signals());
        assertEquals(5, f.server.urgentBytes(), "the pointer is at the octet after the urgent data");
        assertArrayEquals(new byte[] {1, 2, 3}, f.server.receive(3), "inline, in order");
        assertEquals(2, f.server.urgentBytes());
        f.send(urgent); // a retransmission repeats the pointer: nothing new to tell
        assertEquals(1, f.server.signals().stream().filter(TcpSignal.URGENT::equals).count());
        assertArrayEquals(new byte[] {4, 5, 6, 7}, f.server.receive(10));
        assertEquals(0, f.server.urgentBytes(), "read past the urgent data");
        f.peerNext += 7;
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext).flags(TcpFlags.of(TcpFlag.URG, TcpFlag.ACK))
                .window(8192).urgentPointer(2).payload(new byte[] {8, 9}).build());
        assertEquals(2, f.server.signals().stream().filter(TcpSignal.URGENT::equals).count(), "the pointer advanced");
        assertEquals(2, f.server.urgentBytes());
        f.server.receive(2);
        f.peerNext += 2;
        f.send(urgent); // an old segment again, once read past: its pointer is behind the reader, nothing to tell
        assertEquals(2, f.server.signals().stream().filter(TcpSignal.URGENT::equals).count());
        assertEquals(0, f.server.urgentBytes());
        assertEquals(TcpState.ESTABLISHED, f.server.state());
    }

    /**
     * RFC 9293 §3.8.5, MUST-30: SEND with the URGENT flag points every segment that starts before the end of the
     * urgent data at the octet after it, until the peer acknowledges it all; data before and after carries no URG.
     */
    @Test
    void test_ESTABLISHED_SEND_urgentSetsThePointerUntilAcknowledged() {
        Fixture f = new Fixture(TcpExtensions.NONE).establish(TcpOptions.builder().mss(1460).build(),
                TcpOptions.NONE);
        f.server.send(new byte[] {1, 2});
        f.sim.advanceMillis(20);
        Segment before = f.lastReceived();
        assertFalse(before.has(TcpFlag.URG), before.toString());
        f.server.sendUrgent(new byte[] {3, 4, 5});
        f.sim.advanceMillis(20);
        Segment urgent = f.lastReceived();
        assertEquals(f.serverNext + 2, urgent.seq());
        assertTrue(urgent.has(TcpFlag.URG), urgent.toString());
        assertEquals(3, urgent.urgentPointer(), "the octet after the urgent data, as Linux reads it");
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext + 5).flags(TcpFlags.ACK).window(8192).build());
        f.server.send(new byte[] {6});
        f.sim.advanceMillis(20);
        Segment after = f.lastReceived();
        assertEquals(f.serverNext + 5, after.seq());
        assertFalse(after.has(TcpFlag.URG), "urgent data acknowledged: " + after);
        assertEquals(0, after.urgentPointer());
    }

    /**
     * RFC 9293 §3.10.7.4: at a zero window no segment is acceptable, "but special allowance should be made to accept
     * valid ACKs, URGs, and RSTs". A segment with text at RCV.NXT (a BSD or Windows zero-window probe carries a byte)
     * still acknowledges our data and brings its urgent pointer; its text is not taken, and the ACK in reply says
     * the window is still closed.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_withTextAtAZeroWindowStillAcknowledges() {
        EndpointConfig config = EndpointConfig.simulation().withExtensions(TcpExtensions.NONE);
        Fixture f = new Fixture(config).establish(TcpOptions.builder().mss(1460).build(), TcpOptions.NONE);
        f.server.send(new byte[100]);
        f.sim.advanceMillis(20);
        int buffer = config.receiveBufferBytes();
        for (int sent = 0; sent < buffer; sent += 512) {
            f.send(f.segment().seq(f.peerNext).ack(f.serverNext).flags(TcpFlags.PSH_ACK).window(8192)
                    .payload(new byte[512]).build());
            f.peerNext += 512;
        }
        assertEquals(0, f.server.tcb().rcvWnd(), "the window is closed");
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext + 100)
                .flags(TcpFlags.of(TcpFlag.URG, TcpFlag.PSH, TcpFlag.ACK)).window(8192).urgentPointer(1)
                .payload(new byte[] {9}).build());
        assertEquals(f.serverNext + 100, f.server.tcb().sndUna(), "the ACK was taken");
        assertEquals(buffer, f.server.readableBytes(), "the text was not");
        assertTrue(f.server.signals().contains(TcpSignal.URGENT), f.server.signals()::toString);
        Segment reply = f.lastReceived();
        assertEquals(f.peerNext, reply.ack(), reply.toString());
        assertEquals(0, reply.window(), reply.toString());
        assertEquals(TcpState.ESTABLISHED, f.server.state());
    }

    /**
     * The same for a retransmission that starts before RCV.NXT and runs past it, its ACK new (Linux's
     * {@code tcp_sequence} takes it): the ACK is heard, the text already held is not taken twice, the rest not at all.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_overlappingRcvNxtAtAZeroWindowStillAcknowledges() {
        EndpointConfig config = EndpointConfig.simulation().withExtensions(TcpExtensions.NONE);
        Fixture f = new Fixture(config).establish(TcpOptions.builder().mss(1460).build(), TcpOptions.NONE);
        f.server.send(new byte[100]);
        f.sim.advanceMillis(20);
        int buffer = config.receiveBufferBytes();
        for (int sent = 0; sent < buffer; sent += 512) {
            f.send(f.segment().seq(f.peerNext).ack(f.serverNext).flags(TcpFlags.PSH_ACK).window(8192)
                    .payload(new byte[512]).build());
            f.peerNext += 512;
        }
        assertEquals(0, f.server.tcb().rcvWnd(), "the window is closed");
        f.send(f.segment().seq(f.peerNext - 512).ack(f.serverNext + 100).flags(TcpFlags.PSH_ACK).window(8192)
                .payload(new byte[1024]).build());
        assertEquals(f.serverNext + 100, f.server.tcb().sndUna(), "the ACK was taken");
        assertEquals(buffer, f.server.readableBytes(), "no text was");
        Segment reply = f.lastReceived();
        assertEquals(f.peerNext, reply.ack(), reply.toString());
        assertEquals(0, reply.window(), reply.toString());
        assertEquals(TcpState.ESTABLISHED, f.server.state());
    }

    /**
     * An ACK outside the window is answered with an ACK (§3.10.7.4 First), but at most once per 500 ms, as Linux's
     * {@code tcp_oow_rate_limited} answers it: two ends that disagree on the window would otherwise ACK each other's
     * ACKs for ever. Twenty such ACKs in 100 ms draw one answer; one 500 ms after that answer draws another; text
     * outside the window is answered every time, as Linux answers it.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_outsideTheWindowIsAnsweredOncePerHalfSecond() {
        Fixture f = new Fixture(TcpExtensions.NONE).establish(TcpOptions.builder().mss(1460).build(), TcpOptions.NONE);
        Segment outside = f.segment().seq(f.peerNext + 100_000).ack(f.serverNext).flags(TcpFlags.ACK).window(8192)
                .build();
        int before = f.received.size();
        for (int i = 0; i < 20; i++) {
            f.peer.send(SimulatedPair.SERVER, SegmentCodec.encode(outside,
                    PseudoHeader.ipv4(PEER.ip(), SimulatedPair.SERVER.ip())));
            f.sim.advanceMillis(5);
        }
        f.sim.advanceMillis(20);
        assertEquals(before + 1, f.received.size(), "one answer to twenty ACKs outside the window in 100 ms");
        assertEquals(f.peerNext, f.lastReceived().ack(), f.lastReceived().toString());
        f.sim.advanceMillis(400);
        f.send(outside); // 520 ms after the answered one reached the server
        assertEquals(before + 2, f.received.size(), "an answer again 500 ms later");
        Segment textOutside = f.segment().seq(f.peerNext + 100_000).ack(f.serverNext).flags(TcpFlags.PSH_ACK)
                .window(8192).payload(new byte[10]).build();
        f.send(textOutside);
        f.send(textOutside);
        assertEquals(before + 4, f.received.size(), "text outside the window is answered every time");
        assertEquals(TcpState.ESTABLISHED, f.server.state());
    }

    /**
     * RFC 6093 §4: urgent data further ahead than 16 bits reach is announced with the largest pointer, 65535, never a
     * pointer wrapped to a nearer octet.
     */
    @Test
    void test_ESTABLISHED_SEND_urgentBeyondSixteenBitsPointsAtMost65535Ahead() {
        EndpointConfig config = EndpointConfig.simulation().withExtensions(TcpExtensions.NONE);
        Fixture f = new Fixture(config.withBuffers(128 << 10, config.receiveBufferBytes()))
                .establish(TcpOptions.builder().mss(1460).build(), TcpOptions.NONE);
        int before = f.received.size();
        assertEquals(100_000, f.server.sendUrgent(new byte[100_000]));
        f.sim.advanceMillis(20);
        Segment first = f.received.get(before);
        assertEquals(f.serverNext, first.seq());
        assertTrue(first.has(TcpFlag.URG), first.toString());
        assertEquals(0xFFFF, first.urgentPointer());
    }

    /**
     * RFC 6093 §4 with more than 64 KiB in flight: the retransmission of the head of the urgent data, whose pointer
     * would be beyond 16 bits, goes without URG, because the octet 65535 ahead of it (the one a pointer of 65535
     * names) has been sent already and is ordinary data to a receiver that may hold it, as Linux's
     * {@code __tcp_transmit_skb} leaves URG off then. Sent the first time, before that octet was, the same segment
     * carried URG and 65535. The slow start before it is acknowledged segment by segment on the virtual clock, so the
     * window is large enough every run.
     */
    @Test
    void test_ESTABLISHED_RETRANSMISSION_TIMEOUT_urgentHeadBeyondSixteenBitsGoesWithoutUrg() {
        EndpointConfig config = EndpointConfig.simulation().withMssLimit(1460)
                .withExtensions(new TcpExtensions(true, false, false));
        Fixture f = new Fixture(config.withBuffers(1 << 20, config.receiveBufferBytes()))
                .establish(TcpOptions.builder().mss(1460).windowScale(7).build(), TcpOptions.NONE);
        // Slow start to a window of well over 64 KiB, every data segment acknowledged, with a 1 MiB window; then
        // the rest acknowledged at once, so that the connection is not idle long enough to restart slow start.
        f.server.send(new byte[1 << 20]);
        int acked = f.serverNext;
        int heard = 0;
        for (int step = 0; f.server.congestion().cwnd() < 150 << 10; step++) {
            assertTrue(step < 10_000, "the warm-up stalled: " + f.server + " cwnd " + f.server.congestion().cwnd());
            if (heard == f.received.size()) {
                f.sim.advanceMillis(20);
                f.server.send(new byte[f.server.sendBufferFree()]);
                continue;
            }
            Segment data = f.received.get(heard++);
            if (data.payloadLength() > 0 && SeqNum.gt(data.seq() + data.payloadLength(), acked)) {
                acked = data.seq() + data.payloadLength();
                f.send(f.segment().seq(f.peerNext).ack(acked).flags(TcpFlags.ACK).window(8192).build());
            }
        }
        for (int step = 0; !f.server.allSentAcknowledged(); step++) {
            assertTrue(step < 1_000, "the queue did not drain: " + f.server);
            acked = f.received.stream().map(s -> s.seq() + s.payloadLength()).reduce(acked, SeqNum::max);
            f.send(f.segment().seq(f.peerNext).ack(acked).flags(TcpFlags.ACK).window(8192).build());
        }
        int before = f.received.size();
        assertEquals(300_000, f.server.sendUrgent(new byte[300_000]));
        f.sim.advanceMillis(20);
        Segment first = f.received.get(before);
        assertEquals(acked, first.seq());
        assertTrue(first.has(TcpFlag.URG) && first.urgentPointer() == 0xFFFF, first.toString());
        assertTrue(SeqNum.distance(acked, f.server.tcb().sndNxt()) > 0xFFFF, () -> "more than 64 KiB in flight: "
                + f.server + " cwnd " + f.server.congestion().cwnd());

        f.sim.advanceMillis(3_000); // the peer is silent: the retransmission timer resends the head
        List<Segment> again = f.received.subList(before + 1, f.received.size()).stream()
                .filter(s -> s.seq() == first.seq()).toList();
        assertFalse(again.isEmpty(), "the head was retransmitted");
        assertFalse(again.get(0).has(TcpFlag.URG), "the octet 65535 ahead is sent: " + again.get(0));
        assertEquals(0, again.get(0).urgentPointer());
    }

    /**
     * RFC 9293 §3.8.5: urgent data behind a closed window is still announced. The zero-window probe (SEQ=SND.UNA-1)
     * carries URG and a pointer from its own sequence number, one more than the urgent data's length, as Linux's
     * probes do, so the peer hears of the urgent data before its window lets the data in.
     */
    @Test
    void test_ESTABLISHED_SEND_urgentBehindAClosedWindowIsAnnouncedByTheProbe() {
        Fixture f = new Fixture(TcpExtensions.NONE).establish(TcpOptions.builder().mss(1460).build(),
                TcpOptions.NONE);
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext).flags(TcpFlags.ACK).window(0).build());
        int before = f.received.size();
        f.server.sendUrgent(new byte[] {1, 2, 3});
        f.sim.advanceMillis(5_000);
        List<Segment> sent = f.received.subList(before, f.received.size());
        Segment probe = sent.stream().filter(s -> s.seq() == f.serverNext - 1).findFirst()
                .orElseThrow(() -> new AssertionError("no zero-window probe: " + sent));
        assertTrue(probe.has(TcpFlag.URG), probe.toString());
        assertEquals(4, probe.urgentPointer(), "from SND.UNA-1 to the octet after the urgent data");
    }

    /**
     * RFC 9293 §3.10.7.4 (fifth, then sixth): urgent data on the segment that completes the handshake is processed as
     * in ESTABLISHED, and signalled right after CONNECTED.
     */
    @Test
    void test_SYN_RECEIVED_RCV_ACK_withUrgentDataIsSignalledAfterConnected() {
        Fixture f = new Fixture(TcpExtensions.NONE);
        f.send(f.segment().seq(PEER_ISS).flags(TcpFlags.SYN).window(8192)
                .options(TcpOptions.builder().mss(1460).build()).build());
        f.serverNext = f.lastReceived().seq() + 1;
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext).flags(TcpFlags.of(TcpFlag.URG, TcpFlag.PSH, TcpFlag.ACK))
                .window(8192).urgentPointer(2).payload(new byte[] {1, 2, 3}).build());
        TcpConnection server = f.listener.accept().orElseThrow();
        assertEquals(TcpState.ESTABLISHED, server.state());
        assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.URGENT), server.signals());
        assertEquals(2, server.urgentBytes());
        assertArrayEquals(new byte[] {1, 2, 3}, server.receive(10));
    }

    /**
     * RFC 9293 §3.10.7.4 (SHLD-31): a FIN whose segment arrives beyond a hole is held with its text, and taken as soon
     * as the hole fills: the ACK then covers it and the connection is in CLOSE_WAIT, with no wait for the peer to
     * retransmit it.
     */
    @Test
    void test_ESTABLISHED_RCV_FIN_beyondAHoleIsHeldUntilTheHoleFills() {
        Fixture f = new Fixture(TcpExtensions.NONE).establish(TcpOptions.builder().mss(1460).build(),
                TcpOptions.builder().build());
        f.send(f.segment().seq(f.peerNext + 100).ack(f.serverNext).window(8192).payload(new byte[100])
                .flags(TcpFlags.of(TcpFlag.FIN, TcpFlag.ACK, TcpFlag.PSH)).build());
        assertEquals(TcpState.ESTABLISHED, f.server.state(), "the FIN waits for the missing 100 bytes");
        assertEquals(f.peerNext, f.lastReceived().ack(), "a duplicate ACK for the hole");
        f.send(f.segment().seq(f.peerNext).ack(f.serverNext).flags(TcpFlags.PSH_ACK).window(8192)
                .payload(new byte[100]).build());
        assertEquals(TcpState.CLOSE_WAIT, f.server.state());
        assertEquals(f.peerNext + 201, f.lastReceived().ack(), "200 bytes and the FIN acknowledged");
        assertEquals(200, f.server.readableBytes());
    }

    /**
     * A SYN announcing MSS 0 (or any value below 48) would make every segment carry one byte: the floor is 48, as
     * Linux's tcp_min_snd_mss (CVE-2019-11477/11479).
     */
    @Test
    void test_LISTEN_RCV_SYN_withMssZeroSendsSegmentsOfAtLeast48Bytes() {
        Fixture f = new Fixture(TcpExtensions.NONE).establish(TcpOptions.builder().mss(0).build(),
                TcpOptions.builder().build());
        int before = f.received.size();
        f.server.send(new byte[200]);
        f.sim.advanceMillis(50);
        List<Integer> sizes = f.received.subList(before, f.received.size()).stream()
                .map(Segment::payloadLength).filter(n -> n > 0).toList();
        assertEquals(List.of(48, 48, 48, 48, 8), sizes);
    }
}
