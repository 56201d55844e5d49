package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One row of a {@link ConnectionRegistry} snapshot.
 *
 * @param id                 the runtime's id for the endpoint
 * @param kind               listener, active (connect) or passive (accepted) connection
 * @param local              local address (null before it is known)
 * @param remote             remote address (null for a listener)
 * @param state              the machine's state
 * @param observed           false when the last hidden transition (ACK of our FIN) was the local timer's estimate
 *                           rather than read from the kernel
 * @param inferredFromAccept true when LISTEN → SYN_RECEIVED → ESTABLISHED was inferred from {@code accept()}
 * @param timeInState        how long the machine has been in {@code state}
 * @param bytesIn            bytes read from the socket
 * @param bytesOut           bytes written to the socket
 * @param queuedBytes        bytes waiting in the write queue
 * @param handler            the owning handler's {@code toString()}
 */
public record ConnectionInfo(
        long id,
        Kind kind,
        InetSocketAddress local,
        InetSocketAddress remote,
        TcpState state,
        boolean observed,
        boolean inferredFromAccept,
        Duration timeInState,
        long bytesIn,
        long bytesOut,
        long queuedBytes,
        String handler) {

    /** What kind of endpoint a row is. */
    public enum Kind {
        LISTENER,
        ACTIVE,
        PASSIVE
    }
}
