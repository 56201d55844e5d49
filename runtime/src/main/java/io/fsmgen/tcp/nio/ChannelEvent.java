package io.fsmgen.tcp.nio;

/** What happens to a connection's channel: socket results, the application's close, and the TCP machine's effects. */
public enum ChannelEvent {
    /** {@code connect()} returned false: the handshake goes on in the kernel. */
    CONNECT_PENDING,
    /** The connection is established: {@code connect()}/{@code finishConnect()} succeeded, or {@code accept()}. */
    CONNECTED,
    /** The application called {@code close()}. */
    CLOSE_ASKED,
    /** The application called {@code abort()}. */
    ABORT_ASKED,
    /** The write queue became empty. */
    DRAINED,
    /** The TCP machine sends a FIN. */
    FIN_DUE,
    /** The TCP machine sends a RST. */
    RST_DUE,
    /** {@code read()} returned -1: the peer's FIN. */
    END_OF_STREAM,
    /** The TCP machine left FIN_WAIT_1 or CLOSING for FIN_WAIT_2 or TIME_WAIT: the peer acknowledged our FIN. */
    FIN_ACKED,
    /**
     * The TCP machine reached CLOSED, or a connect failed before the kernel left CLOSE (no route): the connection no
     * longer exists, or never did.
     */
    TCB_DELETED
}
