package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linux ends a TIME-WAIT early when the same peer opens the same addresses again with a new SYN (RFC 6191's
 * reopening): the minisocket goes without any event, and the new connection takes its 4-tuple. The old connection's
 * machine ends its TIME_WAIT then too (TIMEOUT, the minisocket's end in {@link LinuxRfcMapping}), instead of showing
 * a TIME_WAIT the kernel no longer has, beside the new connection with the same addresses, until 2·MSL.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TimeWaitReopenedTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void test_TIME_WAIT_RCV_SYN_theKernelsReopeningEndsTheOldTimeWait() throws Exception {
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here");
        NioTcpTransitionsTest.Transitions t = new NioTcpTransitionsTest.Transitions();
        try (NioTcpRuntime rt = tracedRuntime()) {
            rt.addListener(t);
            Recorder server = closingFirst();
            NioTcpListener l = rt.listen(ANY, server);
            InetSocketAddress clientAddress = oneExchange(l.localAddress());
            NioTcpConnection old = Recorder.get(server.opened);
            Recorder.await(rt, "the server's TIME_WAIT", () -> old.state() == TcpState.TIME_WAIT);
            try (SocketChannel again = reconnect(clientAddress, l.localAddress())) {
                Recorder.await(rt, "the second connection", () -> server.accepted.size() == 2);
                NioTcpConnection reopened = server.accepted.get(1);
                assertEquals(old.remoteAddress(), reopened.remoteAddress());
                Recorder.await(rt, "the old TIME_WAIT's end", () -> old.state() == TcpState.CLOSED);
                assertEquals(TcpState.ESTABLISHED, reopened.state());
            }
            assertEquals(List.of(old.id() + ": TIME_WAIT --TIMEOUT--> CLOSED"), t.ordered.stream()
                    .filter(s -> s.startsWith(old.id() + ": TIME_WAIT")).toList());
        }
    }

    /**
     * The same reopening when the peer does not wait: its second SYN may reach the kernel before the loop has applied
     * the old socket's change into TIME_WAIT (its event is read a moment later, and goes to the old connection as a
     * late event of the addresses it held). The old TIME_WAIT ends then too, not at 2·MSL.
     */
    @Test
    void test_TIME_WAIT_RCV_SYN_aReopeningBeforeTheTimeWaitIsAppliedEndsItToo() throws Exception {
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here");
        try (NioTcpRuntime rt = tracedRuntime()) {
            Recorder server = closingFirst();
            NioTcpListener l = rt.listen(ANY, server);
            InetSocketAddress clientAddress = oneExchange(l.localAddress());
            try (SocketChannel again = reconnect(clientAddress, l.localAddress())) {
                Recorder.await(rt, "the second connection", () -> server.accepted.size() == 2);
                NioTcpConnection old = server.accepted.get(0);
                Recorder.await(rt, "the old connection's end", () -> old.state() == TcpState.CLOSED);
            }
        }
    }

    /**
     * The old socket's changes read while the new connection is being followed, between the old one's retirement and
     * the new one's entry (on a loaded machine the reader runs late, and the loop can be preempted there): they are
     * the old one's still. Handed to the new connection, they were stale there, and the old machine, its close
     * unanswered, stayed ESTABLISHED for 30 s. The reader is held at the old socket's first change until the new
     * connection's following has begun, and the following until the reader has passed the old socket's last change.
     */
    @Test
    void test_TIME_WAIT_RCV_SYN_theOldSocketsChangesReadWhileTheNewOneIsFollowedAreTheOldOnes() throws Exception {
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here");
        try (NioTcpRuntime rt = tracedRuntime()) {
            Recorder server = closingFirst();
            NioTcpListener l = rt.listen(ANY, server);
            int port = l.localAddress().getPort();
            CountDownLatch following = new CountDownLatch(1);
            CountDownLatch lastChangeRead = new CountDownLatch(1);
            TracedTransitions traced = (TracedTransitions) rt.hidden();
            traced.dropForTests(event -> {
                if (event.local().getPort() == port && event instanceof KernelTcpEvent.StateChange change) {
                    if (change.newState() == KernelTcpState.FIN_WAIT1) {
                        awaitLatch(following);
                    } else if (change.newState() == KernelTcpState.CLOSE
                            && change.oldState() != KernelTcpState.LISTEN) {
                        lastChangeRead.countDown(); // the old socket's end, TIME_WAIT's minisocket taking over
                    }
                }
                return false;
            });
            traced.retiringForTests(() -> {
                following.countDown();
                awaitLatch(lastChangeRead);
            });
            InetSocketAddress clientAddress = oneExchange(l.localAddress());
            try (SocketChannel again = reconnect(clientAddress, l.localAddress())) {
                Recorder.await(rt, "the second connection", () -> server.accepted.size() == 2);
                NioTcpConnection old = server.accepted.get(0);
                Recorder.await(rt, "the old connection's end", () -> old.state() == TcpState.CLOSED);
            } finally {
                traced.dropForTests(null);
                traced.retiringForTests(null);
            }
        }
    }

    /** Waits for {@code latch} a generous while; a test's hook must not hang the thread it runs on for good. */
    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 2·MSL = 120 s, longer than any wait here: only the kernel's reopening can end a TIME_WAIT in time. */
    private static NioTcpRuntime tracedRuntime() throws IOException {
        return NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(TransitionSource.TRACEPOINT)
                .withMsl(Duration.ofSeconds(60)));
    }

    /** A server that closes first, once the client's byte is in: its side keeps the TIME_WAIT. */
    private static Recorder closingFirst() {
        return new Recorder("server") {
            @Override
            public void data(NioTcpConnection c, ByteBuffer data) {
                super.data(c, data);
                c.close();
            }
        };
    }

    /**
     * A plain client, its address reusable, that sends one byte, reads until the server's FIN and closes: the
     * server's socket goes to TIME_WAIT. Returns the client's address.
     */
    private static InetSocketAddress oneExchange(InetSocketAddress server) throws IOException {
        try (SocketChannel first = SocketChannel.open()) {
            first.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            first.bind(ANY);
            first.connect(server);
            first.write(ByteBuffer.wrap(new byte[] {1}));
            ByteBuffer sink = ByteBuffer.allocate(16);
            while (first.read(sink) >= 0) {
                sink.clear();
            }
            return (InetSocketAddress) first.getLocalAddress();
        }
    }

    /** A new connection from {@code from}: the kernel takes its SYN on the TIME-WAIT's 4-tuple. */
    private static SocketChannel reconnect(InetSocketAddress from, InetSocketAddress server) throws IOException {
        SocketChannel again = SocketChannel.open();
        try {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            again.bind(from);
            again.connect(server);
            return again;
        } catch (IOException | RuntimeException e) {
            again.close();
            throw e;
        }
    }
}
