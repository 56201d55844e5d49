package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.endpoint.TcpListener;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentSink;
import io.fsmgen.tcp.engine.Trace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A listening endpoint and a stock Linux socket in a private namespace that connects to it, for tests that drive
 * one connection by hand: the kernel's connect runs on a thread of its own, and the endpoint hears the kernel through
 * a {@link KernelSegmentFilter}. Skips the test where no namespace or TUN device can be made.
 */
final class KernelClient {

    static final Duration LIMIT = Duration.ofSeconds(40);

    /**
     * What a test does once the kernel's connect has succeeded, on the loop's thread; {@code net} for more kernel
     * sockets in the namespace.
     */
    interface Life {
        void run(TunNamespace net, EndpointLoop loop, SocketChannel kernel, TcpListener listener) throws Exception;
    }

    private KernelClient() {
    }

    /**
     * Runs {@code life} once the kernel's connect to the endpoint's listener has succeeded, the endpoint not hearing
     * what {@code drop} picks; then closes the kernel's socket and deletes the namespace, whatever the life left.
     */
    static void run(String label, Predicate<Segment> drop, Life life) throws Exception {
        run(label, EndpointConfig.loopback(Duration.ofMillis(50)), drop, life);
    }

    /** {@link #run(String, Predicate, Life)} with the endpoint configured by {@code config}. */
    static void run(String label, EndpointConfig config, Predicate<Segment> drop, Life life) throws Exception {
        run(label, config, drop, sent -> false, life);
    }

    /**
     * {@link #run(String, EndpointConfig, Predicate, Life)}, the endpoint's own segments that {@code dropSent} picks
     * lost on their way to the kernel.
     */
    static void run(String label, EndpointConfig config, Predicate<Segment> drop, Predicate<Segment> dropSent,
            Life life) throws Exception {
        wired(label, config, sink -> new KernelSegmentFilter(sink, drop),
                carrier -> new EndpointSegmentFilter(carrier, dropSent), life);
    }

    /**
     * {@link #run(String, EndpointConfig, Predicate, Life)}, the endpoint's wire passing through {@code tap}, which
     * records it and can forge segments to either side.
     */
    static void tapped(String label, EndpointConfig config, Wiretap tap, Life life) throws Exception {
        wired(label, config, tap::hearing, tap::speaking, life);
    }

    private static void wired(String label, EndpointConfig config, UnaryOperator<SegmentSink> hearing,
            UnaryOperator<SegmentCarrier> speaking, Life life) throws Exception {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        int port = 19_000 + (int) (ProcessHandle.current().pid() % 1_000);
        try (TunNamespace net = TunNamespace.create(label, KernelInteropContract.MTU, Impairment.NONE)) {
            EndpointLoop loop = new EndpointLoop(net.link());
            TcpEndpoint endpoint = loop.endpoint("endpoint", config, port, Trace.disabled(), hearing, speaking);
            TcpListener listener = endpoint.listen();
            SocketChannel kernel = net.namespace().call(SocketChannel::open);
            try {
                CompletableFuture<Boolean> connected = KernelCall.start("kernel connect", loop,
                        () -> kernel.connect(new InetSocketAddress(TunNamespace.ENDPOINT.toInetAddress(), port)));
                loop.runUntil(connected::isDone, LIMIT, () -> "the kernel's connect");
                connected.join();
                life.run(net, loop, kernel, listener);
            } finally {
                kernel.close();
                net.link().detach(port);
            }
        }
    }

    /** Runs the loop until the listener hands over a connection. */
    static TcpConnection accept(EndpointLoop loop, TcpListener listener) throws IOException {
        AtomicReference<TcpConnection> accepted = new AtomicReference<>();
        loop.runUntil(() -> {
            listener.accept().ifPresent(accepted::set);
            return accepted.get() != null;
        }, LIMIT, () -> "the handshake");
        return accepted.get();
    }
}
