package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.Trace;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Linux's urgent data ({@code MSG_OOB}, Java's {@code sendUrgentData}) reaches the endpoint over a real link: the
 * endpoint signals it (RFC 9293 MUST-31), says how much of it lies ahead of what was read (MUST-32), and hands it over
 * inline, in its place in the stream.
 */
class UrgentFromKernelTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);

    @Test
    void test_ESTABLISHED_RCV_ACK_linuxUrgentDataIsSignalledCountedAndInline() throws Exception {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        int port = 19_000 + (int) (ProcessHandle.current().pid() % 1_000);
        try (TunNamespace net = TunNamespace.create("urgent", KernelInteropContract.MTU,
                Impairment.NONE)) {
            EndpointLoop loop = new EndpointLoop(net.link());
            TcpEndpoint endpoint = loop.endpoint("endpoint", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                    Trace.disabled());
            TcpListener listener = endpoint.listen();
            SocketChannel kernel = net.namespace().call(SocketChannel::open);
            try {
                CompletableFuture<Void> connected = new CompletableFuture<>();
                Thread connector = new Thread(() -> {
                    try {
                        kernel.connect(new InetSocketAddress(TunNamespace.ENDPOINT.toInetAddress(), port));
                        connected.complete(null);
                    } catch (Exception e) {
                        connected.completeExceptionally(e);
                    }
                    loop.wakeup();
                }, "kernel connect");
                connector.setDaemon(true);
                connector.start();
                AtomicReference<TcpConnection> accepted = new AtomicReference<>();
                loop.runUntil(() -> {
                    listener.accept().ifPresent(accepted::set);
                    return connected.isDone() && accepted.get() != null;
                }, LIMIT, () -> "the handshake");
                connected.join();
                TcpConnection c = accepted.get();

                kernel.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
                kernel.socket().sendUrgentData('!');
                loop.runUntil(() -> c.signals().contains(TcpSignal.URGENT) && c.readableBytes() == 4, LIMIT,
                        () -> "the urgent byte: signals " + c.signals() + ", " + c.readableBytes() + " readable");
                assertEquals(4, c.urgentBytes(), "up to and including the urgent byte");
                assertArrayEquals("abc!".getBytes(StandardCharsets.US_ASCII), c.receive(10), "inline, in order");
                assertEquals(0, c.urgentBytes());
                assertEquals(1, c.signals().stream().filter(TcpSignal.URGENT::equals).count());
                c.abort();
            } finally {
                kernel.close();
                net.link().detach(port);
            }
        }
    }
}
