package io.fsmgen.tcp.engine;

/**
 * How an endpoint sends: the one thing that differs between the simulated network and real UDP. The endpoint hands
 * over encoded bytes and forgets them; loss, like on IP, is silent.
 */
public interface SegmentCarrier {

    /** The address this carrier sends from and receives on. */
    EndpointAddress localAddress();

    /**
     * The largest IPv4 packet, its 20-byte header included, that this carrier delivers whole: the MTU of the link,
     * or what a tunnel leaves of it. The endpoint derives the MSS it announces from it, MTU − 40 (RFC 9293 §3.7.1,
     * RFC 879, RFC 6691: the fixed IP and TCP headers only, options not counted), and never sends a larger packet,
     * since nothing on the way fragments it.
     */
    int mtu();

    /** Sends one encoded segment to {@code destination}. The bytes are copied before this returns. */
    void send(EndpointAddress destination, byte[] bytes);

    /**
     * Sends {@code segment} to {@code destination}, encoded (checksum included) before this returns: its text may be
     * borrowed from the endpoint's send buffer ({@link ByteSlice}), valid only until then. The default encodes it
     * into a new array for {@link #send(EndpointAddress, byte[])}; a carrier with a packet buffer of its own encodes
     * it there instead ({@link SegmentCodec#encodeInto}), so that the text is copied once on its way out.
     */
    default void send(EndpointAddress destination, Segment segment) {
        send(destination, SegmentCodec.encode(segment, PseudoHeader.ipv4(localAddress().ip(), destination.ip())));
    }
}
