package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The write queue's high-water mark, and what a close in SYN_SENT drops is said. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NioTcpWriteQueueTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /**
     * The limit is a high-water mark: every write up to the one that reaches it is taken whole, then writes are
     * refused, taking nothing, while the peer reads nothing.
     */
    @Test
    void writesAreTakenWholeUntilTheHighWaterMarkThenRefused() throws Exception {
        int limit = 64 * 1024;
        try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withWriteQueueLimit(limit));
                ServerSocketChannel server = ServerSocketChannel.open().bind(ANY)) {
            Recorder client = new Recorder("client");
            NioTcpConnection c = rt.connect(server.getLocalAddress(), client);
            try (SocketChannel peer = server.accept()) { // it never reads
                Recorder.get(client.opened);
                WriteResult result;
                int writes = 0;
                do { // the socket's and the peer's buffers fill first; how much they hold is the kernel's choice
                    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                    result = c.write(chunk);
                    assertFalse(chunk.hasRemaining(), "write " + writes + " (" + result + ") was taken whole");
                    writes++;
                } while (result != WriteResult.BACKPRESSURE && writes < 64);
                assertEquals(WriteResult.BACKPRESSURE, result, "after " + writes + " writes of 1 MiB");
                assertTrue(c.info().queuedBytes() >= limit, c.info().toString());
                ByteBuffer refused = ByteBuffer.allocate(1 << 20);
                assertEquals(WriteResult.REJECTED, c.write(refused));
                assertEquals(0, refused.position(), "nothing taken");
            }
        }
    }

    @Test
    void closeInSynSentSaysHowManyQueuedBytesItDropped() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux drops a SYN when the accept queue is full");
        // A listener that never accepts, with a full accept queue: the kernel drops further SYNs.
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(ANY, 1);
            List<SocketChannel> fillers = new ArrayList<>();
            try (Selector connected = Selector.open()) {
                for (int i = 0; i < 4; i++) {
                    SocketChannel f = SocketChannel.open();
                    f.configureBlocking(false);
                    f.connect(full.getLocalAddress());
                    f.register(connected, SelectionKey.OP_CONNECT);
                    fillers.add(f);
                }
                int done = 0;
                while (done < 2) { // backlog 1 holds two: the queue is then full
                    connected.select(TimeUnit.SECONDS.toMillis(30));
                    for (SelectionKey key : connected.selectedKeys()) {
                        if (((SocketChannel) key.channel()).finishConnect()) {
                            key.cancel();
                            done++;
                        }
                    }
                    connected.selectedKeys().clear();
                }
                try (NioTcpRuntime rt = NioTcpRuntime.open()) {
                    Recorder client = new Recorder("client");
                    NioTcpConnection c = rt.connect(full.getLocalAddress(), client);
                    assertEquals(SYN_SENT, c.state());
                    assertEquals(WriteResult.QUEUED, c.write(ByteBuffer.wrap(new byte[5])));
                    c.close();
                    assertEquals(CloseCause.NORMAL, Recorder.get(client.closed));
                    assertEquals("closed before the connection opened; 5 queued bytes dropped, as RFC 9293 drops"
                            + " queued SENDs on a CLOSE in SYN-SENT", client.closeDetail);
                }
            } finally {
                for (SocketChannel f : fillers) {
                    f.close();
                }
            }
        }
    }
}
