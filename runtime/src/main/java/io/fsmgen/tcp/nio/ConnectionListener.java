package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;

/**
 * Hears every transition of every connection (and listener) of a runtime, on the loop thread that drove it. Costs
 * nothing while none is registered.
 */
@FunctionalInterface
public interface ConnectionListener {
    /** {@code endpoint}'s machine went from {@code from} to {@code to} on {@code event}. */
    void transitioned(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to);
}
