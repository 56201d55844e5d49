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
 * Who may call a connection, and what the caller learns: a thread of another of the runtime's loops is refused at
 * once (waiting could deadlock both loops), and an interrupted caller still learns the true outcome of its call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTcpCallersTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void aCallFromAnotherLoopFailsAtOnceInsteadOfWaiting() throws Exception {
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withThreads(2));
                ServerSocketChannel server = ServerSocketChannel.open().bind(ANY)) {
            CompletableFuture<NioTcpConnection> second = new CompletableFuture<>();
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            NioTcpConnection first = rt.connect(server.getLocalAddress(), new NioTcpHandler() {
                @Override
                public void data(NioTcpConnection c, ByteBuffer data) {
                    try {
                        second.join().write(ByteBuffer.wrap("relayed".getBytes(StandardCharsets.US_ASCII)));
                        refused.complete(null);
                    } catch (RuntimeException e) {
                        refused.complete(e);
                    }
                }
            });
            try (SocketChannel firstPeer = server.accept()) {
                NioTcpConnection other = rt.connect(server.getLocalAddress(), new NioTcpHandler() {});
                second.complete(other);
                try (SocketChannel otherPeer = server.accept()) {
                    assertNotSame(first.loop, other.loop, "round robin puts the two connections on two loops");
                    firstPeer.write(ByteBuffer.wrap(new byte[] {1}));
                    Throwable e = Recorder.get(refused);
                    assertTrue(e instanceof IllegalStateException, String.valueOf(e));
                    assertTrue(e.getMessage().startsWith("a call on a connection of event loop "
                            + other.loop.thread.getName() + " from event loop " + first.loop.thread.getName()
                            + " would make one loop wait for another"), e.getMessage());
                    // Both loops still serve their connections.
                    assertEquals(WriteResult.WRITTEN, other.write(ByteBuffer.wrap(new byte[] {2})));
                    ByteBuffer got = ByteBuffer.allocate(1);
                    otherPeer.read(got);
                    assertEquals(2, got.get(0));
                }
            }
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
                    result = c.write(ByteBuffer.wrap("sent".getBytes(StandardCharsets.US_ASCII)));
                } finally {
                    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (and cleared here)");
                }
                assertEquals(WriteResult.WRITTEN, result);
                ByteBuffer got = ByteBuffer.allocate(4);
                while (got.hasRemaining()) {
                    peer.read(got);
                }
                assertEquals("sent", new String(got.array(), StandardCharsets.US_ASCII));
            }
        }
    }
}
