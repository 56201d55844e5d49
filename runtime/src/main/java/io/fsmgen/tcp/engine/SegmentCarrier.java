package io.fsmgen.tcp.engine;

/**
 * How an endpoint sends: the one thing that differs between the simulated network and real UDP. The endpoint hands
 * over encoded bytes and forgets them; loss, like on IP, is silent.
 */
public interface SegmentCarrier {

    /** The address this carrier sends from and receives on. */
    EndpointAddress localAddress();

    /** Sends one encoded segment to {@code destination}. The bytes are copied before this returns. */
    void send(EndpointAddress destination, byte[] bytes);
}
