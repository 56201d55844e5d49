package io.fsmgen.examples.tun;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.tun.EndpointLoop;
import io.fsmgen.tcp.tun.Impairment;
import io.fsmgen.tcp.tun.TunLink;
import io.fsmgen.tcp.tun.TunNamespace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * {@code scenario userspace-vs-kernel}: fsmgen's user-space endpoint, its generated {@code TcpMachine} deciding every
 * state change, opens a connection to a real Linux socket in a private network namespace, over a TUN device; sends a
 * request, reads the kernel's answer and closes first. Its transitions, the segments on the link and the kernel's
 * own transitions are printed side by side in one timeline.
 *
 * <p>Topology: the namespace holds the TUN device (198.18.0.1/24) and the kernel's listener; this process, in its own
 * namespace, holds the device's descriptor and runs the endpoint (198.18.0.2) on it. The kernel's socket is made by a
 * thread that entered the namespace. Needs root; without it, says so and exits 1.
 */
public final class UserspaceVsKernel {

    /** The name {@code scenario} knows it by. */
    public static final String NAME = "userspace-vs-kernel";
    private static final int KERNEL_PORT = 8080;
    private static final int ENDPOINT_PORT = 40_000;
    private static final int MTU = 1500;
    /** TIME_WAIT lasts 2 x MSL: one second here. */
    private static final Duration MSL = Duration.ofMillis(500);
    /** A pause between the acts, so that a slow kernel column has seen each state before the next act. */
    private static final Duration PAUSE = Duration.ofMillis(150);
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String REQUEST = "hello, kernel";
    private static final int WIDTH = 120;

    private final PrintStream out;

    public UserspaceVsKernel(PrintStream out) {
        this.out = out;
    }

    /** Plays the scenario; throws with the reason where the machine cannot (not root, no TUN). */
    public void run() throws IOException {
        Trace trace = Trace.recording(System::nanoTime);
        long origin = System.nanoTime();
        try (TunNamespace net = TunNamespace.create("userspace-vs-kernel", MTU, Impairment.NONE, trace);
                KernelWatch kernel = KernelWatches.open(net.namespace(), TunNamespace.KERNEL.toInetAddress(),
                        KERNEL_PORT);
                ServerSocketChannel listener = net.namespace().call(() -> ServerSocketChannel.open()
                        .bind(new InetSocketAddress(TunNamespace.KERNEL.toInetAddress(), KERNEL_PORT)))) {
            EndpointLoop loop = new EndpointLoop(net.link());
            KernelApplication application = new KernelApplication(listener, loop);
            EndpointConfig config = EndpointConfig.loopback(MSL);
            TcpEndpoint endpoint = loop.endpoint(TunLink.TRACE_NAME, config, ENDPOINT_PORT, trace);
            pause(loop, kernel);

            TcpConnection connection = endpoint.connect(EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT));
            until(loop, () -> connection.state() == TcpState.ESTABLISHED && application.accepted.isDone(),
                    "the handshake");
            pause(loop, kernel);
            connection.send(REQUEST.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            until(loop, () -> {
                while (connection.readableBytes() > 0) {
                    answer.writeBytes(connection.receive(1024));
                }
                return answer.size() >= REQUEST.length() + 4;
            }, "the kernel's answer");
            pause(loop, kernel);
            connection.close();
            until(loop, () -> connection.state() == TcpState.FIN_WAIT_2 && application.endOfStream.isDone(),
                    "our FIN");
            pause(loop, kernel);
            application.mayClose.complete(null);
            until(loop, () -> connection.state() == TcpState.CLOSED && application.closed.isDone(), "the close");
            pause(loop, kernel);

            out.print(Wrap.lines("Scenario " + NAME + ": fsmgen's user-space TCP endpoint, whose generated"
                    + " TcpMachine decides every state change, connects to a Linux kernel socket over a TUN device,"
                    + " sends a request and closes first.", WIDTH));
            out.print(Wrap.lines("Topology: this process holds the TUN descriptor and runs the endpoint at "
                    + TunNamespace.ENDPOINT + "; the device (" + TunNamespace.KERNEL + "/24, MTU " + MTU + ") and the"
                    + " kernel's socket live in the private network namespace " + net.namespace().name()
                    + ", with stock sysctls (timestamps, SACK, window scaling on).", WIDTH));
            out.println();
            out.print(SideBySide.render("endpoint " + TunNamespace.ENDPOINT + ":" + ENDPOINT_PORT + " (TcpMachine)",
                    "kernel " + TunNamespace.KERNEL + ":" + KERNEL_PORT + " (Linux)", trace.events(), kernel.rows(),
                    origin));
            out.println();
            out.println("Endpoint: " + String.join(" -> ", connection.states().stream().map(Enum::name).toList()));
            out.println("Data: the endpoint sent \"" + REQUEST + "\"; the kernel's socket answered \""
                    + answer.toString(StandardCharsets.US_ASCII) + "\".");
            out.print(Wrap.lines("Kernel: " + kernel.source() + ".", WIDTH));
            out.print(Wrap.lines("TIME_WAIT: the endpoint waits " + MSL.multipliedBy(2).toMillis() + " ms (2 x MSL,"
                    + " shortened for the demo); the kernel, the passive closer here, keeps none.", WIDTH));
        }
    }

    /**
     * The kernel's application, on its own thread: accepts one connection, answers the request with "ack " and the
     * request, reads to end of stream, and closes when the scenario lets it (so that the endpoint is seen in
     * FIN_WAIT_2 and the kernel in CLOSE_WAIT first). Wakes the endpoint's loop at each step.
     */
    private static final class KernelApplication {
        final CompletableFuture<Void> accepted = new CompletableFuture<>();
        final CompletableFuture<Void> endOfStream = new CompletableFuture<>();
        final CompletableFuture<Void> mayClose = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        KernelApplication(ServerSocketChannel listener, EndpointLoop loop) {
            accepted.whenComplete((v, e) -> loop.wakeup());
            endOfStream.whenComplete((v, e) -> loop.wakeup());
            closed.whenComplete((v, e) -> loop.wakeup());
            Thread thread = new Thread(() -> serve(listener), "kernel side of " + NAME);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(ServerSocketChannel listener) {
            try (SocketChannel socket = listener.accept()) {
                accepted.complete(null);
                ByteBuffer in = ByteBuffer.allocate(1024);
                while (in.position() < REQUEST.length() && socket.read(in) >= 0) {
                    continue; // until the whole request is in
                }
                in.flip();
                socket.write(StandardCharsets.US_ASCII.encode("ack " + StandardCharsets.US_ASCII.decode(in)));
                while (socket.read(in.clear()) >= 0) {
                    continue; // until end of stream
                }
                endOfStream.complete(null);
                mayClose.join();
            } catch (IOException e) {
                accepted.completeExceptionally(e);
                endOfStream.completeExceptionally(e);
                closed.completeExceptionally(e);
                return;
            }
            closed.complete(null);
        }
    }

    private static void until(EndpointLoop loop, BooleanSupplier condition, String what) throws IOException {
        loop.runUntil(condition, LIMIT, () -> "waiting for " + what);
    }

    /**
     * Keeps the endpoint running (its timers and the link carry on) for at least {@link #PAUSE}, which spaces the
     * acts out in the timeline, and until the kernel column has caught up with what the kernel did so far.
     */
    private static void pause(EndpointLoop loop, KernelWatch kernel) throws IOException {
        long end = System.nanoTime() + PAUSE.toNanos();
        CompletableFuture<Void> settled = kernel.settled();
        settled.whenComplete((v, e) -> loop.wakeup());
        loop.runUntil(() -> System.nanoTime() - end >= 0 && settled.isDone(), LIMIT, () -> "the kernel column");
        settled.join();
    }
}
