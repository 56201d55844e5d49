package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.LinkProfile;
import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The right edge of the window we offer (RCV.NXT plus the window of our last ACK) never moves left (RFC 9293 §3.8.6,
 * RFC 7323 §2.4), as Linux's {@code tcp_select_window} keeps it, though a window scale of 7 rounds the free space down
 * to 128-byte units; and the text the peer sends up to that edge is taken, though it may lie a few bytes beyond the
 * free space.
 */
class ReceiveWindowEdgeTest {

    private static final EndpointAddress PEER = EndpointAddress.of(Ipv4Address.of(10, 0, 0, 9), 51_000);
    private static final int PEER_ISS = 1000;
    /** 4 MiB: the smallest receive buffer whose window needs a shift of 7, as Linux's default buffers do. */
    private static final int BUFFER = EndpointConfig.LARGE_RECEIVE_BUFFER;

    @Test
    void test_ESTABLISHED_RCV_ACK_keepsTheOfferedRightEdgeWhenTheScaleRoundsDown() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY),
                EndpointConfig.simulation().withBuffers(BUFFER, BUFFER).withExtensions(TcpExtensions.ALL), true);
        TcpListener listener = sim.server().listen();
        RawPeer peer = new RawPeer(sim.network(), PEER);
        peer.send(peer.segment(SimulatedPair.SERVER).seq(PEER_ISS).flags(TcpFlags.SYN).window(65_535)
                .options(TcpOptions.builder().mss(1460).sackPermitted().windowScale(7).build()).build(),
                SimulatedPair.SERVER);
        sim.advanceMillis(20);
        int serverNext = peer.last().seq() + 1;
        int peerNext = PEER_ISS + 1;
        peer.send(peer.segment(SimulatedPair.SERVER).seq(peerNext).ack(serverNext).flags(TcpFlags.ACK).window(512)
                .build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        TcpConnection server = listener.accept().orElseThrow();
        assertEquals(7, server.tcb().rcvWndShift());

        // 128 bytes leave a free space of whole 128-byte units; one byte more leaves 127 bytes of a unit, which
        // rounding down would take back from the edge already offered.
        peerNext = data(sim, peer, peerNext, serverNext, 128);
        int offered = rightEdge(peer.last());
        peerNext = data(sim, peer, peerNext, serverNext, 1);
        int nowOffered = rightEdge(peer.last());
        assertTrue(nowOffered - offered >= 0, "the right edge moved left by " + (offered - nowOffered) + " bytes");

        // The last byte offered lies beyond the free space; it is held (SACKed beyond the gap), not dropped.
        int lastOffered = nowOffered - 1;
        peer.send(peer.segment(SimulatedPair.SERVER).seq(lastOffered).ack(serverNext).flags(TcpFlags.PSH_ACK)
                .window(512).payload(new byte[1]).build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        Segment dupAck = peer.last();
        assertEquals(peerNext, dupAck.ack(), "the byte beyond the gap does not advance RCV.NXT");
        assertEquals(List.of(new SackBlock(lastOffered, nowOffered)), dupAck.options().sackBlocks(),
                "the byte at the offered edge is held");
    }

    /**
     * Keeping the edge rounds the window up to the scale unit, and every ACK after a piece shorter than the unit
     * rounds it up again from the new RCV.NXT: a peer sending small pieces into a buffer nobody reads would push the
     * edge on by its piece each time and never see the window close. The edge is kept only as far as the buffer's
     * capacity and one scale unit less a byte: the buffer never holds more, and the window closes.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_smallPiecesIntoAnUnreadBufferCloseTheWindowWithinOneScaleUnit() {
        SimulatedPair sim = new SimulatedPair(1, LinkProfile.perfect(SimulatedPair.DEFAULT_DELAY),
                EndpointConfig.simulation().withBuffers(BUFFER, BUFFER).withExtensions(TcpExtensions.ALL), true);
        TcpListener listener = sim.server().listen();
        RawPeer peer = new RawPeer(sim.network(), PEER);
        peer.send(peer.segment(SimulatedPair.SERVER).seq(PEER_ISS).flags(TcpFlags.SYN).window(65_535)
                .options(TcpOptions.builder().mss(1460).windowScale(7).build()).build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        int serverNext = peer.last().seq() + 1;
        int peerNext = PEER_ISS + 1;
        peer.send(peer.segment(SimulatedPair.SERVER).seq(peerNext).ack(serverNext).flags(TcpFlags.ACK).window(512)
                .build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        TcpConnection server = listener.accept().orElseThrow();
        int edge = peerNext + BUFFER;
        int maxHeld = BUFFER + 127;
        // Full segments while much of the window is left, then pieces of 100 bytes, less than the 128-byte unit.
        int pieces = 0;
        while (edge - peerNext > 0) {
            int room = edge - peerNext;
            int piece = Math.min(room, room > 8 * 1460 ? 1460 : 100);
            peerNext = data(sim, peer, peerNext, serverNext, piece);
            edge = rightEdge(peer.last());
            assertTrue(server.readableBytes() <= maxHeld, "the buffer of " + BUFFER + " bytes holds "
                    + server.readableBytes());
            assertTrue(++pieces < BUFFER / 1460 + 400, "the window is still open after " + pieces
                    + " pieces, " + server.readableBytes() + " bytes held");
        }
        assertEquals(0, peer.last().window(), "the window closed");
        assertTrue(server.readableBytes() > BUFFER - 128, "the window closed with room left: "
                + server.readableBytes());

        // Once read, the buffer offers its space again.
        assertEquals(server.readableBytes(), server.receive(Integer.MAX_VALUE).length);
        sim.advanceMillis(20);
        assertTrue(rightEdge(peer.last()) - peerNext >= BUFFER - 127, "the window reopened: " + peer.last());
    }

    /** Sends {@code bytes} of text at {@code seq}; returns the sequence number after it. */
    private static int data(SimulatedPair sim, RawPeer peer, int seq, int ack, int bytes) {
        peer.send(peer.segment(SimulatedPair.SERVER).seq(seq).ack(ack).flags(TcpFlags.PSH_ACK).window(512)
                .payload(new byte[bytes]).build(), SimulatedPair.SERVER);
        sim.advanceMillis(20);
        Segment answer = peer.last();
        assertTrue(answer.has(TcpFlag.ACK) && answer.ack() == seq + bytes, "the text is acknowledged: " + answer);
        return seq + bytes;
    }

    /** SEG.ACK plus the scaled window: the right edge an ACK of ours offers. */
    private static int rightEdge(Segment ack) {
        return ack.ack() + (ack.window() << 7);
    }
}
