package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The socket side of a {@link NioTcpConnection}, with no decision in it: connect, read, write (through a
 * {@link WriteQueue} when the socket does not take everything at once), half-close, close and reset, the selector
 * interest that the connection's {@link ChannelState} asks for, and the socket's addresses and byte counts. It also
 * does the channel machine's socket rows.
 *
 * <p>One of the layers of a connection object (a superclass rather than a field), so that an idle connection costs
 * one object, not one per idea. Loop-confined; the addresses, counts and {@link #queuedBytes()} may be read from any
 * thread.
 */
abstract class ConnectionSocket extends ChannelActions {

    final EventLoop loop;
    private final SocketChannel socket;
    private SelectionKey key;
    /** Created when a write does not complete, dropped once drained: an idle connection keeps none. */
    private volatile WriteQueue queue;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private volatile long bytesIn;
    private volatile long bytesOut;

    ConnectionSocket(EventLoop loop, SocketChannel socket) {
        this.loop = loop;
        this.socket = socket;
    }

    /** A socket call failed: the connection decides what the failure means for its machines. */
    abstract void ioFailed(IOException e);

    /**
     * Whether a read found the connection's end (a RST, or the kernel's timeout) that the machine has not taken yet (it
     * waits for the kernel's word on a close made ahead of it): the socket is not read again, since a second read
     * would return an end of stream, not the error.
     */
    abstract boolean endRead();

    // ---- what others read ----

    /** The local address (null before it is known). */
    final InetSocketAddress local() {
        return local;
    }

    /** The remote address (null before it is known). */
    final InetSocketAddress remote() {
        return remote;
    }

    final long bytesIn() {
        return bytesIn;
    }

    final long bytesOut() {
        return bytesOut;
    }

    final long queuedBytes() {
        WriteQueue q = queue;
        return q == null ? 0 : q.queuedBytes();
    }

    // ---- opening ----

    final void register(Object attachment) throws IOException {
        key = socket.register(loop.selector, 0, attachment);
    }

    /** Starts a non-blocking connect; true when it completed at once. */
    final boolean connect(SocketAddress address) throws IOException {
        return socket.connect(address);
    }

    final boolean finishConnect() throws IOException {
        return socket.finishConnect();
    }

    /** Reads both addresses off the socket. */
    final void learnAddresses() throws IOException {
        local = (InetSocketAddress) socket.getLocalAddress();
        remote = (InetSocketAddress) socket.getRemoteAddress();
    }

    /** Reads the local address again (a connect binds it); keeps the one known when the socket cannot say. */
    final void learnLocalAddress() {
        try {
            local = (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException ignored) {
            // keep what we had
        }
    }

    // ---- reading and writing ----

    /** Reads into {@code buffer}; -1 at end of stream. */
    final int readSocket(ByteBuffer buffer) throws IOException {
        int n = socket.read(buffer);
        if (n > 0) {
            bytesIn += n;
        }
        return n;
    }

    /**
     * Writes what the socket takes of {@code src} now and queues a copy of the rest; writes nothing while bytes wait
     * (order) or while {@code writing} is false (not connected yet). REJECTED when the queue already holds its limit.
     */
    final WriteResult writeOrQueue(ByteBuffer src, boolean writing) throws IOException {
        WriteQueue q = queue;
        if (q != null && q.atLimit()) {
            return WriteResult.REJECTED;
        }
        if (writing && q == null) {
            bytesOut += socket.write(src);
            if (!src.hasRemaining()) {
                return WriteResult.WRITTEN;
            }
        }
        if (q == null) {
            q = new WriteQueue(loop.runtime.options().writeQueueLimit());
            queue = q;
        }
        return q.add(src);
    }

    /**
     * Writes queued bytes until the socket takes no more; drops the queue once drained. True once after a
     * BACKPRESSURE when the queue fell below half its limit: the writer is to be told it may write again.
     */
    final boolean flush() throws IOException {
        WriteQueue q = queue;
        if (q == null) {
            return false;
        }
        bytesOut += q.flushTo(socket);
        boolean writable = q.becameWritable();
        if (q.isEmpty()) {
            queue = null;
        }
        return writable;
    }

    /** Sets the selector interest for {@code state}: connect, read, and write while bytes are queued. */
    final void interest(ChannelState state) {
        if (key == null || !key.isValid()) {
            return; // not registered yet, or the channel is closed (which cancels its key)
        }
        int ops = 0;
        if (state == ChannelState.CONNECTING) {
            ops |= SelectionKey.OP_CONNECT;
        }
        if (state.reading() && !endRead()) {
            ops |= SelectionKey.OP_READ;
        }
        if (state.writing() && queue != null) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /**
     * Whether the channel is closed but its socket not yet: a channel registered with a selector keeps its file
     * descriptor until the selector's next select deregisters it, so a close (an abort's RST, its change into CLOSE)
     * reaches the kernel only then, after the loop's current tasks.
     */
    final boolean releasePending() {
        return !socket.isOpen() && socket.isRegistered();
    }

    /** Closes the channel; with {@code rst}, SO_LINGER 0 first so that the kernel sends a RST. Queued data is dropped. */
    final void close(boolean rst) {
        queue = null;
        if (!socket.isOpen()) {
            return;
        }
        try {
            if (rst) {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // the close below still releases the socket
        }
        try {
            socket.close();
        } catch (IOException e) {
            NioTcpRuntime.LOG.log(Level.DEBUG, "close failed on " + socket, e);
        }
    }

    // ---- the channel machine's socket rows ----

    @Override
    final boolean writesQueued() {
        return queue != null;
    }

    @Override
    final void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            ioFailed(e);
        }
    }

    @Override
    final void closeChannel() {
        close(false);
    }

    @Override
    final void resetChannel() {
        close(true);
    }
}
