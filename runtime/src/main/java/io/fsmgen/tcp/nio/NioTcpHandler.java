package io.fsmgen.tcp.nio;

import java.nio.ByteBuffer;

/**
 * What the application hears about one connection. Every callback runs on the connection's event-loop thread, never
 * concurrently for one connection; calls on the connection from inside a callback run at once.
 *
 * <p>A listener's handler is shared by every connection it accepts; its {@code toString()} names it in CLOSE_WAIT leak
 * reports.
 */
public interface NioTcpHandler {

    /** The connection reached ESTABLISHED (after {@code finishConnect()} or {@code accept()}). */
    default void opened(NioTcpConnection connection) {}

    /** Bytes arrived. {@code data} is only valid during the call (the loop reuses it). */
    default void data(NioTcpConnection connection, ByteBuffer data) {}

    /**
     * The peer finished sending (its FIN arrived, {@code read()} returned -1). The application may keep writing
     * (half-close) and must eventually {@code close()}: a connection left here is the CLOSE_WAIT leak.
     */
    default void peerFinished(NioTcpConnection connection) {}

    /** The write queue drained below half its bound after a {@link WriteResult#BACKPRESSURE}. */
    default void writable(NioTcpConnection connection) {}

    /**
     * The connection is over for the application. Called exactly once per connection: when both FINs are out and the
     * peer has acknowledged ours ({@link CloseCause#NORMAL}: every byte written reached the peer's TCP), or when the
     * connection ends otherwise (a RST, a timeout, an error; data not yet sent is then lost). The channel is closed
     * as soon as both FINs are out, so a close whose FIN waits behind unsent data is told only once the peer has
     * acknowledged it or the connection has ended otherwise, as far as the {@link TransitionSource} can tell: under
     * {@link TransitionSource#NONE} after the estimated acknowledgement; the README's table of sources says which
     * endings each one reads as the acknowledgement. After a graceful close the kernel (and the connection's
     * machine, in the registry) may still be in TIME_WAIT.
     *
     * @param detail a human-readable reason (the RFC signal or error text, or the I/O exception)
     */
    default void closed(NioTcpConnection connection, CloseCause cause, String detail) {}
}
