package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;

/**
 * A runtime's way of learning the transitions socket calls cannot see (see {@link TransitionSource}). Called on a
 * connection's loop; implementations post what they learn back to that loop.
 */
interface HiddenTransitions extends AutoCloseable {

    /** The source in use (never {@link TransitionSource#AUTO}). */
    TransitionSource source();

    /** Why this source: what was chosen, and what was not available. */
    String reason();

    /** {@code c} is connected or accepted, so it knows its 4-tuple: from now on its socket can be followed. */
    default void follow(NioTcpConnection c) {}

    /** {@code c}'s machine entered {@code state}; watch for the exits of it that only the kernel sees. */
    void entered(NioTcpConnection c, TcpState state);

    /**
     * Whether this source can tell which transition a close made in the kernel (ESTABLISHED → FIN_WAIT1, or
     * CLOSE_WAIT → LAST_ACK when the peer's FIN had arrived unread): if so, a close in ESTABLISHED sends its FIN first
     * and the machine waits for {@link #closeAhead}'s answer (see {@link ChannelSpec}).
     */
    default boolean ordersClose() {
        return false;
    }

    /**
     * {@code c}'s FIN has left ahead of its machine's CLOSE: answer, on {@code c}'s loop, with
     * {@link NioTcpConnection#closeOrdered} once the kernel's transition is known. Only called when
     * {@link #ordersClose()}.
     */
    default void closeAhead(NioTcpConnection c) {}

    /**
     * Whether this source reports every step of a socket's end, RST and timeout included, in the kernel's order: an
     * end (a RST, ETIMEDOUT) that a read finds while a close waits for this source's word is then held until the
     * source tells the path to it.
     */
    default boolean showsResetPath() {
        return false;
    }

    /**
     * Whether this source, which cannot follow an abort's path, can look at the kernel's table once an abort in
     * FIN_WAIT_1 or FIN_WAIT_2 closed the socket: a TIME_WAIT minisocket left for its addresses means the peer's FIN
     * (with or after the ACK of ours) had come in unread and the kernel had reached TIME_WAIT before the abort, which
     * then reset nothing (an abort's own RST leaves nothing behind). If so, such an abort's RST leaves first and
     * {@link #abortAhead} answers (see {@link ChannelSpec}).
     */
    default boolean looksAfterAbort() {
        return false;
    }

    /**
     * {@code c}'s abort in FIN_WAIT_1 or FIN_WAIT_2 closed its socket ahead of its machine's ABORT: answer, on {@code c}'s loop, with
     * {@link NioTcpConnection#abortLookedUp}. Only called when {@link #looksAfterAbort()}.
     */
    default void abortAhead(NioTcpConnection c) {}

    /** {@code read()} returned -1 in FIN_WAIT_1: only the kernel knows whether the peer's FIN also ACKed ours. */
    void finInFinWait1(NioTcpConnection c);

    /** {@code c} left the runtime. */
    void forget(NioTcpConnection c);

    /** How many kernel reads (snapshots or buffer reads) were made so far, for tests and benchmarks. */
    default long reads() {
        return 0;
    }

    @Override
    void close();
}
