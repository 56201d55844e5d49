package io.fsmgen.tcp.engine;

/**
 * What an endpoint implements to receive datagrams from a carrier. The carrier calls it on the thread that drives
 * the simulation or the selector, never concurrently, so an endpoint needs no locking.
 */
@FunctionalInterface
public interface SegmentSink {

    /** A datagram addressed to this endpoint arrived. Its bytes are untrusted: decode them, do not assume. */
    void receive(Datagram datagram);
}
