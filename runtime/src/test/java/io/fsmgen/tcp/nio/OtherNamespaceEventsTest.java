package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel's tracepoints are host-wide and name a socket by its addresses only: another network namespace may hold
 * a connection with the very addresses of one of ours ({@link SameAddressesChild}), and its end must not end ours: an
 * ending counts once this namespace's table no longer holds our socket. The test waits for the runtime's word that it
 * set the event aside (its log), then closes normally.
 */
@Timeout(120)
class OtherNamespaceEventsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ESTABLISHED", "CLOSE_WAIT"})
    void anotherNamespacesSocketWithOurAddressesDoesNotEndOurs(String waitingIn) throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here");
        assumeTrue(new KernelTcpTable().isAvailable(), "no kernel TCP table here");
        TcpState expected = TcpState.valueOf(waitingIn);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Logger log = Logger.getLogger("io.fsmgen.tcp.nio");
        Level level = log.getLevel();
        CompletableFuture<String> setAside = new CompletableFuture<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String m = record.getMessage();
                if (m != null && m.contains("another namespace's; ignored")) {
                    setAside.complete(m);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.setLevel(Level.ALL);
        log.addHandler(handler);
        try (NioTcpRuntime rt = NioTcpRuntime.open(
                        NioTcpOptions.defaults().withTransitions(TransitionSource.TRACEPOINT)
                                .withMsl(Duration.ofMillis(200)));
                SocketChannel client = SocketChannel.open()) {
            Recorder server = new Recorder("server");
            NioTcpListener l = rt.listen(new InetSocketAddress(loopback, 0), server);
            client.bind(new InetSocketAddress(loopback, 0));
            client.connect(l.localAddress());
            NioTcpConnection c = Recorder.get(server.opened);
            if (expected == CLOSE_WAIT) {
                client.shutdownOutput();
                Recorder.get(server.peerFinished);
            }
            NioTcpLifeTest.agree(rt, c, expected);
            int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            try (PrivateNetnsJvm child = PrivateNetnsJvm.start(SameAddressesChild.class,
                    Integer.toString(clientPort), Integer.toString(l.localAddress().getPort()), waitingIn)) {
                child.awaitLine("ended", Changes.BOUND);
                assertEquals(0, child.awaitExit(Changes.BOUND), () -> "child: " + child.output());
            }
            String why = Recorder.get(setAside);
            // Whatever the runtime did with the event, it did on the loop: a task posted now runs after it.
            CompletableFuture<TcpState> after = new CompletableFuture<>();
            c.loop.execute(() -> after.complete(c.state()));
            assertEquals(expected, Recorder.get(after), why);
            assertFalse(server.closed.isDone(), why);

            c.close();
            if (expected == ESTABLISHED) {
                while (client.read(ByteBuffer.allocate(64)) >= 0) {
                    // until the runtime's FIN
                }
                client.close();
                NioTcpLifeTest.agree(rt, c, TIME_WAIT);
            }
            assertEquals(CloseCause.NORMAL, Recorder.get(server.closed));
        } finally {
            log.removeHandler(handler);
            log.setLevel(level);
        }
    }
}
