package io.fsmgen.web.tcp;

import java.net.InetSocketAddress;

/**
 * One connection as the table shows it.
 *
 * @param id            the source's id for the connection
 * @param side          client, server or listener
 * @param local         local address (null before it is known)
 * @param remote        peer address (null for a listener)
 * @param state         the machine's state, by its RFC name
 * @param observed      false when the state is the runtime's estimate rather than seen
 * @param inStateMillis how long it has been in {@code state}
 * @param bytesIn       bytes received
 * @param bytesOut      bytes sent
 * @param owner         the handler or process that owns it
 */
public record TcpRow(long id, TcpTransition.Side side, InetSocketAddress local, InetSocketAddress remote,
        String state, boolean observed, long inStateMillis, long bytesIn, long bytesOut, String owner) {}
