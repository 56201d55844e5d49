package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.Ipv4Address;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class Ipv4CodecTest {

    /** A SYN that Linux 6.18 sent from 198.18.0.1 to 198.18.0.2 through a TUN device: IPv4 header only. */
    private static final byte[] LINUX_HEADER = HexFormat.of().parseHex("4500003c65f640004006489ec6120001c6120002");
    private static final Ipv4Address A = Ipv4Address.of(198, 18, 0, 1);
    private static final Ipv4Address B = Ipv4Address.of(198, 18, 0, 2);

    @Test
    void decodesTheKernelsOwnHeader() {
        byte[] packet = withPayload(LINUX_HEADER, 40);
        Ipv4Header header = accepted(packet, packet.length);
        assertEquals(new Ipv4Header(A, B, Ipv4Codec.PROTOCOL_TCP, 64, 0x65f6, true, 20, 60), header);
        assertEquals(40, header.payloadLength());
    }

    @Test
    void encodesTheSameBytesTheKernelWrote() {
        byte[] packet = Ipv4Codec.encode(A, B, Ipv4Codec.PROTOCOL_TCP, 0x65f6, new byte[40]);
        assertArrayEquals(LINUX_HEADER, java.util.Arrays.copyOf(packet, 20));
    }

    @Test
    void everyEncodedPacketSetsDontFragmentAndDecodesBack() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            byte[] payload = new byte[random.nextInt(1480)];
            int id = random.nextInt(1 << 16);
            byte[] packet = Ipv4Codec.encode(A, B, Ipv4Codec.PROTOCOL_ICMP, id, payload);
            assertEquals(0x40, packet[6] & 0xE0, "flags: DF only");
            assertEquals(0, (packet[6] & 0x1F) | packet[7], "fragment offset");
            assertEquals(new Ipv4Header(A, B, Ipv4Codec.PROTOCOL_ICMP, 64, id, true, 20, 20 + payload.length),
                    accepted(packet, packet.length));
        }
    }

    @Test
    void optionsAreSkippedByTheHeaderLength() {
        byte[] packet = new byte[24 + 8];
        System.arraycopy(LINUX_HEADER, 0, packet, 0, 20);
        packet[0] = 0x46; // IHL 6: one word of options (four NOPs)
        packet[20] = packet[21] = packet[22] = packet[23] = 1;
        Ipv4Codec.putShort(packet, 2, packet.length);
        fixChecksum(packet, 24);
        Ipv4Header header = accepted(packet, packet.length);
        assertEquals(24, header.headerLength());
        assertEquals(8, header.payloadLength());
    }

    @Test
    void bytesAfterTheTotalLengthAreLinkPadding() {
        byte[] packet = withPayload(LINUX_HEADER, 40);
        byte[] padded = java.util.Arrays.copyOf(packet, 70);
        assertEquals(60, accepted(padded, padded.length).totalLength());
    }

    @Test
    void rejectsShortPackets() {
        assertRejected("a 19-byte packet is shorter than an IPv4 header", LINUX_HEADER, 19);
    }

    @Test
    void rejectsOtherVersions() {
        assertRejected("IP version 6, not 4", mutate(p -> p[0] = 0x65), 60);
    }

    @Test
    void rejectsAHeaderLengthBelowFiveWords() {
        assertRejected("header length (IHL) 16 bytes is below 20", mutate(p -> p[0] = 0x44), 60);
    }

    @Test
    void rejectsAHeaderLengthPastThePacket() {
        byte[] packet = mutate(p -> p[0] = 0x4F);
        assertRejected("header length (IHL) 60 bytes runs past the 40-byte packet", packet, 40);
    }

    @Test
    void rejectsATotalLengthBeyondWhatWasRead() {
        assertRejected("total length 60 is not between the header's 20 bytes and the 50 bytes received",
                withPayload(LINUX_HEADER, 40), 50);
    }

    @Test
    void rejectsATotalLengthShorterThanTheHeader() {
        assertRejected("total length 12 is not between the header's 20 bytes and the 60 bytes received",
                mutate(p -> Ipv4Codec.putShort(p, 2, 12)), 60);
    }

    @Test
    void rejectsABadHeaderChecksum() {
        byte[] packet = withPayload(LINUX_HEADER, 40);
        packet[10] ^= 1;
        assertRejected("header checksum 0x499e is wrong", packet, 60);
    }

    @Test
    void rejectsFragments() {
        assertRejected("a fragment (offset 0, more fragments true): nothing is reassembled here",
                mutate(p -> Ipv4Codec.putShort(p, 6, 0x2000)), 60);
        assertRejected("a fragment (offset 1480, more fragments false): nothing is reassembled here",
                mutate(p -> Ipv4Codec.putShort(p, 6, 185)), 60);
    }

    @Test
    void rejectsMartianSources() {
        assertRejected("martian source 127.18.0.1", mutate(p -> p[12] = 127), 60);
        assertRejected("martian source 224.18.0.1", mutate(p -> p[12] = (byte) 224), 60);
        assertRejected("martian source 0.18.0.1", mutate(p -> p[12] = 0), 60);
    }

    /** A packet from B to B, as a LAND attack sends: well formed, yet never from the link. */
    @Test
    void aPacketFromTheHostsOwnAddressIsRefused() {
        Ipv4Header header = ((Ipv4DecodeResult.Accepted) Ipv4Codec.decode(withPayload(LINUX_HEADER, 40), 0, 60))
                .header();
        assertEquals(java.util.Optional.empty(), Ipv4Codec.foreignSourceProblem(header, B, 24), "A to B is fine");
        Ipv4Header land = new Ipv4Header(B, B, header.protocol(), header.ttl(), header.identification(),
                header.dontFragment(), header.headerLength(), header.totalLength());
        assertEquals(java.util.Optional.of("martian source 198.18.0.2: the endpoint's own address"),
                Ipv4Codec.foreignSourceProblem(land, B, 24));
    }

    /** RFC 1122 §3.2.1.3: a subnet's directed broadcast address is never a source; another subnet's is just a host. */
    @Test
    void aPacketFromTheSubnetsBroadcastAddressIsRefused() {
        Ipv4Header header = ((Ipv4DecodeResult.Accepted) Ipv4Codec.decode(withPayload(LINUX_HEADER, 40), 0, 60))
                .header();
        Ipv4Header broadcast = new Ipv4Header(Ipv4Address.of(198, 18, 0, 255), B, header.protocol(), header.ttl(),
                header.identification(), header.dontFragment(), header.headerLength(), header.totalLength());
        assertEquals(java.util.Optional.of("martian source 198.18.0.255: the directed broadcast of the link's"
                + " 198.18.0.0/24"), Ipv4Codec.foreignSourceProblem(broadcast, B, 24));
        assertEquals(java.util.Optional.empty(), Ipv4Codec.foreignSourceProblem(broadcast, B, 16),
                "in 198.18.0.0/16, 198.18.0.255 is a host");
        assertEquals(java.util.Optional.empty(), Ipv4Codec.foreignSourceProblem(broadcast, B, 32),
                "no subnet known: only the own address is refused");
        Ipv4Header wideBroadcast = new Ipv4Header(Ipv4Address.of(198, 18, 255, 255), B, header.protocol(),
                header.ttl(), header.identification(), header.dontFragment(), header.headerLength(),
                header.totalLength());
        assertEquals(java.util.Optional.empty(), Ipv4Codec.foreignSourceProblem(wideBroadcast, B, 24),
                "another subnet's broadcast is routed here like any host's address");
        assertTrue(Ipv4Codec.foreignSourceProblem(wideBroadcast, B, 16).isPresent());
    }

    @Test
    void neverThrowsOnArbitraryBytes() {
        SplittableRandom random = new SplittableRandom(12);
        byte[] valid = withPayload(LINUX_HEADER, 40);
        for (int i = 0; i < 100_000; i++) {
            byte[] packet = random.nextBoolean() ? new byte[random.nextInt(80)] : valid.clone();
            for (int flips = random.nextInt(4); flips >= 0 && packet.length > 0; flips--) {
                packet[random.nextInt(packet.length)] = (byte) random.nextInt();
            }
            Ipv4DecodeResult result = Ipv4Codec.decode(packet, random.nextInt(packet.length + 1));
            assertTrue(result instanceof Ipv4DecodeResult.Accepted || result instanceof Ipv4DecodeResult.Rejected);
        }
        assertInstanceOf(Ipv4DecodeResult.Rejected.class, Ipv4Codec.decode(null, 0));
        assertInstanceOf(Ipv4DecodeResult.Rejected.class, Ipv4Codec.decode(valid, valid.length + 1));
    }

    @Test
    void refusesToEncodeWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class,
                () -> Ipv4Codec.encode(A, B, Ipv4Codec.PROTOCOL_TCP, 0, new byte[65516]));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Codec.encode(A, B, 256, 0, new byte[0]));
    }

    private static Ipv4Header accepted(byte[] packet, int length) {
        Ipv4DecodeResult result = Ipv4Codec.decode(packet, length);
        return assertInstanceOf(Ipv4DecodeResult.Accepted.class, result, result::toString).header();
    }

    private static void assertRejected(String reason, byte[] packet, int length) {
        assertEquals(new Ipv4DecodeResult.Rejected(reason), Ipv4Codec.decode(packet, length));
    }

    /** The kernel's header with a change, its checksum corrected, and 40 bytes of payload. */
    private static byte[] mutate(Consumer<byte[]> change) {
        byte[] packet = withPayload(LINUX_HEADER, 40);
        change.accept(packet);
        fixChecksum(packet, 20);
        return packet;
    }

    private static byte[] withPayload(byte[] header, int payload) {
        return java.util.Arrays.copyOf(header, header.length + payload);
    }

    private static void fixChecksum(byte[] packet, int headerLength) {
        Ipv4Codec.putShort(packet, 10, 0);
        Ipv4Codec.putShort(packet, 10, io.fsmgen.tcp.engine.InternetChecksum.complement(
                io.fsmgen.tcp.engine.InternetChecksum.add(0, packet, 0, headerLength)));
    }
}
