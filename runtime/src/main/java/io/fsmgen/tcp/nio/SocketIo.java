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
 * The socket operations of one connection, with no decision in them: connect, read, write through the
 * {@link WriteQueue}, half-close, close and reset, and the selector interest that the connection's
 * {@link ChannelState} asks for. Loop-confined.
 */
final class SocketIo {

    private final SocketChannel channel;
    private final WriteQueue queue;
    private SelectionKey key;
    private boolean closed;

    SocketIo(SocketChannel channel, int writeQueueLimit) {
        this.channel = channel;
        this.queue = new WriteQueue(writeQueueLimit);
    }

    WriteQueue queue() {
        return queue;
    }

    void register(EventLoop loop, EventLoop.Ready ready) throws IOException {
        key = channel.register(loop.selector, 0, ready);
    }

    /** Starts a non-blocking connect; true when it completed at once. */
    boolean connect(SocketAddress address) throws IOException {
        return channel.connect(address);
    }

    boolean finishConnect() throws IOException {
        return channel.finishConnect();
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    /** Reads into {@code buffer}; -1 at end of stream. */
    int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    /** Writes what the socket takes of {@code src} now. */
    int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    long flush() throws IOException {
        return queue.flushTo(channel);
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the channel; with {@code rst}, SO_LINGER 0 first so that the kernel sends a RST. Queued data is dropped. */
    void close(boolean rst) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        try {
            if (rst && channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // the close below still releases the socket
        }
        try {
            channel.close();
        } catch (IOException e) {
            NioTcpRuntime.LOG.log(Level.DEBUG, "close failed on " + channel, e);
        }
    }

    /** Sets the selector interest for {@code state}: connect, read, and write while bytes are queued. */
    void interest(ChannelState state) {
        if (key == null || !key.isValid() || closed) {
            return;
        }
        int ops = 0;
        if (state == ChannelState.CONNECTING) {
            ops |= SelectionKey.OP_CONNECT;
        }
        if (state.reading()) {
            ops |= SelectionKey.OP_READ;
        }
        if (state.writing() && !queue.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}
