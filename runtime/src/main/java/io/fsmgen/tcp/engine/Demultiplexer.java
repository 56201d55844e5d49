package io.fsmgen.tcp.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds who should handle an arriving segment: the connection with that exact 4-tuple if there is one, else a
 * listener on the local address, else nobody (and the caller answers as CLOSED does, with a reset). This is how one
 * listening endpoint spawns a connection per remote peer without the connections knowing about each other.
 *
 * @param <C> the connection type
 * @param <L> the listener type
 */
public final class Demultiplexer<C, L> {

    /** Where a segment goes. */
    public sealed interface Route<C, L> {
        record ToConnection<C, L>(ConnectionId id, C connection) implements Route<C, L> {
        }

        record ToListener<C, L>(ConnectionId id, L listener) implements Route<C, L> {
        }

        /** No connection and no listener: the segment meets a CLOSED port. */
        record NoMatch<C, L>(ConnectionId id) implements Route<C, L> {
        }
    }

    private final Map<ConnectionId, C> connections = new HashMap<>();
    private final Map<EndpointAddress, L> listeners = new HashMap<>();

    /** Registers a connection; false, and nothing changes, if that 4-tuple is already taken. */
    public boolean addConnection(ConnectionId id, C connection) {
        Objects.requireNonNull(connection, "connection");
        return connections.putIfAbsent(Objects.requireNonNull(id, "id"), connection) == null;
    }

    /** Forgets a connection, for when its TCB is deleted. */
    public Optional<C> removeConnection(ConnectionId id) {
        return Optional.ofNullable(connections.remove(id));
    }

    /** Registers a listener on {@code local}; false if one is already there. */
    public boolean listen(EndpointAddress local, L listener) {
        Objects.requireNonNull(listener, "listener");
        return listeners.putIfAbsent(Objects.requireNonNull(local, "local"), listener) == null;
    }

    public Optional<L> stopListening(EndpointAddress local) {
        return Optional.ofNullable(listeners.remove(local));
    }

    /** Routes a segment that arrived at {@code local} from {@code remote}. An exact 4-tuple beats a listener. */
    public Route<C, L> route(ConnectionId id) {
        C connection = connections.get(id);
        if (connection != null) {
            return new Route.ToConnection<>(id, connection);
        }
        L listener = listeners.get(id.local());
        if (listener != null) {
            return new Route.ToListener<>(id, listener);
        }
        return new Route.NoMatch<>(id);
    }

    public Route<C, L> route(Datagram datagram) {
        return route(ConnectionId.ofArrival(datagram));
    }

    public int connectionCount() {
        return connections.size();
    }
}
