package io.fsmgen.tcp.tun;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * The kernel's side of a connection in the namespace, driven by two threads of this test: one writes its payload,
 * one reads and hashes until end of stream or an error. Each milestone completes a future and wakes the endpoint's
 * loop, so the test waits on events, never on time. The ending calls ({@link #shutdownOutput}, {@link #close},
 * {@link #reset}) come from the loop's thread, at the moment the test chooses.
 */
final class KernelPeer implements AutoCloseable {

    /** How the reader stopped. */
    enum End { END_OF_STREAM, RESET, CLOSED_HERE }

    private final SocketChannel channel;
    private final Payload outgoing;
    private final long expected;
    private final Runnable wakeup;
    private final MessageDigest digest = Payload.newDigest();
    private volatile long received;
    private volatile String failure = "";
    private volatile String pokeFailure;
    final CompletableFuture<Void> allSent = new CompletableFuture<>();
    final CompletableFuture<Void> allReceived = new CompletableFuture<>();
    final CompletableFuture<End> ended = new CompletableFuture<>();

    KernelPeer(SocketChannel channel, Payload outgoing, long expected, Runnable wakeup) {
        this.channel = channel;
        this.outgoing = outgoing;
        this.expected = expected;
        this.wakeup = wakeup;
        allSent.whenComplete((v, t) -> wakeup.run());
        allReceived.whenComplete((v, t) -> wakeup.run());
        ended.whenComplete((v, t) -> wakeup.run());
        if (expected == 0) {
            allReceived.complete(null);
        }
        thread("kernel writer", this::write);
        thread("kernel reader", this::read);
    }

    InetSocketAddress local() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    long received() {
        return received;
    }

    /** The SHA-256 of what was read; call once the reader has ended. */
    String receivedSha256() {
        return Payload.hex(digest);
    }

    /** The error that ended reading or writing, if any. */
    String failure() {
        return failure;
    }

    /** Our FIN: the kernel goes to FIN-WAIT-1 (or LAST-ACK from CLOSE-WAIT). */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** SO_LINGER 0 and close: the kernel sends a RST and forgets the connection. */
    void reset() throws IOException {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.close();
    }

    /**
     * One byte more, to make a peer that lost our RST (or theirs) answer. If the RST is already in, the write fails
     * with it, and may take the socket's error before the reader sees it (the reader then reads end of stream):
     * {@link #pokeSawReset()} says so.
     */
    void poke() {
        try {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException reset) {
            pokeFailure = reset.getMessage();
        }
    }

    /** Whether {@link #poke()} failed because the connection was reset. */
    boolean pokeSawReset() {
        return pokeFailure != null && pokeFailure.contains("reset");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void write() {
        try {
            ByteBuffer out = ByteBuffer.wrap(outgoing.bytes());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            allSent.complete(null);
        } catch (IOException e) {
            failure = "write: " + e;
            allSent.completeExceptionally(e);
        }
    }

    private void read() {
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        try {
            while (true) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    ended.complete(End.END_OF_STREAM);
                    return;
                }
                digest.update(in.array(), 0, n);
                received += n;
                if (received >= expected) {
                    allReceived.complete(null);
                }
            }
        } catch (ClosedChannelException closedHere) { // AsynchronousCloseException too: we closed it
            ended.complete(End.CLOSED_HERE);
        } catch (IOException e) {
            failure = "read: " + e.getMessage();
            ended.complete(End.RESET);
        }
    }

    private static void thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
