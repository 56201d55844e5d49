package io.fsmgen.tcp.engine;

import java.util.Objects;

/**
 * The 4-tuple that names a connection (RFC 9293 §3.3.1), seen from this side: the key under which a
 * {@link Demultiplexer} finds a connection for an arriving segment.
 */
public record ConnectionId(EndpointAddress local, EndpointAddress remote) {

    public ConnectionId {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }

    /** The connection an arriving datagram belongs to: its destination is local, its source remote. */
    public static ConnectionId ofArrival(Datagram datagram) {
        return new ConnectionId(datagram.destination(), datagram.source());
    }

    @Override
    public String toString() {
        return local + "<->" + remote;
    }
}
