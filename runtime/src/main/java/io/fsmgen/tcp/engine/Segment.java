package io.fsmgen.tcp.engine;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A TCP segment as RFC 9293 §3.1 lays it out, options included.
 *
 * <p>Representation choices:
 * <ul>
 *   <li>{@code seq} and {@code ack} are the raw 32 bits in an {@code int}. Sequence space is modular, so a signed or
 *       unsigned reading is equally wrong; all comparisons go through {@link SeqNum}, and printing uses
 *       {@link Integer#toUnsignedString(int)}. An {@code int} also makes an out-of-range value unrepresentable.</li>
 *   <li>The data offset is derived from the options ({@link #dataOffset()}), not stored, so that it can never disagree
 *       with them.</li>
 *   <li>{@code checksum} is the value carried on the wire. {@link SegmentCodec#encode} computes a fresh one and
 *       ignores this field; {@link SegmentCodec#encodeRaw} writes it verbatim, which is how tests build corrupt
 *       segments. A segment built for sending may leave it 0.</li>
 *   <li>The text is a {@link ByteSlice}. A segment built from an array ({@link Builder#payload(byte[])}, the
 *       ten-argument constructor with a {@code byte[]}) copies it, and {@link #payload()} copies it out, so such a
 *       segment is immutable and safe to keep in a trace. The endpoint's own hot paths build segments over
 *       <em>borrowed</em> text instead (the send buffer's bytes going out, the carrier's read buffer coming in),
 *       valid until that buffer moves on; they are encoded or taken before the call that made them returns, and
 *       whatever keeps a segment takes {@link #owned()} first. {@link #payloadBuffer()} offers a read-only view
 *       without the outgoing copy.</li>
 * </ul>
 * Out-of-range fields are programming errors and throw; bytes from the network go through {@link SegmentCodec},
 * which never throws.
 *
 * @param sourcePort      0 to 65535
 * @param destinationPort 0 to 65535
 * @param seq             SEG.SEQ, raw 32 bits
 * @param ack             SEG.ACK, raw 32 bits (meaningful only with ACK set, but carried either way)
 * @param flags           the control bits
 * @param window          the window field as carried, 0 to 65535: unscaled (the connection applies the shift
 *                        negotiated under RFC 7323, except in a SYN, whose window is never scaled)
 * @param checksum        the checksum as carried on the wire, 0 to 65535
 * @param urgentPointer   SEG.UP, 0 to 65535
 * @param options         the option list, in wire order
 * @param text            the data, owned or borrowed; the header plus text may not exceed 65535 bytes
 */
public record Segment(int sourcePort, int destinationPort, int seq, int ack, TcpFlags flags, int window,
        int checksum, int urgentPointer, TcpOptions options, ByteSlice text) {

    /** The header length without options. */
    public static final int MIN_HEADER_BYTES = 20;
    /** The largest TCP length an IPv4 pseudo-header can describe. */
    public static final int MAX_SEGMENT_BYTES = 0xFFFF;

    public Segment {
        requireU16("source port", sourcePort);
        requireU16("destination port", destinationPort);
        requireU16("window", window);
        requireU16("checksum", checksum);
        requireU16("urgent pointer", urgentPointer);
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(text, "text");
        int header = MIN_HEADER_BYTES + options.encodedLength();
        if (header + text.length() > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment of " + (header + text.length())
                    + " bytes exceeds the " + MAX_SEGMENT_BYTES + "-byte TCP length limit");
        }
    }

    /** A segment holding a copy of {@code payload}. */
    public Segment(int sourcePort, int destinationPort, int seq, int ack, TcpFlags flags, int window,
            int checksum, int urgentPointer, TcpOptions options, byte[] payload) {
        this(sourcePort, destinationPort, seq, ack, flags, window, checksum, urgentPointer, options,
                ByteSlice.copyOf(Objects.requireNonNull(payload, "payload")));
    }

    private static void requireU16(String what, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be 0 to 65535: " + value);
        }
    }

    /** Starts a segment between two ports with every other field zero or empty. */
    public static Builder builder(int sourcePort, int destinationPort) {
        return new Builder(sourcePort, destinationPort);
    }

    /** A builder preloaded with this segment's fields. */
    public Builder toBuilder() {
        return new Builder(sourcePort, destinationPort).seq(seq).ack(ack).flags(flags).window(window)
                .checksum(checksum).urgentPointer(urgentPointer).options(options).text(text);
    }

    /** A copy of the data. */
    public byte[] payload() {
        return text.toArray();
    }

    /** A read-only view of the data (a copy only when the text wraps around a ring). */
    public ByteBuffer payloadBuffer() {
        return text.asReadOnlyBuffer();
    }

    public int payloadLength() {
        return text.length();
    }

    /** This segment if its text is owned, else a copy that owns it: what to keep beyond the call that made it. */
    public Segment owned() {
        return text.isBorrowed() ? new Segment(sourcePort, destinationPort, seq, ack, flags, window, checksum,
                urgentPointer, options, text.owned()) : this;
    }

    /** The MSS option's value, if the segment carries one. */
    public OptionalInt mss() {
        return options.mss();
    }

    /** The header length in 32-bit words, as carried in the data offset field: 5 to 15. */
    public int dataOffset() {
        return headerLength() / 4;
    }

    public int headerLength() {
        return MIN_HEADER_BYTES + options.encodedLength();
    }

    /** The encoded size: header plus payload. */
    public int wireLength() {
        return headerLength() + text.length();
    }

    /** SEG.LEN: the sequence space the segment occupies, counting SYN and FIN (RFC 9293 §3.4). */
    public int sequenceLength() {
        return text.length() + (flags.has(TcpFlag.SYN) ? 1 : 0) + (flags.has(TcpFlag.FIN) ? 1 : 0);
    }

    public boolean has(TcpFlag flag) {
        return flags.has(flag);
    }

    public Segment withChecksum(int newChecksum) {
        return new Segment(sourcePort, destinationPort, seq, ack, flags, window, newChecksum, urgentPointer, options,
                text);
    }

    public Segment withOptions(TcpOptions newOptions) {
        return new Segment(sourcePort, destinationPort, seq, ack, flags, window, checksum, urgentPointer, newOptions,
                text);
    }

    /** The textbook label used by {@link SequenceDiagram}: {@code SYN seq=100}, {@code ACK seq=101 ack=301 len=5}. */
    public String label() {
        StringBuilder out = new StringBuilder(flags.names()).append(" seq=").append(Integer.toUnsignedString(seq));
        if (flags.has(TcpFlag.ACK)) {
            out.append(" ack=").append(Integer.toUnsignedString(ack));
        }
        if (text.length() > 0) {
            out.append(" len=").append(text.length());
        }
        return out.toString();
    }

    /**
     * tcpdump's classic notation: {@code S 1000:1000(0) win 65535 <mss 1460,nop,wscale 7>},
     * {@code S. 300:300(0) ack 1001 win 8192},
     * {@code P. 1001:1006(5) ack 301 win 8192}, {@code R 0:0(0) win 0}. Ports and checksum are left out, as tcpdump
     * puts them elsewhere on the line.
     */
    @Override
    public String toString() {
        long start = Integer.toUnsignedLong(seq);
        StringBuilder out = new StringBuilder(flags.tcpdump()).append(' ')
                .append(start).append(':').append(Integer.toUnsignedString(seq + text.length()))
                .append('(').append(text.length()).append(')');
        if (flags.has(TcpFlag.ACK)) {
            out.append(" ack ").append(Integer.toUnsignedString(ack));
        }
        out.append(" win ").append(window);
        if (flags.has(TcpFlag.URG) || urgentPointer != 0) {
            out.append(" urg ").append(urgentPointer);
        }
        if (!options.isEmpty()) {
            out.append(' ').append(options);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Segment that
                && sourcePort == that.sourcePort && destinationPort == that.destinationPort
                && seq == that.seq && ack == that.ack && flags.equals(that.flags) && window == that.window
                && checksum == that.checksum && urgentPointer == that.urgentPointer && options.equals(that.options)
                && text.contentEquals(that.text);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(sourcePort, destinationPort, seq, ack, flags, window, checksum, urgentPointer, options);
        return 31 * hash + text.contentHash();
    }

    /** Assembles a segment field by field; tests and the endpoint read better with names than with ten arguments. */
    public static final class Builder {
        private final int sourcePort;
        private final int destinationPort;
        private int seq;
        private int ack;
        private TcpFlags flags = TcpFlags.NONE;
        private int window;
        private int checksum;
        private int urgentPointer;
        private TcpOptions options = TcpOptions.NONE;
        private ByteSlice text = ByteSlice.EMPTY;

        private Builder(int sourcePort, int destinationPort) {
            this.sourcePort = sourcePort;
            this.destinationPort = destinationPort;
        }

        public Builder seq(int value) {
            this.seq = value;
            return this;
        }

        /** Sets SEG.SEQ from its unsigned reading, 0 to 2^32 - 1, keeping the low 32 bits. */
        public Builder seq(long unsigned) {
            return seq((int) unsigned);
        }

        public Builder ack(int value) {
            this.ack = value;
            return this;
        }

        /** Sets SEG.ACK from its unsigned reading, keeping the low 32 bits. */
        public Builder ack(long unsigned) {
            return ack((int) unsigned);
        }

        public Builder flags(TcpFlags value) {
            this.flags = value;
            return this;
        }

        public Builder flags(TcpFlag... value) {
            return flags(TcpFlags.of(value));
        }

        public Builder window(int value) {
            this.window = value;
            return this;
        }

        public Builder checksum(int value) {
            this.checksum = value;
            return this;
        }

        public Builder urgentPointer(int value) {
            this.urgentPointer = value;
            return this;
        }

        /** Sets the options to a single MSS option, the common case of a SYN in tests. */
        public Builder mss(int value) {
            return options(TcpOptions.of(new TcpOption.MaximumSegmentSize(value)));
        }

        public Builder options(TcpOptions value) {
            this.options = value;
            return this;
        }

        /** Sets the data; the segment copies it. */
        public Builder payload(byte[] value) {
            this.text = ByteSlice.copyOf(value);
            return this;
        }

        /** Sets the data as a slice, owned or borrowed (see {@link Segment}); nothing is copied. */
        public Builder text(ByteSlice value) {
            this.text = Objects.requireNonNull(value, "text");
            return this;
        }

        public Segment build() {
            return new Segment(sourcePort, destinationPort, seq, ack, flags, window, checksum, urgentPointer, options,
                    text);
        }
    }
}
