package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.Ipv4Address;
import java.util.Objects;

/**
 * The fields of an IPv4 header (RFC 791) that this carrier reads: the packet's payload is bytes
 * {@code [headerLength, totalLength)} of the packet it was decoded from.
 *
 * @param source         who sent it
 * @param destination    who it is for
 * @param protocol       the payload's protocol: {@link Ipv4Codec#PROTOCOL_TCP}, {@link Ipv4Codec#PROTOCOL_ICMP}, ...
 * @param ttl            time to live as received
 * @param identification the 16-bit identification field
 * @param dontFragment   whether DF is set
 * @param headerLength   IHL in bytes, 20 to 60 (options are skipped, not interpreted)
 * @param totalLength    header and payload in bytes, as the header says (trailing link padding excluded)
 */
public record Ipv4Header(Ipv4Address source, Ipv4Address destination, int protocol, int ttl, int identification,
        boolean dontFragment, int headerLength, int totalLength) {

    public Ipv4Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (headerLength < Ipv4Codec.HEADER_LENGTH || headerLength > 60 || totalLength < headerLength
                || totalLength > 0xFFFF) {
            throw new IllegalArgumentException("header length " + headerLength + " and total length " + totalLength
                    + " do not describe an IPv4 packet");
        }
    }

    /** Payload bytes after the header. */
    public int payloadLength() {
        return totalLength - headerLength;
    }
}
