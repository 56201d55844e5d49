package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SegmentCodecTest {

    private static Segment decoded(DecodeResult result) {
        return assertInstanceOf(DecodeResult.Decoded.class, result, () -> result.toString()).segment();
    }

    private static DecodeResult.Rejected rejected(DecodeResult result) {
        return assertInstanceOf(DecodeResult.Rejected.class, result, () -> result.toString());
    }

    @Test
    void encodesTheSynToTheHandComputedBytes() {
        assertArrayEquals(Golden.SYN_BYTES, SegmentCodec.encode(Golden.SYN, Golden.CLIENT_TO_SERVER));
        assertEquals(0x7b1a, SegmentCodec.checksumOf(Golden.SYN, Golden.CLIENT_TO_SERVER));
    }

    @Test
    void encodesOddLengthDataToTheHandComputedBytes() {
        assertArrayEquals(Golden.DATA_BYTES, SegmentCodec.encode(Golden.DATA, Golden.SERVER_TO_CLIENT));
    }

    @Test
    void codecChecksumAgreesWithAnIndependentImplementation() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            byte[] payload = new byte[random.nextInt(40)];
            random.nextBytes(payload);
            Segment segment = Segment.builder(random.nextInt(65536), random.nextInt(65536)).seq(random.nextInt())
                    .ack(random.nextInt()).flags(new TcpFlags(random.nextInt(256))).window(random.nextInt(65536))
                    .payload(payload).build();
            Ipv4Address source = new Ipv4Address(random.nextInt());
            Ipv4Address destination = new Ipv4Address(random.nextInt());
            int expected = Golden.referenceChecksum(source, destination, SegmentCodec.encodeRaw(segment));
            assertEquals(expected, SegmentCodec.checksumOf(segment, PseudoHeader.ipv4(source, destination)));
        }
    }

    @Test
    void decodesTheGoldenBytesWithTheWireChecksum() {
        assertEquals(Golden.SYN.withChecksum(0x7b1a), decoded(SegmentCodec.decode(Golden.SYN_BYTES,
                Golden.CLIENT_TO_SERVER)));
        assertEquals(Golden.DATA.withChecksum(0x2718), decoded(SegmentCodec.decode(Golden.DATA_BYTES,
                Golden.SERVER_TO_CLIENT)));
    }

    @Test
    void rawEncodingOfADecodedSegmentReproducesTheBytes() {
        Segment segment = decoded(SegmentCodec.decode(Golden.DATA_BYTES, Golden.SERVER_TO_CLIENT));
        assertArrayEquals(Golden.DATA_BYTES, SegmentCodec.encodeRaw(segment));
    }

    @Test
    void decodesFromAnOffsetWithinALargerBuffer() {
        byte[] buffer = new byte[Golden.SYN_BYTES.length + 10];
        System.arraycopy(Golden.SYN_BYTES, 0, buffer, 7, Golden.SYN_BYTES.length);
        assertEquals(Golden.SYN.withChecksum(0x7b1a),
                decoded(SegmentCodec.decode(buffer, 7, Golden.SYN_BYTES.length, Golden.CLIENT_TO_SERVER)));
    }

    @Test
    void rejectsASegmentDeliveredToTheWrongHostAsABadChecksum() {
        // Swapping source and destination would not do: the one's-complement sum is commutative.
        PseudoHeader wrongHost = PseudoHeader.ipv4(Golden.CLIENT_IP, Ipv4Address.of(10, 0, 0, 3));
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(Golden.SYN_BYTES, wrongHost));
        assertEquals(RejectionKind.BAD_CHECKSUM, rejection.kind());
    }

    @Test
    void rejectsABadChecksumNamingBothValues() {
        byte[] bytes = Golden.SYN_BYTES.clone();
        bytes[17] ^= 1;
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(bytes, Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.BAD_CHECKSUM, rejection.kind());
        assertEquals("checksum 0x7b1b does not match 0x7b1a computed over the pseudo-header and 24 bytes",
                rejection.reason());
    }

    @Test
    void acceptsTheNegativeZeroFormOfAZeroChecksum() {
        // Find a payload whose correct checksum is 0x0000, then send it as 0xffff (RFC 1624: the same number).
        for (int filler = 0; filler < 65536; filler++) {
            Segment segment = Segment.builder(1, 2).payload(new byte[] {(byte) (filler >> 8), (byte) filler})
                    .build();
            if (SegmentCodec.checksumOf(segment, Golden.CLIENT_TO_SERVER) == 0) {
                byte[] bytes = SegmentCodec.encodeRaw(segment.withChecksum(0xFFFF));
                assertEquals(segment.withChecksum(0xFFFF),
                        decoded(SegmentCodec.decode(bytes, Golden.CLIENT_TO_SERVER)));
                return;
            }
        }
        throw new AssertionError("no payload with a zero checksum found");
    }

    @Test
    void rejectsAShortHeader() {
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(Arrays.copyOf(Golden.SYN_BYTES, 19),
                Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.TRUNCATED_HEADER, rejection.kind());
        assertEquals("segment of 19 bytes is shorter than the 20-byte minimum TCP header", rejection.reason());
        assertEquals("segment of 0 bytes is shorter than the 20-byte minimum TCP header",
                rejected(SegmentCodec.decode(new byte[0], Golden.CLIENT_TO_SERVER)).reason());
    }

    @Test
    void rejectsADataOffsetBelowFive() {
        byte[] bytes = withChecksumFixed(Golden.DATA_BYTES, 12, (byte) 0x30, Golden.SERVER_TO_CLIENT);
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(bytes, Golden.SERVER_TO_CLIENT));
        assertEquals(RejectionKind.BAD_DATA_OFFSET, rejection.kind());
        assertEquals("data offset 3 is below the minimum of 5 words", rejection.reason());
    }

    @Test
    void rejectsADataOffsetBeyondTheSegment() {
        byte[] bytes = Golden.DATA_BYTES.clone();
        bytes[12] = (byte) 0xF0;
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(bytes, Golden.SERVER_TO_CLIENT));
        assertEquals(RejectionKind.BAD_DATA_OFFSET, rejection.kind());
        assertEquals("data offset 15 (a 60-byte header) points past the end of the 25-byte segment",
                rejection.reason());
    }

    @Test
    void rejectsOptionsOtherThanMss() {
        // Turn the SYN's MSS option into a window-scale option (kind 3), then into NOPs.
        byte[] windowScale = withChecksumFixed(Golden.SYN_BYTES, 20, (byte) 3, Golden.CLIENT_TO_SERVER);
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(windowScale, Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.UNSUPPORTED_OPTION, rejection.kind());
        assertEquals("option kind 3 (window scale) at header byte 20 is not supported: only a single MSS option is",
                rejection.reason());
        byte[] nop = withChecksumFixed(Golden.SYN_BYTES, 20, (byte) 1, Golden.CLIENT_TO_SERVER);
        assertEquals("option kind 1 (no-operation) at header byte 20 is not supported: only a single MSS option is",
                rejected(SegmentCodec.decode(nop, Golden.CLIENT_TO_SERVER)).reason());
    }

    @Test
    void rejectsAMalformedMssOption() {
        byte[] bytes = withChecksumFixed(Golden.SYN_BYTES, 21, (byte) 3, Golden.CLIENT_TO_SERVER);
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(bytes, Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.MALFORMED_OPTION, rejection.kind());
        assertEquals("MSS option at header byte 20 has length 3, but an MSS option is exactly 4 bytes",
                rejection.reason());
    }

    @Test
    void rejectsOptionBytesAfterTheMss() {
        // Data offset 7: MSS followed by four more option bytes (NOP NOP NOP EOL).
        byte[] bytes = hexWithChecksum("04d20050 000003e8 00000000 7002ffff 00000000 020405b4 01010100",
                Golden.CLIENT_TO_SERVER);
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(bytes, Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.UNSUPPORTED_OPTION, rejection.kind());
        assertEquals("data offset 7 leaves 4 option bytes after the MSS option at header byte 24; only a single"
                + " MSS option is supported", rejection.reason());
    }

    @Test
    void rejectsNullAndInconsistentBuffersWithoutThrowing() {
        assertEquals(RejectionKind.INVALID_BUFFER, rejected(SegmentCodec.decode(null, Golden.CLIENT_TO_SERVER)).kind());
        assertEquals(RejectionKind.INVALID_BUFFER, rejected(SegmentCodec.decode(Golden.SYN_BYTES, null)).kind());
        assertEquals("offset 20 and length 10 do not fit in a buffer of 24 bytes",
                rejected(SegmentCodec.decode(Golden.SYN_BYTES, 20, 10, Golden.CLIENT_TO_SERVER)).reason());
        assertEquals(RejectionKind.INVALID_BUFFER,
                rejected(SegmentCodec.decode(Golden.SYN_BYTES, -1, 5, Golden.CLIENT_TO_SERVER)).kind());
        assertEquals(RejectionKind.INVALID_BUFFER, rejected(SegmentCodec.decode(Golden.SYN_BYTES,
                Integer.MAX_VALUE, Integer.MAX_VALUE, Golden.CLIENT_TO_SERVER)).kind());
    }

    @Test
    void rejectsMoreBytesThanThePseudoHeaderCanDescribe() {
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(new byte[65536], Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.TOO_LONG, rejection.kind());
        assertEquals("segment of 65536 bytes exceeds the 65535-byte maximum TCP length", rejection.reason());
    }

    @Test
    void ignoresTheReservedBitsOnReceipt() {
        byte[] bytes = withChecksumFixed(Golden.DATA_BYTES, 12, (byte) 0x5F, Golden.SERVER_TO_CLIENT);
        Segment segment = decoded(SegmentCodec.decode(bytes, Golden.SERVER_TO_CLIENT));
        assertEquals(5, segment.dataOffset());
        assertEquals(0x50, SegmentCodec.encodeRaw(segment)[12]);
    }

    @Test
    void roundTripsOverTheIpv6PseudoHeader() throws Exception {
        PseudoHeader v6 = PseudoHeader.ipv6((Inet6Address) InetAddress.getByName("2001:db8::1"),
                (Inet6Address) InetAddress.getByName("2001:db8::2"));
        byte[] bytes = SegmentCodec.encode(Golden.DATA, v6);
        Segment segment = decoded(SegmentCodec.decode(bytes, v6));
        assertEquals(Golden.DATA.withChecksum(segment.checksum()), segment);
        // Hand check: the v6 pseudo-header sum differs from the v4 one only by the address words.
        // 2001 + 0db8 + 0001 (source) + 2001 + 0db8 + 0002 (destination) + 0019 (length) + 0006 = 0x5b94.
        long v6Sum = v6.sum(25);
        assertEquals(0x5b94, InternetChecksum.fold(v6Sum));
        assertEquals(RejectionKind.BAD_CHECKSUM, rejected(SegmentCodec.decode(bytes,
                PseudoHeader.ipv6((Inet6Address) InetAddress.getByName("2001:db8::1"),
                        (Inet6Address) InetAddress.getByName("2001:db8::3")))).kind());
    }

    /** Sets one byte and recomputes the checksum, so the test reaches the check behind the checksum. */
    private static byte[] withChecksumFixed(byte[] original, int index, byte value, PseudoHeader pseudoHeader) {
        byte[] bytes = original.clone();
        bytes[index] = value;
        return fixChecksum(bytes, pseudoHeader);
    }

    private static byte[] hexWithChecksum(String hex, PseudoHeader pseudoHeader) {
        return fixChecksum(Golden.hex(hex), pseudoHeader);
    }

    static byte[] fixChecksum(byte[] bytes, PseudoHeader pseudoHeader) {
        PseudoHeader.Ipv4 v4 = (PseudoHeader.Ipv4) pseudoHeader;
        bytes[16] = 0;
        bytes[17] = 0;
        int checksum = Golden.referenceChecksum(v4.source(), v4.destination(), bytes);
        bytes[16] = (byte) (checksum >> 8);
        bytes[17] = (byte) checksum;
        return bytes;
    }
}
