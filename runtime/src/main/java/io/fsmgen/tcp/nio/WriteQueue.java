package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The bytes a connection accepted but the socket has not taken yet, bounded by a limit with hysteresis: full at the
 * limit ({@link WriteResult#BACKPRESSURE}), writable again below half of it. A connection creates one when a write
 * does not complete and drops it once drained, so an idle connection keeps none. Loop-confined;
 * {@link #queuedBytes()} may be read from any thread.
 */
final class WriteQueue {

    private final int limit;
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>(4);
    private volatile long queuedBytes;
    /** Whether the last write was answered with BACKPRESSURE and the writer not yet told it may write again. */
    private boolean full;

    WriteQueue(int limit) {
        this.limit = limit;
    }

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /** Whether a write must be refused outright: the queue already holds the limit. */
    boolean atLimit() {
        return queuedBytes >= limit;
    }

    /**
     * Copies what is left of {@code src} into the queue, whole: the limit is a high-water mark, not a cut, so a write
     * is never split between taken and refused (the queue may pass the limit by one write, whose size the writer
     * chose). BACKPRESSURE when the queue reached the limit. Call only when not {@link #atLimit()}.
     */
    WriteResult add(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        buffers.add(copy);
        queuedBytes += copy.remaining();
        if (queuedBytes >= limit) {
            full = true;
            return WriteResult.BACKPRESSURE;
        }
        return WriteResult.QUEUED;
    }

    /** Writes queued bytes until the socket takes no more; returns how many it took. */
    long flushTo(SocketChannel channel) throws IOException {
        long written = 0;
        ByteBuffer head;
        while ((head = buffers.peek()) != null) {
            int n = channel.write(head);
            written += n;
            queuedBytes -= n;
            if (head.hasRemaining()) {
                break;
            }
            buffers.poll();
        }
        return written;
    }

    /** True once after a BACKPRESSURE when the queue fell below half the limit: tell the writer. */
    boolean becameWritable() {
        if (full && queuedBytes < limit / 2) {
            full = false;
            return true;
        }
        return false;
    }
}
