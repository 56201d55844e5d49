package io.fsmgen.tcp.nio;

/**
 * What {@link ChannelSpec}'s rows do to the real channel, implemented by {@link NioTcpConnection}. Handler callbacks
 * are queued here and delivered after the step, never inside a machine.
 */
interface ChannelActions {

    /** Whether writes wait in the connection's queue. */
    boolean writesQueued();

    /**
     * Whether a close now should let the kernel order it: the TCP machine is ESTABLISHED (the peer's FIN may be in the
     * kernel, unread) and the transition source can tell which transition the close made.
     */
    boolean kernelOrdersClose();

    /** Our FIN left ahead of the TCP machine's CLOSE: asks the transition source which transition the kernel made. */
    void awaitCloseOrder();

    /** Gives the TCP machine its CLOSE (which sends the FIN, or rejects the call with the RFC's text). */
    void tcpClose();

    /** {@code shutdownOutput()}: the FIN leaves while the channel keeps reading. */
    void shutdownOutput();

    /** Closes the channel gracefully: the kernel sends the FIN if it is not out yet. */
    void closeChannel();

    /** Closes the channel with SO_LINGER 0: the kernel sends a RST. */
    void resetChannel();

    /** The TCB was deleted while the channel was still open: closes it, with a RST if the connection failed. */
    void releaseChannel();

    /** Queues the handler's {@code opened}. */
    void tellOpened();

    /** Queues the handler's {@code peerFinished}: the peer will send no more. */
    void tellPeerFinished();

    /** Queues the handler's {@code closed}. */
    void tellClosed();

    /** Removes the connection from the registry, its loop and the kernel source. */
    void unregister();

    /** A close() while one already waits for queued writes: "connection closing". */
    void rejectClosing();
}
