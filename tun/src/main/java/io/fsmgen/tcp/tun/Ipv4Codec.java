package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.InternetChecksum;
import io.fsmgen.tcp.engine.Ipv4Address;
import java.util.Objects;

/**
 * Writes and checks IPv4 headers (RFC 791, RFC 1122 §3.2.1) for the TUN carrier, which exchanges whole IP packets with
 * the kernel.
 *
 * <p>Sent: a 20-byte header without options, TTL 64, DF set and fragment offset 0, so that nothing on the way may
 * fragment the packet (the endpoint sizes its segments from the MTU instead); the identification is the caller's
 * counter (RFC 6864 lets an atomic datagram carry any value).
 *
 * <p>Received: version 4, IHL at least 5 and within the packet, a total length between the header and the bytes
 * read (anything after it is link padding and ignored), a correct header checksum, no fragment (MF clear and offset 0:
 * nothing is reassembled here), and a source that may send (not 0.0.0.0/8, loopback, multicast or reserved). Options
 * are skipped by IHL. {@link #decode} never throws; a failed check is a {@link Ipv4DecodeResult.Rejected} that names
 * it.
 */
public final class Ipv4Codec {

    public static final int HEADER_LENGTH = 20;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int TTL = 64;
    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int OFFSET_MASK = 0x1FFF;

    private Ipv4Codec() {
    }

    /** A new packet: an IPv4 header with DF followed by {@code payload}. */
    public static byte[] encode(Ipv4Address source, Ipv4Address destination, int protocol, int identification,
            byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > 0xFFFF - HEADER_LENGTH) {
            throw new IllegalArgumentException("an IPv4 payload holds at most 65515 bytes: " + payload.length);
        }
        byte[] packet = new byte[HEADER_LENGTH + payload.length];
        System.arraycopy(payload, 0, packet, HEADER_LENGTH, payload.length);
        writeHeader(packet, source, destination, protocol, identification, payload.length);
        return packet;
    }

    /** Writes the header into {@code packet[0, 20)}, in front of a payload of {@code payloadLength} bytes there. */
    public static void writeHeader(byte[] packet, Ipv4Address source, Ipv4Address destination, int protocol,
            int identification, int payloadLength) {
        writeHeader(packet, 0, source, destination, protocol, identification, payloadLength);
    }

    /** Writes the header into {@code bytes[at, at + 20)}, in front of a payload of {@code payloadLength} bytes. */
    public static void writeHeader(byte[] bytes, int at, Ipv4Address source, Ipv4Address destination, int protocol,
            int identification, int payloadLength) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (protocol < 0 || protocol > 0xFF) {
            throw new IllegalArgumentException("protocol must be 0 to 255: " + protocol);
        }
        int total = HEADER_LENGTH + payloadLength;
        bytes[at] = 0x45; // version 4, IHL 5
        bytes[at + 1] = 0; // DSCP 0, not ECN-capable
        putShort(bytes, at + 2, total);
        putShort(bytes, at + 4, identification & 0xFFFF);
        putShort(bytes, at + 6, FLAG_DF);
        bytes[at + 8] = (byte) TTL;
        bytes[at + 9] = (byte) protocol;
        putShort(bytes, at + 10, 0);
        putInt(bytes, at + 12, source.bits());
        putInt(bytes, at + 16, destination.bits());
        putShort(bytes, at + 10, InternetChecksum.complement(InternetChecksum.add(0, bytes, at, HEADER_LENGTH)));
    }

    /** Checks the header of the packet in {@code packet[0, length)}. Never throws. */
    public static Ipv4DecodeResult decode(byte[] packet, int length) {
        return decode(packet, 0, length);
    }

    /**
     * Checks the header of the packet in {@code bytes[at, at + length)}; the header's lengths count from {@code at}.
     * Never throws.
     */
    public static Ipv4DecodeResult decode(byte[] bytes, int at, int length) {
        if (bytes == null || at < 0 || length < 0 || length > bytes.length - at) {
            return new Ipv4DecodeResult.Rejected("no packet, or a length beyond the buffer");
        }
        if (length < HEADER_LENGTH) {
            return new Ipv4DecodeResult.Rejected("a " + length + "-byte packet is shorter than an IPv4 header");
        }
        int version = (bytes[at] & 0xF0) >>> 4;
        if (version != 4) {
            return new Ipv4DecodeResult.Rejected("IP version " + version + ", not 4");
        }
        int headerLength = (bytes[at] & 0x0F) * 4;
        if (headerLength < HEADER_LENGTH) {
            return new Ipv4DecodeResult.Rejected("header length (IHL) " + headerLength + " bytes is below 20");
        }
        if (headerLength > length) {
            return new Ipv4DecodeResult.Rejected("header length (IHL) " + headerLength + " bytes runs past the "
                    + length + "-byte packet");
        }
        int total = getShort(bytes, at + 2);
        if (total < headerLength || total > length) {
            return new Ipv4DecodeResult.Rejected("total length " + total + " is not between the header's "
                    + headerLength + " bytes and the " + length + " bytes received");
        }
        if (InternetChecksum.fold(InternetChecksum.add(0, bytes, at, headerLength)) != 0xFFFF) {
            return new Ipv4DecodeResult.Rejected("header checksum 0x" + Integer.toHexString(getShort(bytes, at + 10))
                    + " is wrong");
        }
        int flagsAndOffset = getShort(bytes, at + 6);
        if ((flagsAndOffset & FLAG_MF) != 0 || (flagsAndOffset & OFFSET_MASK) != 0) {
            return new Ipv4DecodeResult.Rejected("a fragment (offset " + (flagsAndOffset & OFFSET_MASK) * 8
                    + ", more fragments " + ((flagsAndOffset & FLAG_MF) != 0) + "): nothing is reassembled here");
        }
        Ipv4Address source = new Ipv4Address(getInt(bytes, at + 12));
        if (!maySend(source)) {
            return new Ipv4DecodeResult.Rejected("martian source " + source);
        }
        return new Ipv4DecodeResult.Accepted(new Ipv4Header(source, new Ipv4Address(getInt(bytes, at + 16)),
                bytes[at + 9] & 0xFF, bytes[at + 8] & 0xFF, getShort(bytes, at + 4), (flagsAndOffset & FLAG_DF) != 0,
                headerLength, total));
    }

    /**
     * Why a packet {@link #decode decoded} for the host at {@code self} must still be dropped, if it must: one that
     * claims to come from {@code self} (a "LAND" packet, which would make the endpoint answer itself), or from the
     * directed broadcast of the link's subnet {@code self/prefixLength} (answers would go to every host). RFC 1122
     * §3.2.1.3 lists both among the sources never to accept from a link, and Linux drops them as martians.
     *
     * @param prefixLength the link's subnet; 31 and 32 have no broadcast address (32: the subnet is not known)
     */
    static java.util.Optional<String> foreignSourceProblem(Ipv4Header header, Ipv4Address self, int prefixLength) {
        Ipv4Address source = header.source();
        if (source.equals(self)) {
            return java.util.Optional.of("martian source " + self + ": the endpoint's own address");
        }
        if (prefixLength <= 30) {
            // RFC 1122 §3.2.1.3: {<Network-number>, -1} is never a source; a /31 or /32 has no broadcast address.
            int host = -1 >>> prefixLength;
            boolean sameNetwork = (source.bits() & ~host) == (self.bits() & ~host);
            if (sameNetwork && (source.bits() & host) == host) {
                return java.util.Optional.of("martian source " + source + ": the directed broadcast of the link's "
                        + new Ipv4Address(self.bits() & ~host) + "/" + prefixLength);
            }
        }
        return java.util.Optional.empty();
    }

    /** RFC 1122 §3.2.1.3: 0.0.0.0/8, 127.0.0.0/8, multicast and class E never appear as a source on a link. */
    static boolean maySend(Ipv4Address source) {
        int first = source.bits() >>> 24;
        return first != 0 && first != 127 && first < 224;
    }

    static int getShort(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    static int getInt(byte[] bytes, int at) {
        return getShort(bytes, at) << 16 | getShort(bytes, at + 2);
    }

    static void putShort(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    private static void putInt(byte[] bytes, int at, int value) {
        putShort(bytes, at, value >>> 16);
        putShort(bytes, at + 2, value);
    }
}
