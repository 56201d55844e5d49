package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One endpoint's registry row as plain mutable fields, filled by the endpoint and reused from row to row, so that
 * {@link ConnectionRegistry#render(Appendable)} reads every endpoint without allocating a row object for each.
 */
final class RegistryRow {

    long id;
    ConnectionInfo.Kind kind;
    InetSocketAddress local;
    InetSocketAddress remote;
    TcpState state;
    boolean observed;
    long stateSinceNanos;
    long bytesIn;
    long bytesOut;
    long queuedBytes;
    NioTcpHandler handler;

    /** Fills this row from {@code endpoint}. */
    RegistryRow of(NioTcpEndpoint endpoint) {
        if (endpoint instanceof NioTcpConnection c) {
            c.fill(this);
        } else {
            ((NioTcpListener) endpoint).fill(this);
        }
        return this;
    }

    /** The row as the public record, with the handler's text given (it is shared by many rows). */
    ConnectionInfo info(String handlerText, long nowNanos) {
        return new ConnectionInfo(id, kind, local, remote, state, observed, kind == ConnectionInfo.Kind.PASSIVE,
                Duration.ofNanos(nowNanos - stateSinceNanos), bytesIn, bytesOut, queuedBytes, handlerText);
    }
}
