package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.Trace;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
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
        withKernelClient(segment -> false, (loop, kernel, listener) -> {
            AtomicReference<TcpConnection> accepted = new AtomicReference<>();
            loop.runUntil(() -> {
                listener.accept().ifPresent(accepted::set);
                return accepted.get() != null;
            }, LIMIT, () -> "the handshake");
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
        });
    }

    /**
     * The kernel's ACK that completes the handshake is lost, so its first data segment, carrying the urgent byte,
     * completes it instead (§3.10.7.4 fifth: "enter ESTABLISHED state and continue processing"): the urgent data is
     * signalled there too, right after CONNECTED.
     */
    @Test
    void test_SYN_RECEIVED_RCV_ACK_linuxUrgentDataOnTheHandshakesLastSegmentIsSignalled() throws Exception {
        boolean[] dataSeen = {false};
        Predicate<Segment> handshakeAcks = segment -> {
            dataSeen[0] |= segment.payloadLength() > 0;
            return !dataSeen[0] && segment.flags().equals(TcpFlags.ACK);
        };
        withKernelClient(handshakeAcks, (loop, kernel, listener) -> {
            loop.runUntil(() -> !listener.spawned().isEmpty(), LIMIT, () -> "the kernel's SYN");
            TcpConnection c = listener.spawned().get(0);
            assertEquals(TcpState.SYN_RECEIVED, c.state(), "the kernel's ACK was dropped");

            kernel.socket().sendUrgentData('!');
            loop.runUntil(() -> listener.accept().isPresent() && c.readableBytes() == 1, LIMIT,
                    () -> "the urgent byte: " + c + ", signals " + c.signals() + ", " + c.readableBytes()
                            + " readable");
            assertEquals(List.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED),
                    c.states(), "the urgent segment completed the handshake");
            assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.URGENT), c.signals());
            assertEquals(1, c.urgentBytes());
            assertArrayEquals(new byte[] {'!'}, c.receive(10));
            assertEquals(0, c.urgentBytes());
            c.abort();
        });
    }

    /** What a test does once the kernel's connect has begun, on the loop's thread. */
    private interface KernelClientLife {
        void run(EndpointLoop loop, SocketChannel kernel, TcpListener listener) throws Exception;
    }

    /**
     * A listening endpoint and a kernel socket in a private namespace whose connect to it runs on a thread of its
     * own; the endpoint hears the kernel through a {@link KernelSegmentFilter} dropping what {@code drop} picks.
     * The life runs once the connect has been started; the kernel's connect must have succeeded by its end.
     */
    private static void withKernelClient(Predicate<Segment> drop, KernelClientLife life) throws Exception {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        int port = 19_000 + (int) (ProcessHandle.current().pid() % 1_000);
        try (TunNamespace net = TunNamespace.create("urgent", KernelInteropContract.MTU, Impairment.NONE)) {
            EndpointLoop loop = new EndpointLoop(net.link());
            TcpEndpoint endpoint = loop.endpoint("endpoint", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                    Trace.disabled(), sink -> new KernelSegmentFilter(sink, drop));
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
                loop.runUntil(connected::isDone, LIMIT, () -> "the kernel's connect");
                connected.join();
                life.run(loop, kernel, listener);
            } finally {
                kernel.close();
                net.link().detach(port);
            }
        }
    }
}
