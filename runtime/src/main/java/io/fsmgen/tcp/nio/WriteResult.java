package io.fsmgen.tcp.nio;

/** What {@link NioTcpConnection#write} did with the buffer. */
public enum WriteResult {
    /** Everything went to the socket at once. */
    WRITTEN,
    /** Some or all of it was queued (the socket buffer was full, or the connection is not yet open). */
    QUEUED,
    /**
     * It was queued up to the queue's bound, which is now reached: stop writing until {@link NioTcpHandler#writable}.
     * A buffer larger than the room left is taken only in part: its position shows how much, and the rest is to be
     * written again after {@code writable}.
     */
    BACKPRESSURE,
    /** The queue was already full: nothing was taken (the buffer's position is unchanged). */
    REJECTED,
    /** An I/O error ended the connection during the write; {@link NioTcpHandler#closed} says why. */
    FAILED
}
