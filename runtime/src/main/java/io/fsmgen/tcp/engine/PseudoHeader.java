package io.fsmgen.tcp.engine;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * The addresses the TCP checksum covers but the TCP header does not carry (RFC 9293 §3.1). Covering them is what
 * makes a segment delivered to the wrong host fail its checksum, so the codec needs them to verify anything.
 */
public sealed interface PseudoHeader {

    /** The protocol number of TCP in the pseudo-header. */
    int PROTOCOL_TCP = 6;

    /** The one's-complement sum of the pseudo-header for a segment of {@code tcpLength} bytes, not yet folded. */
    long sum(int tcpLength);

    /** The largest segment the pseudo-header's length field can describe. */
    long maxTcpLength();

    static PseudoHeader ipv4(Ipv4Address source, Ipv4Address destination) {
        return new Ipv4(source, destination);
    }

    static PseudoHeader ipv6(Inet6Address source, Inet6Address destination) {
        return new Ipv6(source, destination);
    }

    /** Source, destination, a zero byte, protocol 6 and a 16-bit TCP length (RFC 9293 §3.1). */
    record Ipv4(Ipv4Address source, Ipv4Address destination) implements PseudoHeader {
        public Ipv4 {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }

        @Override
        public long sum(int tcpLength) {
            int s = source.bits();
            int d = destination.bits();
            return (s >>> 16) + (s & 0xFFFF) + (d >>> 16) + (d & 0xFFFF) + PROTOCOL_TCP + (tcpLength & 0xFFFF);
        }

        @Override
        public long maxTcpLength() {
            return 0xFFFF;
        }
    }

    /** Source, destination, a 32-bit upper-layer length, three zero bytes and next header 6 (RFC 8200 §8.1). */
    record Ipv6(Inet6Address source, Inet6Address destination) implements PseudoHeader {
        public Ipv6 {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }

        @Override
        public long sum(int tcpLength) {
            byte[] s = source.getAddress();
            byte[] d = destination.getAddress();
            long length = Integer.toUnsignedLong(tcpLength);
            return InternetChecksum.add(InternetChecksum.add(0, s, 0, s.length), d, 0, d.length)
                    + (length >>> 16) + (length & 0xFFFF) + PROTOCOL_TCP;
        }

        @Override
        public long maxTcpLength() {
            return 0xFFFF_FFFFL;
        }
    }
}
