package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.net.InetSocketAddress;

/** What a connection and a listener share: a machine, addresses, and a row in the registry. */
public sealed interface NioTcpEndpoint permits NioTcpConnection, NioTcpListener {

    /** The runtime's id for this endpoint, unique within the runtime. */
    long id();

    /** The machine's current state (safe to read from any thread). */
    TcpState state();

    /** The local address (null until bound). */
    InetSocketAddress localAddress();

    /** The remote address (null for a listener). */
    InetSocketAddress remoteAddress();

    /** A snapshot of this endpoint as a registry row. */
    ConnectionInfo info();
}
