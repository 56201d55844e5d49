package io.fsmgen.tcp.endpoint;

import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.IssGenerator;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOption;
import io.fsmgen.tcp.engine.TcpOptions;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TraceEvent;
import io.fsmgen.tcp.engine.TransmissionKind;
import io.fsmgen.tcp.engine.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The SYN options against a scripted peer that speaks like a stock Linux (RFC 9293 §3.7.1, RFC 7323): what the
 * endpoint answers, what it then puts in every segment, and what it refuses.
 */
class OptionNegotiationTest {

    private static final EndpointAddress LINUX = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 9), 51_000);
    private static final int LINUX_TS = 0x12345678;
    private static final int LINUX_ISS = 1000;

    /** Real-sized: no MSS limit below the MTU's, 4 MiB buffers, so window scale 7. */
    private static EndpointConfig real() {
        return EndpointConfig.simulation().withMssLimit(EndpointConfig.NO_MSS_LIMIT)
                .withBuffers(EndpointConfig.LARGE_RECEIVE_BUFFER, EndpointConfig.LARGE_RECEIVE_BUFFER);
    }

    private static Segment linuxSyn(RawPeer linux, int windowScale) {
        return linux.segment(SimulatedPair.SERVER).seq(LINUX_ISS).flags(TcpFlags.SYN).window(64_240)
                .options(TcpOptions.builder().mss(1460).sackPermitted().timestamps(LINUX_TS, 0)
                        .windowScale(windowScale).build())
                .build();
    }

    /** Opens a connection from the scripted Linux to the server; returns the server's SYN+ACK. */
    private static Segment handshake(SimulatedPair sim, RawPeer linux, int windowScale, int finalAckWindow) {
        linux.send(linuxSyn(linux, windowScale), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        Segment synAck = linux.last();
        int ourTs = synAck.options().timestamps().orElseThrow().value();
        linux.send(linux.segment(SimulatedPair.SERVER).seq(LINUX_ISS + 1).ack(synAck.seq() + 1).flags(TcpFlags.ACK)
                .window(finalAckWindow).options(TcpOptions.builder().timestamps(LINUX_TS + 1, ourTs).build())
                .build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        return synAck;
    }

    /** A connection the scripted Linux opened to the server, and the numbers its next segments need. */
    private record Established(SimulatedPair sim, RawPeer linux, TcpConnection server, int ack, int ourTs) {

        /** Data from the scripted Linux at {@code LINUX_ISS + 1 + offset}, with TSval {@code tsVal} (null: none). */
        void data(int offset, Integer tsVal, byte[] payload) {
            Segment.Builder segment = linux.segment(SimulatedPair.SERVER).seq(LINUX_ISS + 1 + offset).ack(ack)
                    .flags(TcpFlags.PSH_ACK).window(1000).payload(payload);
            if (tsVal != null) {
                segment.options(TcpOptions.builder().timestamps(tsVal, ourTs).build());
            }
            linux.send(segment.build(), SimulatedPair.SERVER);
        }
    }

    private static Established establish() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true);
        TcpListener listener = sim.server().listen();
        RawPeer linux = new RawPeer(sim.network(), LINUX);
        Segment synAck = handshake(sim, linux, 7, 1000);
        return new Established(sim, linux, listener.accept().orElseThrow(), synAck.seq() + 1,
                synAck.options().timestamps().orElseThrow().value());
    }

    @Test
    void test_LISTEN_RCV_SYN_stockLinuxSynGetsMssFromTheMtuTimestampsAndWindowScale() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true);
        TcpListener listener = sim.server().listen();
        RawPeer linux = new RawPeer(sim.network(), LINUX);

        Segment synAck = handshake(sim, linux, 10, 502);

        assertEquals(TcpFlags.SYN_ACK, synAck.flags());
        assertEquals(LINUX_ISS + 1, synAck.ack());
        assertEquals(65_535, synAck.window(), "a SYN's window is never scaled (RFC 7323 §2.2): 16 bits cap it");
        TcpOptions options = synAck.options();
        assertEquals(OptionalInt.of(1460), options.mss(), "the 1500-byte MTU less 40 (RFC 9293 §3.7.1)");
        assertEquals(7, options.windowScale().orElseThrow().shift(), "a 4 MiB buffer needs a shift of 7");
        assertEquals(LINUX_TS, options.timestamps().orElseThrow().echoReply(), "TSecr echoes the SYN's TSval");
        assertTrue(options.sackPermitted(), "SACK is offered back");
        assertEquals(TcpOptions.builder().mss(1460).sackPermitted()
                .timestamps(options.timestamps().get().value(), LINUX_TS).windowScale(7).build(), options,
                "Linux's own layout: mss, sackOK, TS, nop, wscale");
        assertEquals("<mss 1460,sackOK,TS val " + Integer.toUnsignedString(options.timestamps().get().value())
                + " ecr 305419896,nop,wscale 7>", options.toString());

        TcpConnection server = listener.accept().orElseThrow();
        assertEquals(ESTABLISHED, server.state());
        assertEquals(502 << 10, server.tcb().sndWnd(), "the ACK's window is scaled by the SYN's shift of 10");

        server.send(new byte[3000]);
        sim.advanceMillis(20);
        Segment data = linux.received.stream().filter(s -> s.payloadLength() > 0).findFirst().orElseThrow();
        assertEquals(1448, data.payloadLength(), "1460 less the 12 bytes of nop, nop, timestamps");
        assertEquals(EndpointConfig.LARGE_RECEIVE_BUFFER >> 7, data.window(), "our window, shifted by 7");
        TcpOption.Timestamps ts = data.options().timestamps().orElseThrow();
        assertEquals(LINUX_TS + 1, ts.echoReply(), "TS.Recent came from the final ACK");
        assertTrue(Integer.compareUnsigned(ts.value(), options.timestamps().get().value()) >= 0);
    }

    @Test
    void test_SYN_SENT_SEND_ourSynOffersSackTimestampsAndWindowScaleInLinuxsLayout() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true);
        RawPeer peer = new RawPeer(sim.network(), LINUX);
        sim.client().connect(LINUX);
        sim.advanceMillis(20);
        Segment syn = peer.last();
        assertEquals(TcpFlags.SYN, syn.flags());
        assertEquals(65_535, syn.window());
        TcpOption.Timestamps ts = syn.options().timestamps().orElseThrow();
        assertEquals(0, ts.echoReply(), "TSecr is zero without ACK (RFC 7323 §3.2)");
        assertEquals(TcpOptions.builder().mss(1460).sackPermitted().timestamps(ts.value(), 0).windowScale(7).build(),
                syn.options());
        assertEquals(40, syn.headerLength(), "like Linux's SYN: 20 option bytes");
    }

    @Test
    void test_SYN_SENT_RCV_SYN_ACK_aPeerWithoutExtensionsGetsNone() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true);
        RawPeer peer = new RawPeer(sim.network(), LINUX);
        TcpConnection client = sim.client().connect(LINUX);
        sim.advanceMillis(20);
        Segment syn = peer.last();
        peer.send(peer.segment(SimulatedPair.CLIENT).seq(5000).ack(syn.seq() + 1).flags(TcpFlags.SYN_ACK).window(1000)
                .mss(1000).build(), SimulatedPair.CLIENT);
        sim.advanceMillis(20);
        assertEquals(ESTABLISHED, client.state());
        assertEquals(1000, client.tcb().sndWnd());
        assertFalse(client.tcb().timestamps());
        Segment ack = peer.last();
        assertEquals(TcpOptions.NONE, ack.options(), "no timestamps: the peer's SYN+ACK had none");
        assertEquals(65_535, ack.window(), "no scaling: our 4 MiB buffer is announced as 64 KiB - 1");

        peer.send(peer.segment(SimulatedPair.CLIENT).seq(5001).ack(syn.seq() + 1).flags(TcpFlags.ACK).window(60_000).build(),
                SimulatedPair.CLIENT);
        sim.advanceMillis(20);
        assertEquals(60_000, client.tcb().sndWnd(), "an unscaled window stays unscaled");
        client.send(new byte[2500]);
        sim.advanceMillis(20);
        List<Integer> lengths = peer.received.stream().map(Segment::payloadLength).filter(n -> n > 0).toList();
        assertEquals(List.of(1000, 1000, 500), lengths, "segments of the peer's MSS, no option bytes taken");
    }

    @Test
    void test_LISTEN_RCV_SYN_windowScaleAbove14IsReadAs14AndNoted() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true);
        TcpListener listener = sim.server().listen();
        RawPeer linux = new RawPeer(sim.network(), LINUX);
        handshake(sim, linux, 15, 1);
        TcpConnection server = listener.accept().orElseThrow();
        assertEquals(14, server.tcb().sndWndShift());
        assertEquals(1 << 14, server.tcb().sndWnd());
        assertTrue(sim.trace().renderLog().contains("peer's window scale 15 exceeds 14; using 14 (RFC 7323 §2.3)"),
                sim.trace().renderLog());
    }

    /** A SYN's text is not kept (no TCP Fast Open): the SYN+ACK acknowledges the SYN alone, and the trace says so. */
    @Test
    void test_LISTEN_RCV_SYN_textIsNotKeptAndNoted() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true);
        sim.server().listen();
        RawPeer linux = new RawPeer(sim.network(), LINUX);
        linux.send(linuxSyn(linux, 7).toBuilder().payload(new byte[8]).build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        assertEquals(LINUX_ISS + 1, linux.last().ack(), "the SYN+ACK acknowledges the SYN, not its 8 bytes");
        assertTrue(sim.trace().renderLog().contains("SYN text of 8 bytes not kept (no TCP Fast Open)"),
                sim.trace().renderLog());
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_pawsAnswersAnOldTimestampAndDropsASegmentWithout() {
        Established c = establish();
        int before = c.linux().received.size();

        c.data(0, LINUX_TS - 5, new byte[] {1}); // an old duplicate: in the window, TSval older than TS.Recent
        c.sim().advanceMillis(20);
        assertEquals(0, c.server().readableBytes(), "PAWS: not accepted");
        assertEquals(before + 1, c.linux().received.size(), "but acknowledged");
        assertEquals(LINUX_ISS + 1, c.linux().last().ack());

        c.data(0, null, new byte[] {2}); // no timestamps, though both SYNs had them: dropped (RFC 7323 §3.2)
        c.sim().advanceMillis(20);
        assertEquals(0, c.server().readableBytes());
        assertEquals(before + 1, c.linux().received.size(), "nothing answers it");

        c.data(0, LINUX_TS + 2, new byte[] {3});
        c.sim().advanceMillis(300);
        assertArrayEquals(new byte[] {3}, c.server().receive(10), "a current timestamp is accepted");
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_tsRecentFollowsTheLeftEdgeNotTheNewestSegment() {
        Established c = establish();
        // RFC 7323 §4.3's example: the segment at the left edge (TSval +10) is lost; a later one (TSval +11)
        // arrives out of order and is acknowledged with the old echo; the retransmission (TSval +12) fills the hole.
        c.data(100, LINUX_TS + 11, new byte[100]);
        c.sim().advanceMillis(300);
        assertEquals(LINUX_TS + 1, c.linux().last().options().timestamps().orElseThrow().echoReply(),
                "a segment beyond Last.ACK.sent does not update TS.Recent");
        c.data(0, LINUX_TS + 12, new byte[100]);
        c.sim().advanceMillis(300);
        assertEquals(200, c.server().readableBytes());
        assertEquals(LINUX_ISS + 201, c.linux().last().ack());
        assertEquals(LINUX_TS + 12, c.linux().last().options().timestamps().orElseThrow().echoReply());
    }

    @Test
    void test_ESTABLISHED_RCV_ACK_sackBlocksReportTheLatestArrivalFirst() {
        Established c = establish();
        assertTrue(c.server().tcb().sack());
        int base = LINUX_ISS + 1;
        int[][] arrivals = {{100, 200}, {300, 400}, {200, 300}, {500, 600}, {0, 100}};
        String[] expected = {
            "sack 1 {" + (base + 100) + ":" + (base + 200) + "}",
            "sack 2 {" + (base + 300) + ":" + (base + 400) + "}{" + (base + 100) + ":" + (base + 200) + "}",
            "sack 1 {" + (base + 100) + ":" + (base + 400) + "}",
            "sack 2 {" + (base + 500) + ":" + (base + 600) + "}{" + (base + 100) + ":" + (base + 400) + "}",
            "sack 1 {" + (base + 500) + ":" + (base + 600) + "}",
        };
        for (int i = 0; i < arrivals.length; i++) {
            c.data(arrivals[i][0], LINUX_TS + 2 + i, new byte[arrivals[i][1] - arrivals[i][0]]);
            c.sim().advanceMillis(30);
            assertEquals(expected[i], c.linux().last().options().first(TcpOption.Sack.class).orElseThrow().toString(),
                    "after the arrival of " + arrivals[i][0] + ".." + arrivals[i][1]);
        }
        assertEquals(base + 400, c.linux().last().ack(), "the hole at the left edge filled");
        assertEquals(400, c.server().readableBytes());
    }

    @Test
    void aCarrierWithAnImpossibleMtuIsRefusedByName() {
        VirtualClock clock = new VirtualClock();
        SegmentCarrier tiny = new SegmentCarrier() {
            @Override
            public EndpointAddress localAddress() {
                return SimulatedPair.CLIENT;
            }

            @Override
            public int mtu() {
                return 40;
            }

            @Override
            public void send(EndpointAddress destination, byte[] bytes) {
            }

            @Override
            public String toString() {
                return "tiny";
            }
        };
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new TcpEndpoint("c",
                real(), clock, clock::nanoTime, IssGenerator.seeded(1, clock::nanoTime), Trace.disabled(),
                sink -> tiny));
        assertEquals("carrier tiny reports an MTU of 40 bytes; an IPv4 link carries 68 to 65535 (RFC 791), and the"
                + " MSS is derived from it", refused.getMessage());
    }

    @Test
    void theMssComesFromTheMtuAndNoPacketExceedsThePath() {
        SimulatedPair sim = new SimulatedPair(3, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY), real(), true, 9000,
                1500);
        Trace trace = sim.trace();
        VirtualClock clock = sim.clock();
        SimulatedPair.Opened opened = sim.open();
        TcpConnection client = opened.client();
        TcpConnection server = opened.server();
        byte[] data = EndpointScenarioTest.pattern(300_000);
        int sent = 0;
        byte[] received = new byte[0];
        for (int round = 0; round < 400 && received.length < data.length; round++) {
            sent += client.send(java.util.Arrays.copyOfRange(data, sent, data.length));
            clock.advance(Duration.ofMillis(5));
            byte[] chunk = server.receive(1 << 20);
            byte[] joined = java.util.Arrays.copyOf(received, received.length + chunk.length);
            System.arraycopy(chunk, 0, joined, received.length, chunk.length);
            received = joined;
        }
        assertArrayEquals(data, received);
        List<TraceEvent.Transmission> transmissions = trace.events().stream()
                .filter(TraceEvent.Transmission.class::isInstance).map(TraceEvent.Transmission.class::cast).toList();
        Segment clientSyn = transmissions.get(0).segment().orElseThrow();
        assertEquals(OptionalInt.of(8960), clientSyn.mss(), "9000 less 40");
        assertTrue(transmissions.stream().noneMatch(t -> t.kind() == TransmissionKind.DROPPED), trace.renderLog());
        int largest = transmissions.stream().filter(t -> t.from().equals("client"))
                .mapToInt(t -> t.segment().orElseThrow().wireLength()).max().orElseThrow();
        assertEquals(1480, largest, "1448 bytes of data and a 32-byte TCP header: with IP, 1500");
    }
}
