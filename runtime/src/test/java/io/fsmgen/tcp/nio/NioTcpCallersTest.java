package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may call a connection, and what the caller learns: a handler may call a connection of another loop and wait
 * for it, unless that loop is waiting for the handler's own loop (both would stop for ever), which is refused at
 * once; an interrupted caller still learns the true outcome of its call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTcpCallersTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Two connections of one runtime on its two loops, each with its peer socket. */
    private static final class TwoLoops implements AutoCloseable {
        final NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(2));
        final ServerSocketChannel server = ServerSocketChannel.open().bind(ANY);
        final NioTcpConnection first;
        final SocketChannel firstPeer;
        final NioTcpConnection second;
        final SocketChannel secondPeer;

        /**
         * Returns once both handlers have heard {@code opened}: the peer's accept() only says that the kernel finished
         * the handshake, and a write to a connection whose loop has not yet seen it is QUEUED, not WRITTEN.
         */
        TwoLoops(NioTcpHandler firstHandler, NioTcpHandler secondHandler) throws Exception {
            CompletableFuture<Void> firstOpened = new CompletableFuture<>();
            CompletableFuture<Void> secondOpened = new CompletableFuture<>();
            first = rt.connect(server.getLocalAddress(), telling(firstHandler, firstOpened));
            firstPeer = server.accept();
            second = rt.connect(server.getLocalAddress(), telling(secondHandler, secondOpened));
            secondPeer = server.accept();
            assertNotSame(first.loop, second.loop, "round robin puts the two connections on two loops");
            Recorder.get(firstOpened);
            Recorder.get(secondOpened);
        }

        /** {@code handler}, completing {@code opened} once it has heard that its connection opened. */
        private static NioTcpHandler telling(NioTcpHandler handler, CompletableFuture<Void> opened) {
            return new NioTcpHandler() {
                @Override
                public void opened(NioTcpConnection c) {
                    handler.opened(c);
                    opened.complete(null);
                }

                @Override
                public void data(NioTcpConnection c, ByteBuffer data) {
                    handler.data(c, data);
                }

                @Override
                public void peerFinished(NioTcpConnection c) {
                    handler.peerFinished(c);
                }

                @Override
                public void writable(NioTcpConnection c) {
                    handler.writable(c);
                }

                @Override
                public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                    handler.closed(c, cause, detail);
                }
            };
        }

        @Override
        public void close() throws Exception {
            try (rt; server; firstPeer; secondPeer) {
                // all four
            }
        }
    }

    private static String read(SocketChannel peer, int bytes) throws Exception {
        ByteBuffer got = ByteBuffer.allocate(bytes);
        while (got.hasRemaining()) {
            peer.read(got);
        }
        return new String(got.array(), StandardCharsets.US_ASCII);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aHandlerMayCallAConnectionOfAnotherLoop() throws Exception {
        CompletableFuture<NioTcpConnection> relayTo = new CompletableFuture<>();
        CompletableFuture<WriteResult> relayed = new CompletableFuture<>();
        try (TwoLoops two = new TwoLoops(new NioTcpHandler() {
            @Override
            public void data(NioTcpConnection c, ByteBuffer data) {
                relayed.complete(relayTo.join().write(ascii("relayed")));
            }
        }, new NioTcpHandler() {})) {
            relayTo.complete(two.second);
            two.firstPeer.write(ascii("x"));
            assertEquals(WriteResult.WRITTEN, Recorder.get(relayed));
            assertEquals("relayed", read(two.secondPeer, 7));
        }
    }

    @Test
    void aWaitThatWouldCloseACircleOfLoopsIsRefusedAndTheOtherGoesOn() throws Exception {
        CompletableFuture<TwoLoops> both = new CompletableFuture<>();
        CompletableFuture<Object> firstOutcome = new CompletableFuture<>();
        CompletableFuture<WriteResult> secondOutcome = new CompletableFuture<>();
        // The first loop's handler waits until the second loop waits for it, then calls the second loop.
        NioTcpHandler first = new NioTcpHandler() {
            @Override
            public void data(NioTcpConnection c, ByteBuffer data) {
                if (firstOutcome.isDone()) {
                    return; // "from-second" arriving later
                }
                TwoLoops two = both.join();
                try {
                    two.secondPeer.write(ascii("y")); // wakes the second loop's handler
                    if (!two.rt.loopWaits.awaitWaiting(two.second.loop, BOUND_NANOS)) {
                        firstOutcome.complete("the second loop never waited");
                        return;
                    }
                    firstOutcome.complete(two.second.write(ascii("from-first")));
                } catch (RuntimeException | java.io.IOException | InterruptedException e) {
                    firstOutcome.complete(e);
                }
            }
        };
        // The second loop's handler calls the first loop, which is busy in the handler above.
        NioTcpHandler second = new NioTcpHandler() {
            @Override
            public void data(NioTcpConnection c, ByteBuffer data) {
                secondOutcome.complete(both.join().first.write(ascii("from-second")));
            }
        };
        try (TwoLoops two = new TwoLoops(first, second)) {
            both.complete(two);
            two.firstPeer.write(ascii("x"));
            Object refused = Recorder.get(firstOutcome);
            assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
            String circle = two.first.loop.thread.getName() + " -> " + two.second.loop.thread.getName() + " -> "
                    + two.first.loop.thread.getName();
            assertTrue(((IllegalStateException) refused).getMessage().contains("(" + circle + ")"),
                    ((IllegalStateException) refused).getMessage());
            assertEquals(WriteResult.WRITTEN, Recorder.get(secondOutcome), "the waiting loop got its answer");
            assertEquals("from-second", read(two.firstPeer, 11));
        }
    }

    @Test
    void anInterruptedCallerStillLearnsWhatItsCallDid() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open();
                ServerSocketChannel server = ServerSocketChannel.open().bind(ANY)) {
            Recorder client = new Recorder("client");
            NioTcpConnection c = rt.connect(server.getLocalAddress(), client);
            try (SocketChannel peer = server.accept()) {
                Recorder.get(client.opened);
                Thread.currentThread().interrupt();
                WriteResult result;
                try {
                    result = c.write(ascii("sent"));
                } finally {
                    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (and cleared here)");
                }
                assertEquals(WriteResult.WRITTEN, result);
                assertEquals("sent", read(peer, 4));
            }
        }
    }
}
