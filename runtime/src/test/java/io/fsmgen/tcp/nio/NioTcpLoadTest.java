package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of concurrent connections, some reset abruptly by either side, the rest closed gracefully; at the end
 * nothing but TIME_WAIT is left, then nothing at all, every machine is CLOSED and no descriptor leaked.
 */
@Timeout(60)
class NioTcpLoadTest {

    static final int CONNECTIONS = 2000;
    static final int PAYLOAD = 200;

    @Test
    void thousandsOfConnectionsWithRandomResets() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        NioTcpOptions options = NioTcpOptions.defaults().withMsl(Duration.ofMillis(250)); // TIME_WAIT 0.5 s
        round(any, options, 20, 1); // warm up: classes loaded, jars opened
        long before = countFds(fds);
        long socketsBefore = countFds(fds, true);
        Result r = round(any, options.withThreads(2), CONNECTIONS, 42);
        long after = countFds(fds);
        assertEquals(CONNECTIONS, r.clientsClosed);
        assertEquals(CONNECTIONS, r.serversClosed);
        assertTrue(r.resets > CONNECTIONS / 10, "some connections were reset: " + r.resets);
        assertTrue(r.normal > CONNECTIONS / 2, "most closed normally: " + r.normal);
        // No leak: nothing the runtime opens (sockets, epoll, eventfd/pipe wake-ups) is left; the total may only
        // shrink (another test's channel may be released meanwhile).
        assertTrue(after <= before, "file descriptors before " + before + ", after " + after);
        assertTrue(countFds(fds, true) <= socketsBefore, "socket/epoll descriptors leaked");
    }

    record Result(int clientsClosed, int serversClosed, int resets, int normal) {}

    private static Result round(InetSocketAddress any, NioTcpOptions options, int n, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<NioTcpConnection> all = new CopyOnWriteArrayList<>();
        Map<CloseCause, AtomicInteger> causes = new ConcurrentHashMap<>();
        AtomicInteger clientsClosed = new AtomicInteger();
        AtomicInteger serversClosed = new AtomicInteger();
        Set<Long> serverAborts = ConcurrentHashMap.newKeySet();
        Changes changes = new Changes(); // the waits below re-check at each transition and each closed callback
        try (NioTcpRuntime servers = NioTcpRuntime.open(options);
                NioTcpRuntime clients = NioTcpRuntime.open(options)) {
            servers.addListener(changes);
            clients.addListener(changes);
            NioTcpHandler server = new NioTcpHandler() {
                final Map<Long, Integer> got = new ConcurrentHashMap<>();

                @Override
                public void opened(NioTcpConnection c) {
                    all.add(c);
                }

                @Override
                public void data(NioTcpConnection c, ByteBuffer data) {
                    int total = got.merge(c.id(), data.remaining(), Integer::sum);
                    if (total >= PAYLOAD && (c.id() % 7 == 0)) {
                        serverAborts.add(c.id());
                        c.abort(); // abrupt reset from the server side
                        return;
                    }
                    c.write(data);
                }

                @Override
                public void peerFinished(NioTcpConnection c) {
                    c.close();
                }

                @Override
                public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                    serversClosed.incrementAndGet();
                    changes.changed();
                }

                @Override
                public String toString() {
                    return "LoadEchoServer";
                }
            };
            NioTcpListener listener = servers.listen(any, 4096, server);
            boolean[] abortAfterEcho = new boolean[n];
            for (int i = 0; i < n; i++) {
                abortAfterEcho[i] = random.nextInt(100) < 20;
            }
            for (int i = 0; i < n; i++) {
                boolean abort = abortAfterEcho[i];
                NioTcpConnection c = clients.connect(listener.localAddress(), new NioTcpHandler() {
                    int got;

                    @Override
                    public void opened(NioTcpConnection c) {
                        c.write(ByteBuffer.allocate(PAYLOAD));
                    }

                    @Override
                    public void data(NioTcpConnection c, ByteBuffer data) {
                        got += data.remaining();
                        if (got >= PAYLOAD && c.state() == TcpState.ESTABLISHED) {
                            if (abort) {
                                c.abort();
                            } else {
                                c.close();
                            }
                        }
                    }

                    @Override
                    public void peerFinished(NioTcpConnection c) {
                        if (c.state() == TcpState.CLOSE_WAIT) {
                            c.close();
                        }
                    }

                    @Override
                    public void closed(NioTcpConnection c, CloseCause cause, String detail) {
                        causes.computeIfAbsent(cause, k -> new AtomicInteger()).incrementAndGet();
                        clientsClosed.incrementAndGet();
                        changes.changed();
                    }
                });
                all.add(c);
            }
            changes.await("all closed callbacks", () -> clientsClosed.get() == n && serversClosed.get() == n);
            // Nothing but TIME_WAIT (and the listener) is left once the kernel confirmed every LAST_ACK.
            changes.await("only TIME_WAIT left", () -> all.stream()
                    .allMatch(c -> c.state() == TcpState.TIME_WAIT || c.state() == TcpState.CLOSED));
            changes.await("TIME_WAIT timers expired", () -> all.stream().allMatch(c -> c.state() == TcpState.CLOSED));
            for (NioTcpConnection c : all) {
                c.loop.call(() -> null); // a connection leaves the registry in the loop task of its CLOSED
            }
            assertEquals(0, clients.registry().size(), "client registry");
            assertEquals(1, servers.registry().size(), "server registry: the listener");
            for (NioTcpConnection c : all) {
                assertEquals(TcpState.CLOSED, c.state(), c.toString());
            }
            listener.close();
        }
        int resets = causes.getOrDefault(CloseCause.RESET, new AtomicInteger()).get();
        int normal = causes.getOrDefault(CloseCause.NORMAL, new AtomicInteger()).get();
        assertEquals(n, resets + normal, "client causes: " + causes);
        return new Result(clientsClosed.get(), serversClosed.get(), resets, normal);
    }

    private static long countFds(Path fds) throws IOException {
        try (Stream<Path> s = Files.list(fds)) {
            return s.count() - 1; // minus the directory stream's own descriptor
        }
    }

    /** Descriptors of the kinds the runtime opens: sockets, epoll instances, eventfds and pipes. */
    private static long countFds(Path fds, boolean runtimeKinds) throws IOException {
        try (Stream<Path> s = Files.list(fds)) {
            return s.filter(p -> {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    return target.startsWith("socket:") || target.startsWith("pipe:")
                            || target.contains("eventpoll") || target.contains("eventfd");
                } catch (IOException e) {
                    return false; // the directory stream's own descriptor, already closed
                }
            }).count();
        }
    }
}
