package io.fsmgen.tcp.nio;

/**
 * The I/O side of one connection: what the application may still do with its {@code SocketChannel}. The TCP state
 * ({@link io.fsmgen.tcp.TcpState}) says where the connection is in RFC 9293's life; this says which directions of
 * the channel are open, whether a close waits for queued writes, and whether the channel is released. Declared as
 * a table in {@link ChannelSpec}.
 */
public enum ChannelState {
    /** Created; no connect yet. */
    NEW,
    /** {@code connect()} is in progress: the selector waits for OP_CONNECT. */
    CONNECTING,
    /** Both directions open. */
    OPEN,
    /** {@code close()} was asked while writes were queued: they drain first, then the FIN. Still reading. */
    FLUSHING,
    /**
     * Our FIN is out ({@code shutdownOutput()}) before the TCP machine's CLOSE: the kernel has yet to say whether it
     * went ESTABLISHED → FIN_WAIT1 or, the peer's FIN having come first, CLOSE_WAIT → LAST_ACK. Still reading; no more
     * writes.
     */
    FIN_UNCONFIRMED,
    /** {@link #FIN_UNCONFIRMED}, and the peer's FIN was read since: released once the kernel has answered. */
    INPUT_ENDED_FIN_UNCONFIRMED,
    /**
     * {@code abort()} reset the channel (SO_LINGER 0) while the channel was open and the TCP machine ESTABLISHED,
     * FIN_WAIT_1 or FIN_WAIT_2: the kernel has yet to say from which state it aborted (the peer's FIN may have come
     * in unread: CLOSE_WAIT, CLOSING, TIME_WAIT). Neither reads nor writes; the handler hears {@code closed} once the
     * TCP machine has taken the ABORT.
     */
    ABORT_UNCONFIRMED,
    /** Our FIN is out ({@code shutdownOutput()}); still reading until the peer's FIN. */
    OUTPUT_SHUT,
    /** The peer's FIN was read (end of stream); we may still write. */
    INPUT_ENDED,
    /** End of stream read, and {@code close()} waits for queued writes. */
    INPUT_ENDED_FLUSHING,
    /**
     * Both FINs are out and the channel is closed on our side, but ours is not acknowledged yet (FIN_WAIT_1, CLOSING,
     * LAST_ACK): data written before it may still be unsent in the kernel. The handler hears {@code closed} once the
     * FIN is acknowledged ({@code NORMAL}: every byte written reached the peer) or the connection ends otherwise
     * (a RST from the peer, a timeout: the data that had not left is lost, and the cause says so).
     */
    RELEASED_FIN_UNACKED,
    /**
     * The channel is closed on our side and the handler was told; the kernel may still hold the socket (TIME_WAIT, or
     * FIN_WAIT_2 where the kernel's events lag the channel), so the TCP machine lives on until the connection is
     * deleted.
     */
    RELEASED,
    /** The TCP connection was deleted (its machine reached CLOSED): the connection left the runtime. */
    DONE;

    /** Whether the selector should report data to read. */
    boolean reading() {
        return this == OPEN || this == FLUSHING || this == OUTPUT_SHUT || this == FIN_UNCONFIRMED;
    }

    /** Whether queued writes may go to the socket. */
    boolean writing() {
        return this == OPEN || this == FLUSHING || this == INPUT_ENDED || this == INPUT_ENDED_FLUSHING;
    }

    /** Whether a {@code close()} is already waiting for queued writes. */
    boolean flushing() {
        return this == FLUSHING || this == INPUT_ENDED_FLUSHING;
    }

    /** Whether a {@code close()} was asked that the TCP machine has not taken yet: a write is "connection closing". */
    boolean closeAsked() {
        return flushing() || this == FIN_UNCONFIRMED || this == INPUT_ENDED_FIN_UNCONFIRMED;
    }

    /** Whether the channel is closed on our side while the TCP connection lives on in the kernel. */
    boolean released() {
        return this == RELEASED_FIN_UNACKED || this == RELEASED;
    }

    /** Whether the channel is still open on our side. */
    boolean channelOpen() {
        return !released() && this != DONE && this != ABORT_UNCONFIRMED;
    }
}
