package io.fsmgen.tcp.engine;

import java.util.Locale;
import java.util.Objects;

/**
 * Byte-exact conversion between {@link Segment} and the RFC 9293 §3.1 wire format.
 *
 * <p>Decoding never throws: whatever the bytes, the result is a {@link DecodeResult.Decoded} or a
 * {@link DecodeResult.Rejected} with a reason. Checks run in the order a receiver can afford them: size, data
 * offset, checksum, then options, so that a corrupted segment is reported as a checksum failure rather than as
 * whatever garbage its options happen to hold. Options are parsed in full, in any segment ({@link OptionCodec}).
 *
 * <p>The four reserved bits after the data offset are ignored on receipt and written as zero, as §3.1 asks. So for
 * any accepted bytes, {@code encodeRaw(decoded)} reproduces them exactly, except for those bits and for any padding
 * after an end-of-option-list, which is ignored on receipt and written as zeros.
 */
public final class SegmentCodec {

    private static final int CHECKSUM_OFFSET = 16;

    private SegmentCodec() {
    }

    /** Encodes {@code segment} with a checksum computed over {@code pseudoHeader}; the record's checksum is ignored. */
    public static byte[] encode(Segment segment, PseudoHeader pseudoHeader) {
        byte[] bytes = new byte[segment.wireLength()];
        encodeInto(segment, pseudoHeader, bytes, 0);
        return bytes;
    }

    /**
     * Encodes {@code segment} into {@code destination} from {@code at} on, with a checksum computed over
     * {@code pseudoHeader} and the bytes just written (one pass, where they now are); the record's checksum is
     * ignored. This is how a carrier writes a segment straight into its own packet buffer. Returns the bytes written,
     * {@link Segment#wireLength()}.
     *
     * @throws IndexOutOfBoundsException if the segment does not fit there: a carrier's mistake, not the network's
     */
    public static int encodeInto(Segment segment, PseudoHeader pseudoHeader, byte[] destination, int at) {
        int length = encodeRawInto(segment, 0, destination, at);
        int checksum = InternetChecksum.complement(
                InternetChecksum.add(pseudoHeader.sum(length), destination, at, length));
        putU16(destination, at + CHECKSUM_OFFSET, checksum);
        return length;
    }

    /** The checksum {@link #encode} would write for {@code segment}. */
    public static int checksumOf(Segment segment, PseudoHeader pseudoHeader) {
        byte[] bytes = encode(segment, pseudoHeader);
        return getU16(bytes, CHECKSUM_OFFSET);
    }

    /** Encodes {@code segment} exactly as it is, checksum included, whether or not that checksum is right. */
    public static byte[] encodeRaw(Segment segment) {
        byte[] bytes = new byte[segment.wireLength()];
        encodeRawInto(segment, bytes, 0);
        return bytes;
    }

    /**
     * Encodes {@code segment} exactly as it is into {@code destination} from {@code at} on, its checksum field
     * included: for a carrier whose device completes checksums (it then holds the pseudo-header's sum, as the
     * device expects). Returns the bytes written.
     */
    public static int encodeRawInto(Segment segment, byte[] destination, int at) {
        return encodeRawInto(segment, segment.checksum(), destination, at);
    }

    private static int encodeRawInto(Segment segment, int checksum, byte[] bytes, int at) {
        int header = segment.headerLength();
        int length = header + segment.payloadLength();
        Objects.checkFromIndexSize(at, length, bytes.length);
        putU16(bytes, at, segment.sourcePort());
        putU16(bytes, at + 2, segment.destinationPort());
        putU32(bytes, at + 4, segment.seq());
        putU32(bytes, at + 8, segment.ack());
        bytes[at + 12] = (byte) (segment.dataOffset() << 4);
        bytes[at + 13] = (byte) segment.flags().bits();
        putU16(bytes, at + 14, segment.window());
        putU16(bytes, at + CHECKSUM_OFFSET, checksum);
        putU16(bytes, at + 18, segment.urgentPointer());
        OptionCodec.encode(segment.options(), bytes, at + Segment.MIN_HEADER_BYTES);
        segment.text().copyTo(bytes, at + header);
        return length;
    }

    /** Decodes the whole of {@code bytes}. */
    public static DecodeResult decode(byte[] bytes, PseudoHeader pseudoHeader) {
        if (bytes == null) {
            return reject(RejectionKind.INVALID_BUFFER, "no buffer was given (null)");
        }
        return decode(bytes, 0, bytes.length, pseudoHeader);
    }

    /** Decodes {@code length} bytes of {@code bytes} starting at {@code offset}; the segment owns a copy of its text. */
    public static DecodeResult decode(byte[] bytes, int offset, int length, PseudoHeader pseudoHeader) {
        return decode(bytes, offset, length, pseudoHeader, false);
    }

    /**
     * {@link #decode(byte[], int, int, PseudoHeader)} without copying the text: the segment's text is borrowed from
     * {@code bytes} ({@link ByteSlice}), valid until the caller reuses them. For a receive path that takes the text
     * before it reads again; whatever keeps the segment takes {@link Segment#owned()}. Never throws either.
     */
    public static DecodeResult decodeBorrowing(byte[] bytes, int offset, int length, PseudoHeader pseudoHeader) {
        return decode(bytes, offset, length, pseudoHeader, true);
    }

    private static DecodeResult decode(byte[] bytes, int offset, int length, PseudoHeader pseudoHeader,
            boolean borrow) {
        if (bytes == null) {
            return reject(RejectionKind.INVALID_BUFFER, "no buffer was given (null)");
        }
        if (pseudoHeader == null) {
            return reject(RejectionKind.INVALID_BUFFER, "no pseudo-header was given, so the checksum cannot be verified");
        }
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            return reject(RejectionKind.INVALID_BUFFER, "offset " + offset + " and length " + length
                    + " do not fit in a buffer of " + bytes.length + " bytes");
        }
        if (length < Segment.MIN_HEADER_BYTES) {
            return reject(RejectionKind.TRUNCATED_HEADER, "segment of " + length
                    + " bytes is shorter than the " + Segment.MIN_HEADER_BYTES + "-byte minimum TCP header");
        }
        long limit = Math.min(pseudoHeader.maxTcpLength(), Segment.MAX_SEGMENT_BYTES);
        if (length > limit) {
            return reject(RejectionKind.TOO_LONG, "segment of " + length + " bytes exceeds the " + limit
                    + "-byte maximum TCP length");
        }
        int dataOffset = (bytes[offset + 12] & 0xFF) >>> 4;
        if (dataOffset < 5) {
            return reject(RejectionKind.BAD_DATA_OFFSET, "data offset " + dataOffset
                    + " is below the minimum of 5 words");
        }
        int headerLength = dataOffset * 4;
        if (headerLength > length) {
            return reject(RejectionKind.BAD_DATA_OFFSET, "data offset " + dataOffset + " (a " + headerLength
                    + "-byte header) points past the end of the " + length + "-byte segment");
        }
        int carried = getU16(bytes, offset + CHECKSUM_OFFSET);
        long sumWithoutField = InternetChecksum.add(InternetChecksum.add(pseudoHeader.sum(length),
                bytes, offset, CHECKSUM_OFFSET), bytes, offset + CHECKSUM_OFFSET + 2,
                length - CHECKSUM_OFFSET - 2);
        int expected = InternetChecksum.complement(sumWithoutField);
        // 0x0000 and 0xFFFF are the same number in one's complement (RFC 1624 §3); accept either form.
        boolean valid = carried == expected || (expected == 0 && carried == 0xFFFF);
        if (!valid) {
            return reject(RejectionKind.BAD_CHECKSUM, String.format(Locale.ROOT,
                    "checksum 0x%04x does not match 0x%04x computed over the pseudo-header and %d bytes",
                    carried, expected, length));
        }
        int optionsEnd = offset + headerLength;
        OptionCodec.Parsed parsed = OptionCodec.decode(bytes, offset, offset + Segment.MIN_HEADER_BYTES, optionsEnd);
        if (parsed.problem() != null) {
            return reject(RejectionKind.MALFORMED_OPTION, parsed.problem());
        }
        ByteSlice text = borrow ? ByteSlice.borrow(bytes, optionsEnd, length - headerLength)
                : ByteSlice.copyOf(bytes, optionsEnd, length - headerLength);
        Segment segment = new Segment(getU16(bytes, offset), getU16(bytes, offset + 2), getU32(bytes, offset + 4),
                getU32(bytes, offset + 8), new TcpFlags(bytes[offset + 13] & 0xFF), getU16(bytes, offset + 14),
                carried, getU16(bytes, offset + 18), parsed.options(), text);
        return new DecodeResult.Decoded(segment);
    }

    private static DecodeResult reject(RejectionKind kind, String reason) {
        return new DecodeResult.Rejected(kind, reason);
    }

    static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    static void putU32(byte[] bytes, int at, int value) {
        putU16(bytes, at, value >>> 16);
        putU16(bytes, at + 2, value);
    }

    static int getU16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    static int getU32(byte[] bytes, int at) {
        return getU16(bytes, at) << 16 | getU16(bytes, at + 2);
    }
}
