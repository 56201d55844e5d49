package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.ByteSlice;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.InternetChecksum;
import io.fsmgen.tcp.engine.Ipv4Address;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.TcpFlags;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The offload packets the TUN link builds and reads, byte by byte; no device needed. */
class SegmentCoalescerTest {

    private static final Ipv4Address US = Ipv4Address.of(198, 18, 0, 2);
    private static final Ipv4Address PEER = Ipv4Address.of(198, 18, 0, 1);
    private static final int MSS = 1000;

    @Test
    void backToBackFullSegmentsBecomeOnePacketTheKernelCutsBack() {
        SegmentCoalescer coalescer = new SegmentCoalescer(US);
        assertTrue(coalescer.offer(PEER, data(100, MSS, TcpFlags.ACK)));
        assertTrue(coalescer.offer(PEER, data(100 + MSS, MSS, TcpFlags.ACK)));
        assertTrue(coalescer.offer(PEER, data(100 + 2 * MSS, 300, TcpFlags.PSH_ACK)));
        assertFalse(coalescer.offer(PEER, data(100 + 2 * MSS + 300, MSS, TcpFlags.ACK)), "a short one ends the run");
        assertEquals(3, coalescer.segmentCount());
        byte[] packet = Arrays.copyOf(coalescer.buffer(), coalescer.drain(7));
        assertTrue(coalescer.isEmpty());

        assertArrayEquals(new byte[] {1, 1, 40, 0, (byte) (MSS & 0xFF), (byte) (MSS >> 8), 20, 0, 16, 0},
                Arrays.copyOf(packet, 10), "NEEDS_CSUM, GSO_TCPV4, hdr_len 40, gso_size 1000, csum 20+16");
        Ipv4Header ip = assertInstanceOf(Ipv4DecodeResult.Accepted.class, Ipv4Codec.decode(packet, 10,
                packet.length - 10)).header();
        assertEquals(20 + 20 + 2 * MSS + 300, ip.totalLength());
        assertTrue(ip.dontFragment());
        byte[] tcp = Arrays.copyOfRange(packet, 30, packet.length);
        assertEquals(100, Ipv4Codec.getInt(tcp, 4), "the first segment's sequence number");
        assertEquals(TcpFlags.PSH_ACK.bits(), tcp[13] & 0xFF, "PSH from the last");
        assertEquals(InternetChecksum.fold(PseudoHeader.ipv4(US, PEER).sum(tcp.length)), Ipv4Codec.getShort(tcp, 16),
                "the pseudo-header's sum, for the kernel to complete");
        for (int i = 0; i < 2 * MSS + 300; i++) {
            assertEquals((byte) (100 + i), tcp[20 + i], "text at " + i);
        }
    }

    @Test
    void aLoneSegmentGoesOutWholeItsChecksumLeftToTheKernel() {
        SegmentCoalescer coalescer = new SegmentCoalescer(US);
        Segment segment = data(5, MSS, TcpFlags.ACK);
        assertTrue(coalescer.offer(PEER, segment));
        byte[] packet = Arrays.copyOf(coalescer.buffer(), coalescer.drain(7));
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 20, 0, 16, 0}, Arrays.copyOf(packet, 10),
                "NEEDS_CSUM, no segmentation, csum 20+16");
        assertTrue(VirtioNetHeader.completeChecksum(packet, packet.length), "what the kernel would complete");
        assertArrayEquals(SegmentCodec.encode(segment, PseudoHeader.ipv4(US, PEER)),
                Arrays.copyOfRange(packet, 30, packet.length), "the segment as the endpoint would have encoded it");
    }

    @Test
    void borrowedTextIsCopiedWhenOffered() {
        byte[] sendBuffer = new byte[2 * MSS];
        Arrays.fill(sendBuffer, (byte) 7);
        SegmentCoalescer coalescer = new SegmentCoalescer(US);
        assertTrue(coalescer.offer(PEER, Segment.builder(40000, 80).seq(0).ack(1).flags(TcpFlags.ACK).window(5000)
                .text(ByteSlice.borrow(sendBuffer, 0, MSS)).build()));
        assertTrue(coalescer.offer(PEER, Segment.builder(40000, 80).seq(MSS).ack(1).flags(TcpFlags.ACK).window(5000)
                .text(ByteSlice.borrow(sendBuffer, MSS, MSS)).build()));
        Arrays.fill(sendBuffer, (byte) 9); // acknowledged and reused by the time the round ends
        byte[] packet = Arrays.copyOf(coalescer.buffer(), coalescer.drain(7));
        for (int i = 30 + 20; i < packet.length; i++) {
            assertEquals(7, packet[i], "text at " + i);
        }
    }

    @Test
    void onlySegmentsThatDifferInSequenceAndTextJoin() {
        assertRefusedAfterFirst(data(100 + MSS, MSS, TcpFlags.ACK, 999, 5000), "another ACK");
        assertRefusedAfterFirst(data(100 + MSS, MSS, TcpFlags.ACK, 1, 4000), "another window");
        assertRefusedAfterFirst(data(100 + MSS + 1, MSS, TcpFlags.ACK), "a gap");
        assertRefusedAfterFirst(data(100 + MSS, MSS + 1, TcpFlags.ACK), "larger than the first");
        assertRefusedAfterFirst(data(100 + MSS, MSS, TcpFlags.FIN_ACK), "a FIN");
        assertRefusedAfterFirst(data(100 + MSS, 0, TcpFlags.ACK), "no text");
        SegmentCoalescer coalescer = new SegmentCoalescer(US);
        assertTrue(coalescer.offer(PEER, data(100, MSS, TcpFlags.ACK)));
        assertFalse(coalescer.offer(Ipv4Address.of(198, 18, 0, 3), data(100 + MSS, MSS, TcpFlags.ACK)),
                "another host");
        SegmentCoalescer big = new SegmentCoalescer(US);
        int seq = 0;
        int joined = 0;
        while (big.offer(PEER, data(seq, MSS, TcpFlags.ACK))) {
            seq += MSS;
            joined++;
        }
        assertEquals((0xFFFF - 40) / MSS, joined, "at most one IPv4 packet's worth");
    }

    @Test
    void aChecksumLeftToUsIsCompleted() {
        Segment segment = Segment.builder(80, 40000).seq(1).ack(2).flags(TcpFlags.PSH_ACK).window(100)
                .payload(new byte[] {1, 2, 3, 4, 5}).build();
        byte[] tcp = SegmentCodec.encode(segment, PseudoHeader.ipv4(PEER, US));
        byte[] buffer = new byte[10 + 20 + tcp.length];
        System.arraycopy(tcp, 0, buffer, 30, tcp.length);
        Ipv4Codec.writeHeader(buffer, 10, PEER, US, Ipv4Codec.PROTOCOL_TCP, 1, tcp.length);
        Ipv4Codec.putShort(buffer, 30 + 16, InternetChecksum.fold(PseudoHeader.ipv4(PEER, US).sum(tcp.length)));
        VirtioNetHeader.writeSegmentation(buffer, 40, 0, 20, 16);
        buffer[1] = 0; // checksum only, no segmentation
        assertTrue(VirtioNetHeader.completeChecksum(buffer, buffer.length));
        byte[] completed = Arrays.copyOfRange(buffer, 30, buffer.length);
        assertArrayEquals(tcp, completed);
        assertInstanceOf(DecodeResult.Decoded.class, SegmentCodec.decode(completed, PseudoHeader.ipv4(PEER, US)));
        buffer[6] = (byte) 200; // csum_start past the packet
        assertFalse(VirtioNetHeader.completeChecksum(buffer, buffer.length));
    }

    private static void assertRefusedAfterFirst(Segment second, String why) {
        SegmentCoalescer coalescer = new SegmentCoalescer(US);
        assertTrue(coalescer.offer(PEER, data(100, MSS, TcpFlags.ACK)));
        assertFalse(coalescer.offer(PEER, second), why);
    }

    private static Segment data(int seq, int length, TcpFlags flags) {
        return data(seq, length, flags, 1, 5000);
    }

    private static Segment data(int seq, int length, TcpFlags flags, int ack, int window) {
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) (seq + i);
        }
        return Segment.builder(40000, 80).seq(seq).ack(ack).flags(flags).window(window).payload(text).build();
    }
}
