package io.fsmgen.tcp.engine;

/**
 * What an endpoint implements to receive datagrams from a carrier. The carrier calls it on the thread that drives
 * the simulation or the selector, never concurrently, so an endpoint needs no locking.
 */
@FunctionalInterface
public interface SegmentSink {

    /** A datagram addressed to this endpoint arrived. Its bytes are untrusted: decode them, do not assume. */
    void receive(Datagram datagram);

    /**
     * A segment from {@code source} to {@code destination} arrived in {@code bytes[offset, offset + length)}, a
     * buffer the carrier reuses once this returns: a sink that takes what it needs before then avoids the copies a
     * {@link Datagram} makes. The default makes the datagram.
     */
    default void receive(EndpointAddress source, EndpointAddress destination, byte[] bytes, int offset, int length) {
        receive(new Datagram(source, destination, java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
    }
}
