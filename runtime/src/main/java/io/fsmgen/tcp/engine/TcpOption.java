package io.fsmgen.tcp.engine;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One entry of a segment's option list (RFC 9293 §3.1), as carried: the kinds this stack understands as records with
 * their fields, anything else as {@link Unknown} with its bytes, so that every accepted list re-encodes unchanged.
 *
 * <p>The records hold the raw values a peer sent (a window-scale shift of 200, a 32-bit timestamp); what they mean
 * for a connection ({@link WindowScale#effectiveShift()}, the unsigned reading of a timestamp) is read off with
 * methods. The codec enforces each kind's length; out-of-range fields in a record built by hand throw.
 */
public sealed interface TcpOption {

    /** The kind byte. */
    int kind();

    /** The bytes the option occupies, kind and length bytes included. */
    int length();

    /**
     * Kind 0: the end of the option list, together with the padding after it up to the data offset (§3.1), all
     * written as zeros. Padding a receiver finds there is ignored, whatever its bytes, as Linux ignores it.
     *
     * @param length the end-of-option-list byte and the padding after it, 1 to 40
     */
    record EndOfOptionList(int length) implements TcpOption {
        public static final int KIND = 0;

        public EndOfOptionList {
            if (length < 1 || length > TcpOptions.MAX_BYTES) {
                throw new IllegalArgumentException("end of option list spans 1 to 40 bytes: " + length);
            }
        }

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public String toString() {
            return "eol";
        }
    }

    /** Kind 1: one byte of alignment between options. */
    record NoOperation() implements TcpOption {
        public static final int KIND = 1;

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public int length() {
            return 1;
        }

        @Override
        public String toString() {
            return "nop";
        }
    }

    /**
     * Kind 2, length 4: the largest segment text the sender will accept, meaningful in a SYN only (§3.7.1).
     *
     * @param value 0 to 65535
     */
    record MaximumSegmentSize(int value) implements TcpOption {
        public static final int KIND = 2;
        public static final int LENGTH = 4;

        public MaximumSegmentSize {
            requireRange("MSS", value, 0xFFFF);
        }

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public String toString() {
            return "mss " + value;
        }
    }

    /**
     * Kind 3, length 3 (RFC 7323 §2.2): the shift the sender applies to the windows it will advertise, meaningful in a
     * SYN only.
     *
     * @param shift the byte as carried, 0 to 255
     */
    record WindowScale(int shift) implements TcpOption {
        public static final int KIND = 3;
        public static final int LENGTH = 3;
        /** RFC 7323 §2.3: a window may not exceed 2^30 bytes, so a shift above 14 is read as 14. */
        public static final int MAX_SHIFT = 14;

        public WindowScale {
            requireRange("window scale shift", shift, 0xFF);
        }

        /** The shift to use: the one carried, or 14 when a peer sent more (RFC 7323 §2.3). */
        public int effectiveShift() {
            return Math.min(shift, MAX_SHIFT);
        }

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public String toString() {
            return "wscale " + shift;
        }
    }

    /** Kind 4, length 2 (RFC 2018 §2): the sender can receive SACK blocks; meaningful in a SYN only. */
    record SackPermitted() implements TcpOption {
        public static final int KIND = 4;
        public static final int LENGTH = 2;

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public String toString() {
            return "sackOK";
        }
    }

    /**
     * Kind 5, length 2 + 8n (RFC 2018 §3): blocks of data the receiver holds beyond a gap, the most recent first.
     * Four blocks fill the 40 option bytes; with timestamps at most three fit.
     *
     * @param blocks one to four blocks
     */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public static final int KIND = 5;
        public static final int BLOCK_BYTES = 8;
        public static final int MAX_BLOCKS = 4;

        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > MAX_BLOCKS) {
                throw new IllegalArgumentException("a SACK option holds 1 to 4 blocks: " + blocks.size());
            }
        }

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public int length() {
            return 2 + BLOCK_BYTES * blocks.size();
        }

        /** tcpdump's form: {@code sack 2 {1001:2001}{3001:4001}}. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("sack ").append(blocks.size()).append(' ');
            blocks.forEach(out::append);
            return out.toString();
        }
    }

    /**
     * Kind 8, length 10 (RFC 7323 §3.2): the sender's clock and the most recent timestamp it received.
     *
     * @param value     TSval, raw 32 bits, compared modulo 2^32 like sequence numbers
     * @param echoReply TSecr, raw 32 bits; meaningful only when the segment has ACK set
     */
    record Timestamps(int value, int echoReply) implements TcpOption {
        public static final int KIND = 8;
        public static final int LENGTH = 10;

        @Override
        public int kind() {
            return KIND;
        }

        @Override
        public int length() {
            return LENGTH;
        }

        @Override
        public String toString() {
            return "TS val " + Integer.toUnsignedString(value) + " ecr " + Integer.toUnsignedString(echoReply);
        }
    }

    /**
     * Any other kind, skipped by its length as §3.1 requires of a receiver (MUST-68) and kept byte for byte.
     *
     * @param kind 2 to 255, other than the kinds above
     * @param data the bytes after the kind and length bytes
     */
    record Unknown(int kind, byte[] data) implements TcpOption {
        public Unknown {
            requireRange("option kind", kind, 0xFF);
            if (isKnown(kind)) {
                throw new IllegalArgumentException("kind " + kind + " has its own record");
            }
            Objects.requireNonNull(data, "data");
            if (data.length > 0xFF - 2) {
                throw new IllegalArgumentException("option data of " + data.length
                        + " bytes overflows the length byte");
            }
            data = data.clone();
        }

        /** A copy of the data. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int length() {
            return 2 + data.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Unknown that && kind == that.kind && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return 31 * kind + Arrays.hashCode(data);
        }

        /** tcpdump's form for an option it cannot name: {@code unknown-30 0x0102}. */
        @Override
        public String toString() {
            return "unknown-" + kind + (data.length == 0 ? "" : " 0x" + HexFormat.of().formatHex(data));
        }
    }

    /** Whether {@code kind} has a record of its own rather than {@link Unknown}. */
    static boolean isKnown(int kind) {
        return kind == EndOfOptionList.KIND || kind == NoOperation.KIND || kind == MaximumSegmentSize.KIND
                || kind == WindowScale.KIND || kind == SackPermitted.KIND || kind == Sack.KIND
                || kind == Timestamps.KIND;
    }

    /** A name for any kind, for rejection reasons: the IANA registry's for the common ones. */
    static String nameOf(int kind) {
        return switch (kind) {
            case EndOfOptionList.KIND -> "end of option list";
            case NoOperation.KIND -> "no-operation";
            case MaximumSegmentSize.KIND -> "MSS";
            case WindowScale.KIND -> "window scale";
            case SackPermitted.KIND -> "SACK permitted";
            case Sack.KIND -> "SACK";
            case Timestamps.KIND -> "timestamps";
            case 28 -> "user timeout";
            case 29 -> "TCP-AO";
            case 30 -> "multipath TCP";
            case 34 -> "fast open cookie";
            default -> "kind " + kind;
        };
    }

    /** The options in tcpdump's notation, {@code <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>}. */
    static String render(List<TcpOption> options) {
        StringJoiner out = new StringJoiner(",", "<", ">");
        options.forEach(option -> out.add(option.toString()));
        return out.toString();
    }

    private static void requireRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0 to " + max + ": " + value);
        }
    }
}
