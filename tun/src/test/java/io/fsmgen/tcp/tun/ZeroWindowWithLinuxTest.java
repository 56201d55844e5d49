package io.fsmgen.tcp.tun;

import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Trace;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A window that closes and opens again while the segment that says it opened is lost: only the sender's zero-window
 * probes (RFC 9293 §3.8.6.1, the persist timer) can find the open window, and the receiver must answer them with
 * it. Both ways against Linux over TUN, the window update dropped on purpose once the receiver has drained its
 * buffer, so that the transfer can only finish if the probing works.
 */
class ZeroWindowWithLinuxTest {

    private static final java.time.Duration LIMIT = KernelClient.LIMIT;
    private static final int KERNEL_PORT = 40_125;
    /** Small buffers, so that the window closes after a few segments. */
    private static final int BUFFER = 16_384;

    /**
     * Linux's reader drains its full buffer while its window updates are lost; the endpoint, which saw the window
     * close, must probe it and hear the answer.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_ourProbeFindsTheWindowLinuxOpenedWhileItsUpdateWasLost() throws Exception {
        boolean[] dropping = {false};
        int[] dropped = {0};
        Wiretap tap = new Wiretap(s -> {
            if (dropping[0] && s.window() > 0 && s.payloadLength() == 0) {
                dropped[0]++;
                return true;
            }
            return false;
        }, s -> false);
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        int port = 19_000 + (int) (ProcessHandle.current().pid() % 1_000);
        try (TunNamespace net = TunNamespace.create("zwprobe", KernelInteropContract.MTU, Impairment.NONE);
                ServerSocketChannel server = net.namespace().call(ServerSocketChannel::open)) {
            EndpointLoop loop = new EndpointLoop(net.link());
            TcpEndpoint endpoint = loop.endpoint("endpoint", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                    Trace.disabled(), tap::hearing, tap::speaking);
            try {
                server.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
                server.bind(new InetSocketAddress(TunNamespace.KERNEL.toInetAddress(), KERNEL_PORT));
                CompletableFuture<SocketChannel> accepted = KernelCall.start("kernel accept", loop, server::accept);
                TcpConnection c = endpoint.connect(EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT));
                loop.runUntil(() -> accepted.isDone() && c.state() == ESTABLISHED, LIMIT, () -> "connect: " + c);
                try (SocketChannel kernel = accepted.join()) {
                    byte[] payload = Payload.of(1 << 20, 9).bytes();
                    int[] queued = {0};
                    Runnable offer = () -> {
                        while (queued[0] < payload.length && c.sendBufferFree() > 0) {
                            queued[0] += c.send(payload, queued[0],
                                    Math.min(payload.length - queued[0], c.sendBufferFree()));
                            if (queued[0] == payload.length) {
                                c.close();
                            }
                        }
                    };
                    loop.runUntil(() -> {
                        offer.run();
                        return c.tcb().sndWnd() == 0 && tap.heard.stream().anyMatch(s -> s.window() == 0);
                    }, LIMIT, () -> "Linux's window closing: " + c);

                    dropping[0] = true;
                    int held = c.tcb().sndUna() - c.tcb().iss() - 1;
                    AtomicLong read = new AtomicLong();
                    CompletableFuture<byte[]> all = KernelCall.start("kernel reader", loop, () -> {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                        while (kernel.read(buffer.clear()) >= 0) {
                            bytes.write(buffer.array(), 0, buffer.position());
                            read.set(bytes.size());
                            loop.wakeup();
                        }
                        return bytes.toByteArray();
                    });
                    loop.runUntil(() -> read.get() >= held && dropped[0] > 0, LIMIT,
                            () -> "Linux reading the " + held + " bytes it held, its window update lost: read "
                                    + read.get() + ", dropped " + dropped[0] + "; " + c);
                    dropping[0] = false;

                    loop.runUntil(() -> {
                        offer.run();
                        return all.isDone();
                    }, LIMIT, () -> "the rest, after a probe found the window: " + c + ", Linux read " + read.get());
                    assertArrayEquals(payload, all.join());
                    assertTrue(dropped[0] > 0, "Linux's window update was lost");
                }
            } finally {
                net.link().detach(port);
            }
        }
    }

    /**
     * The endpoint reads its full buffer while its window updates are lost; Linux, which saw the window close, probes
     * it, and the endpoint's answer to a probe carries the open window.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_linuxsProbeFindsTheWindowWeOpenedWhileOurUpdateWasLost() throws Exception {
        boolean[] dropping = {false};
        int[] dropped = {0};
        Wiretap tap = new Wiretap(s -> false, s -> {
            if (dropping[0] && s.window() > 0 && s.payloadLength() == 0) {
                dropped[0]++;
                return true;
            }
            return false;
        });
        EndpointConfig small = EndpointConfig.loopback(Duration.ofMillis(50)).withBuffers(65_536, BUFFER);
        KernelClient.tapped("zwanswer", small, tap, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            byte[] payload = Payload.of(1 << 20, 10).bytes();
            KernelCall.start("kernel writer", loop, () -> {
                ByteBuffer out = ByteBuffer.wrap(payload);
                while (out.hasRemaining()) {
                    kernel.write(out);
                }
                kernel.shutdownOutput();
                return true;
            });
            loop.runUntil(() -> c.tcb().rcvWnd() == 0 && tap.sent.stream().anyMatch(s -> s.window() == 0), LIMIT,
                    () -> "our window closing: " + c);

            dropping[0] = true;
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.writeBytes(c.receive(BUFFER * 2));
            loop.runUntil(() -> dropped[0] > 0, LIMIT, () -> "our window update, lost: " + c);
            dropping[0] = false;

            loop.runUntil(() -> {
                received.writeBytes(c.receive(1 << 16));
                return c.isEndOfStream();
            }, LIMIT, () -> "the rest, after Linux's probe found the window: " + c + ", " + received.size() + " read");
            assertArrayEquals(payload, received.toByteArray());
            c.close();
        });
    }
}
