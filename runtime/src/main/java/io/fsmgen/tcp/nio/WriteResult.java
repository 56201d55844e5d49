package io.fsmgen.tcp.nio;

/** What {@link NioTcpConnection#write} did with the buffer. */
public enum WriteResult {
    /** Everything went to the socket at once. */
    WRITTEN,
    /** Some or all of it was queued (the socket buffer was full, or the connection is not yet open). */
    QUEUED,
    /**
     * It was queued, whole, and the queue now holds its bound or more: stop writing until
     * {@link NioTcpHandler#writable}. The bound is a high-water mark: the write that reaches it is taken entire, so
     * the queue holds at most the bound plus one write.
     */
    BACKPRESSURE,
    /** The queue was already full: nothing was taken (the buffer's position is unchanged). */
    REJECTED,
    /** An I/O error ended the connection during the write; {@link NioTcpHandler#closed} says why. */
    FAILED
}
