package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
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
            byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(3000) : random.nextInt(40)];
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
    void encodesIntoABufferWhereItLiesAsEncodeDoes() {
        for (Segment segment : new Segment[] {Golden.SYN, Golden.DATA}) {
            PseudoHeader pseudo = segment == Golden.SYN ? Golden.CLIENT_TO_SERVER : Golden.SERVER_TO_CLIENT;
            byte[] expected = SegmentCodec.encode(segment, pseudo);
            byte[] buffer = new byte[expected.length + 20];
            Arrays.fill(buffer, (byte) 0x55);
            assertEquals(expected.length, SegmentCodec.encodeInto(segment, pseudo, buffer, 13));
            assertArrayEquals(expected, Arrays.copyOfRange(buffer, 13, 13 + expected.length));
            assertEquals(0x55, buffer[12], "nothing before");
            assertEquals(0x55, buffer[13 + expected.length], "nothing after");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> SegmentCodec.encodeInto(segment, pseudo, buffer, buffer.length - 10),
                    "a carrier's buffer too small is its own mistake");
        }
    }

    @Test
    void decodingInPlaceBorrowsTheTextUntilTheSegmentIsOwned() {
        byte[] buffer = new byte[Golden.DATA_BYTES.length + 10];
        System.arraycopy(Golden.DATA_BYTES, 0, buffer, 5, Golden.DATA_BYTES.length);
        Segment borrowed = decoded(SegmentCodec.decodeBorrowing(buffer, 5, Golden.DATA_BYTES.length,
                Golden.SERVER_TO_CLIENT));
        assertEquals(Golden.DATA.withChecksum(0x2718), borrowed);
        assertTrue(borrowed.text().isBorrowed());
        Segment owned = borrowed.owned();
        assertFalse(owned.text().isBorrowed());
        buffer[5 + Golden.DATA_BYTES.length - 1] ^= 1; // the carrier reads its next packet into the same buffer
        assertNotEquals(Golden.DATA.withChecksum(0x2718), borrowed, "a borrowed text sees the buffer change");
        assertEquals(Golden.DATA.withChecksum(0x2718), owned, "an owned one does not");
        assertFalse(decoded(SegmentCodec.decode(Golden.DATA_BYTES, Golden.SERVER_TO_CLIENT)).text().isBorrowed());
        assertEquals(RejectionKind.BAD_CHECKSUM, rejected(SegmentCodec.decodeBorrowing(buffer, 5,
                Golden.DATA_BYTES.length, Golden.SERVER_TO_CLIENT)).kind(), "and rejects like decode");
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
    void decodesTheSynOfAStockLinux() {
        Segment syn = decoded(SegmentCodec.decode(Golden.LINUX_SYN_BYTES, Golden.CLIENT_TO_SERVER));
        assertEquals(Golden.LINUX_SYN.withChecksum(0xc756), syn);
        assertEquals(OptionalInt.of(1460), syn.mss());
        assertTrue(syn.options().sackPermitted());
        assertEquals(new TcpOption.Timestamps(0x12345678, 0), syn.options().timestamps().orElseThrow());
        assertEquals(7, syn.options().windowScale().orElseThrow().shift());
        assertEquals(10, syn.dataOffset());
        assertEquals("S 1000:1000(0) win 64240 <mss 1460,sackOK,TS val 305419896 ecr 0,nop,wscale 7>",
                syn.toString());
    }

    @Test
    void encodesLinuxsOptionLayoutToTheHandComputedBytes() {
        assertArrayEquals(Golden.LINUX_SYN_BYTES, SegmentCodec.encode(Golden.LINUX_SYN, Golden.CLIENT_TO_SERVER));
        TcpOptions built = TcpOptions.builder().windowScale(7).timestamps(0x12345678, 0).sackPermitted().mss(1460)
                .build();
        assertEquals(Golden.LINUX_SYN.options(), built, "the builder lays options out as Linux does");
    }

    @Test
    void theBuilderPadsEachLayoutToWholeWords() {
        assertEquals("<nop,nop,TS val 1 ecr 2>", TcpOptions.builder().timestamps(1, 2).build().toString());
        assertEquals("<mss 536,nop,wscale 0>", TcpOptions.builder().mss(536).windowScale(0).build().toString());
        assertEquals("<mss 1460,nop,nop,sackOK,nop,wscale 14>",
                TcpOptions.builder().mss(1460).sackPermitted().windowScale(14).build().toString());
        List<SackBlock> five = List.of(new SackBlock(1, 2), new SackBlock(3, 4), new SackBlock(5, 6),
                new SackBlock(7, 8), new SackBlock(9, 10));
        assertEquals("<nop,nop,TS val 1 ecr 2,nop,nop,sack 3 {1:2}{3:4}{5:6}>",
                TcpOptions.builder().timestamps(1, 2).sackBlocks(five).build().toString(),
                "three blocks fit beside timestamps");
        assertEquals("<nop,nop,sack 4 {1:2}{3:4}{5:6}{7:8}>", TcpOptions.builder().sackBlocks(five).build().toString(),
                "four without");
    }

    @Test
    void acceptsMssWithNopAndEolPaddingAndIgnoresWhatFollowsTheEol() {
        // Data offset 7: NOP NOP MSS(1460) EOL, then one byte after the EOL that is not zero.
        byte[] bytes = hexWithChecksum("04d20050 000003e8 00000000 7002ffff 00000000 0101 020405b4 00 7f",
                Golden.CLIENT_TO_SERVER);
        Segment segment = decoded(SegmentCodec.decode(bytes, Golden.CLIENT_TO_SERVER));
        assertEquals(OptionalInt.of(1460), segment.mss());
        assertEquals("<nop,nop,mss 1460,eol>", segment.options().toString());
        byte[] reencoded = SegmentCodec.encodeRaw(segment);
        assertEquals(0, reencoded[27], "padding after EOL is written as zero");
        assertArrayEquals(Arrays.copyOf(bytes, 27), Arrays.copyOf(reencoded, 27));
    }

    @Test
    void decodesSackBlocksAndSkipsUnknownKindsByTheirLength() {
        // nop nop TS(7, 9), kind 30 (multipath TCP) of length 4, nop nop SACK {3000:4000}{5000:6000}.
        byte[] bytes = hexWithChecksum("005004d2 000007d0 000003e9 e0102000 00000000"
                + " 0101080a 00000007 00000009 1e04abcd 0101 0512 00000bb8 00000fa0 00001388 00001770",
                Golden.SERVER_TO_CLIENT);
        Segment segment = decoded(SegmentCodec.decode(bytes, Golden.SERVER_TO_CLIENT));
        assertEquals(List.of(new SackBlock(3000, 4000), new SackBlock(5000, 6000)), segment.options().sackBlocks());
        assertEquals(new TcpOption.Unknown(30, new byte[] {(byte) 0xab, (byte) 0xcd}),
                segment.options().list().get(3));
        assertEquals("<nop,nop,TS val 7 ecr 9,unknown-30 0xabcd,nop,nop,sack 2 {3000:4000}{5000:6000}>",
                segment.options().toString());
        assertArrayEquals(bytes, SegmentCodec.encodeRaw(segment));
    }

    @Test
    void aWindowScaleAbove14IsKeptAsSentAndReadAs14() {
        TcpOption.WindowScale scale = new TcpOption.WindowScale(15);
        assertEquals(15, scale.shift());
        assertEquals(14, scale.effectiveShift(), "RFC 7323 §2.3");
    }

    @Test
    void rejectsAZeroOrOneByteLengthNamingTheOptionAndItsPlace() {
        assertMalformed("0101 0a00", "kind 10 option at header byte 22 has length 0, less than the 2 bytes of kind"
                + " and length");
        assertMalformed("1e01 0000", "multipath TCP option at header byte 20 has length 1, less than the 2 bytes of"
                + " kind and length");
    }

    @Test
    void rejectsALengthThatRunsPastTheDataOffset() {
        assertMalformed("0101 0808", "timestamps option at header byte 22 has length 8, running 6 bytes past the"
                + " data offset");
        assertMalformed("010101 02", "MSS option at header byte 23 has no length byte before the data offset ends"
                + " the options");
    }

    @Test
    void rejectsAWrongLengthForEachKnownKind() {
        assertMalformed("020305 00", "MSS option at header byte 20 has length 3, but this option is exactly 4 bytes");
        assertMalformed("030407 00", "window scale option at header byte 20 has length 4, but this option is exactly"
                + " 3 bytes");
        assertMalformed("0403 0000", "SACK permitted option at header byte 20 has length 3, but this option is"
                + " exactly 2 bytes");
        assertMalformed("0101 0806 00000000 00000000", "timestamps option at header byte 22 has length 6, but this"
                + " option is exactly 10 bytes");
        assertMalformed("0101 0506 00000000 00000000", "SACK option at header byte 22 has length 6, but a SACK option"
                + " is 2 bytes plus 8 for each of 1 to 4 blocks");
    }

    /** A SYN with the options {@code optionsHex} (whole words) and a right checksum is rejected for {@code reason}. */
    private static void assertMalformed(String optionsHex, String reason) {
        String options = optionsHex.replace(" ", "");
        int dataOffset = 5 + options.length() / 8;
        byte[] bytes = hexWithChecksum("04d20050 000003e8 00000000 " + Integer.toHexString(dataOffset) + "002ffff"
                + " 00000000 " + options, Golden.CLIENT_TO_SERVER);
        DecodeResult.Rejected rejection = rejected(SegmentCodec.decode(bytes, Golden.CLIENT_TO_SERVER));
        assertEquals(RejectionKind.MALFORMED_OPTION, rejection.kind());
        assertEquals(reason, rejection.reason());
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
