package io.fsmgen.tcp.engine;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * Byte-exact conversion between {@link Segment} and the RFC 9293 §3.1 wire format.
 *
 * <p>Decoding never throws: whatever the bytes, the result is a {@link DecodeResult.Decoded} or a
 * {@link DecodeResult.Rejected} with a reason. Checks run in the order a receiver can afford them: size, data
 * offset, checksum, then options, so that a corrupted segment is reported as a checksum failure rather than as
 * whatever garbage its options happen to hold.
 *
 * <p>The four reserved bits after the data offset are ignored on receipt and written as zero, as §3.1 asks. So for
 * any accepted bytes, {@code encodeRaw(decoded)} reproduces them exactly, except for those bits.
 */
public final class SegmentCodec {

    private static final int CHECKSUM_OFFSET = 16;
    private static final int MSS_KIND = 2;
    private static final int MSS_LENGTH = 4;

    private SegmentCodec() {
    }

    /** Encodes {@code segment} with a checksum computed over {@code pseudoHeader}; the record's checksum is ignored. */
    public static byte[] encode(Segment segment, PseudoHeader pseudoHeader) {
        byte[] bytes = encodeRaw(segment.withChecksum(0));
        int checksum = InternetChecksum.complement(
                InternetChecksum.add(pseudoHeader.sum(bytes.length), bytes, 0, bytes.length));
        putU16(bytes, CHECKSUM_OFFSET, checksum);
        return bytes;
    }

    /** The checksum {@link #encode} would write for {@code segment}. */
    public static int checksumOf(Segment segment, PseudoHeader pseudoHeader) {
        byte[] bytes = encode(segment, pseudoHeader);
        return getU16(bytes, CHECKSUM_OFFSET);
    }

    /** Encodes {@code segment} exactly as it is, checksum included, whether or not that checksum is right. */
    public static byte[] encodeRaw(Segment segment) {
        byte[] payload = segment.payloadUnsafe();
        int header = segment.headerLength();
        byte[] bytes = new byte[header + payload.length];
        putU16(bytes, 0, segment.sourcePort());
        putU16(bytes, 2, segment.destinationPort());
        putU32(bytes, 4, segment.seq());
        putU32(bytes, 8, segment.ack());
        bytes[12] = (byte) (segment.dataOffset() << 4);
        bytes[13] = (byte) segment.flags().bits();
        putU16(bytes, 14, segment.window());
        putU16(bytes, CHECKSUM_OFFSET, segment.checksum());
        putU16(bytes, 18, segment.urgentPointer());
        if (segment.mss().isPresent()) {
            bytes[20] = MSS_KIND;
            bytes[21] = MSS_LENGTH;
            putU16(bytes, 22, segment.mss().getAsInt());
        }
        System.arraycopy(payload, 0, bytes, header, payload.length);
        return bytes;
    }

    /** Decodes the whole of {@code bytes}. */
    public static DecodeResult decode(byte[] bytes, PseudoHeader pseudoHeader) {
        if (bytes == null) {
            return reject(RejectionKind.INVALID_BUFFER, "no buffer was given (null)");
        }
        return decode(bytes, 0, bytes.length, pseudoHeader);
    }

    /** Decodes {@code length} bytes of {@code bytes} starting at {@code offset}. */
    public static DecodeResult decode(byte[] bytes, int offset, int length, PseudoHeader pseudoHeader) {
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
        OptionalInt mss = OptionalInt.empty();
        int optionsEnd = offset + headerLength;
        int position = offset + Segment.MIN_HEADER_BYTES;
        if (position < optionsEnd) {
            int kind = bytes[position] & 0xFF;
            int headerByte = position - offset;
            if (kind != MSS_KIND) {
                return reject(RejectionKind.UNSUPPORTED_OPTION, "option kind " + kind + " (" + optionName(kind)
                        + ") at header byte " + headerByte + " is not supported: only a single MSS option is");
            }
            int optionLength = bytes[position + 1] & 0xFF;
            if (optionLength != MSS_LENGTH) {
                return reject(RejectionKind.MALFORMED_OPTION, "MSS option at header byte " + headerByte
                        + " has length " + optionLength + ", but an MSS option is exactly " + MSS_LENGTH
                        + " bytes");
            }
            mss = OptionalInt.of(getU16(bytes, position + 2));
            position += MSS_LENGTH;
            if (position < optionsEnd) {
                return reject(RejectionKind.UNSUPPORTED_OPTION, "data offset " + dataOffset + " leaves "
                        + (optionsEnd - position) + " option bytes after the MSS option at header byte "
                        + (position - offset) + "; only a single MSS option is supported");
            }
        }
        byte[] payload = new byte[length - headerLength];
        System.arraycopy(bytes, optionsEnd, payload, 0, payload.length);
        Segment segment = new Segment(getU16(bytes, offset), getU16(bytes, offset + 2), getU32(bytes, offset + 4),
                getU32(bytes, offset + 8), new TcpFlags(bytes[offset + 13] & 0xFF), getU16(bytes, offset + 14),
                carried, getU16(bytes, offset + 18), mss, payload);
        return new DecodeResult.Decoded(segment);
    }

    private static String optionName(int kind) {
        return switch (kind) {
            case 0 -> "end of option list";
            case 1 -> "no-operation";
            case 3 -> "window scale";
            case 4 -> "SACK permitted";
            case 5 -> "SACK";
            case 8 -> "timestamps";
            case 28 -> "user timeout";
            case 29 -> "TCP-AO";
            case 30 -> "multipath TCP";
            case 34 -> "fast open cookie";
            default -> "unknown";
        };
    }

    private static DecodeResult reject(RejectionKind kind, String reason) {
        return new DecodeResult.Rejected(kind, reason);
    }

    private static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    private static void putU32(byte[] bytes, int at, int value) {
        putU16(bytes, at, value >>> 16);
        putU16(bytes, at + 2, value);
    }

    private static int getU16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    private static int getU32(byte[] bytes, int at) {
        return getU16(bytes, at) << 16 | getU16(bytes, at + 2);
    }
}
