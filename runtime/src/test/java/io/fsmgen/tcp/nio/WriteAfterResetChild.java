package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A write that meets the peer's RST, run in a {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} by
 * {@link WriteAfterResetTest}, in whatever language the test gave the child. Argument: the runtime's transition
 * source. The loop is held while the peer closes with SO_LINGER 0 and the kernel takes the RST, so no read sees it
 * first: the write is the first call to meet it (ECONNRESET). Prints the JDK's text for EPIPE ({@code strerror TEXT},
 * from a Unix-domain socket: it tells whether the child speaks German), then the runtime's connection: each transition of its
 * machine ({@code step FROM --EVENT--> TO}), {@code write RESULT}, {@code closed CAUSE detail}, {@code state STATE}
 * and {@code registry SIZE}.
 */
final class WriteAfterResetChild {

    private static final long BOUND_SECONDS = 60;

    private WriteAfterResetChild() {}

    public static void main(String[] args) throws Exception {
        TransitionSource source = TransitionSource.valueOf(args[0]);
        brokenPipeText();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<String> steps = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> opened = new CompletableFuture<>();
            CompletableFuture<String> closed = new CompletableFuture<>();
            NioTcpHandler handler = new NioTcpHandler() {
                @Override
                public void opened(NioTcpConnection c) {
                    opened.complete(null);
                }

                @Override
                public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                    closed.complete(cause + " " + detail);
                }
            };
            try (NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(source))) {
                rt.addListener((endpoint, from, event, to) -> steps.add(from + " --" + event + "--> " + to));
                NioTcpConnection c = rt.connect(server.getLocalAddress(), handler);
                CompletableFuture<WriteResult> written = new CompletableFuture<>();
                try (SocketChannel peer = server.accept()) {
                    opened.get(BOUND_SECONDS, TimeUnit.SECONDS);
                    CountDownLatch held = new CountDownLatch(1);
                    CountDownLatch reset = new CountDownLatch(1);
                    c.loop.execute(() -> {
                        held.countDown();
                        try {
                            if (!reset.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                                throw new AssertionError("the peer's RST did not come in " + BOUND_SECONDS + " s");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        written.complete(c.write(ByteBuffer.wrap(new byte[] {1})));
                    });
                    if (!held.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("the loop was not held in " + BOUND_SECONDS + " s");
                    }
                    peer.setOption(StandardSocketOptions.SO_LINGER, 0);
                    peer.close();
                    TcpState kernel = KernelSettle.await(rt, c, TcpState.CLOSED);
                    if (kernel != TcpState.CLOSED) {
                        throw new AssertionError("the kernel did not take the RST: " + kernel);
                    }
                    reset.countDown();
                }
                System.out.println("write " + written.get(BOUND_SECONDS, TimeUnit.SECONDS));
                String end = closed.get(BOUND_SECONDS, TimeUnit.SECONDS);
                steps.forEach(step -> System.out.println("step " + step));
                System.out.println("closed " + end);
                System.out.println("state " + c.state());
                System.out.println("registry " + rt.registry().size());
            }
        }
    }

    /** The JDK's text for EPIPE in this language: a Unix-domain write after its peer closed. */
    private static void brokenPipeText() throws IOException {
        Path dir = Files.createTempDirectory("fsmgen-epipe");
        Path path = dir.resolve("socket");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel writer = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                server.accept().close();
                writer.write(ByteBuffer.wrap(new byte[] {1}));
                throw new AssertionError("a write after the peer closed succeeded");
            } catch (IOException e) {
                System.out.println("strerror " + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }
}
