package io.fsmgen.tcp.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One encoded segment in flight between two endpoints: what a carrier moves and what a {@link SegmentSink} receives.
 * The carrier never looks inside; the addresses are there because the checksum's pseudo-header needs them.
 *
 * @param source      who sent it
 * @param destination who it is for
 * @param bytes       the encoded segment, copied in and out
 */
public record Datagram(EndpointAddress source, EndpointAddress destination, byte[] bytes) {

    public Datagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The IPv4 pseudo-header for this datagram's addresses. */
    public PseudoHeader pseudoHeader() {
        return PseudoHeader.ipv4(source.ip(), destination.ip());
    }

    /** Decodes the bytes against this datagram's pseudo-header. Never throws. */
    public DecodeResult decode() {
        return SegmentCodec.decode(bytes, pseudoHeader());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Datagram that && source.equals(that.source)
                && destination.equals(that.destination) && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(source, destination) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        DecodeResult result = decode();
        String content = result instanceof DecodeResult.Decoded decoded ? decoded.segment().toString()
                : result.toString();
        return source + " > " + destination + ": " + content;
    }
}
