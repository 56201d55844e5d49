package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.TcpExtCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whole lives over handshakes that syncookies complete, under {@code net.ipv4.tcp_syncookies = 2} (set in this
 * namespace only: a cookie for every SYN), run in a {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} by
 * {@link AcceptOverflowKernelTest}. Argument: the runtime's transition source.
 *
 * <p>With cookies always, the listener answers each SYN from the cookie alone and keeps no request socket
 * ({@code tcp_conn_request()}); the final ACK finds no socket of its own, {@code cookie_v4_check()} validates it and
 * makes the request socket and the child only then, which the kernel reports as the usual {@code LISTEN -> SYN_RECV
 * -> ESTABLISHED}. Each of {@value #LIVES} connections is opened, carries data both ways, and is closed, the client
 * first and the server first in turn. Prints, per life, both sides' machine and kernel paths
 * ({@code fact lifeN.side.machine|kernel [..]}); then how often the server's application heard each connection
 * opened, the listener's count, and the namespace's syncookie counters; then {@code done}.
 */
final class SyncookieChild {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final int LIVES = 4;

    private SyncookieChild() {}

    public static void main(String[] args) throws Exception {
        TransitionSource source = TransitionSource.valueOf(args[0]);
        Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_syncookies"), "2");
        TcpExtCounters before = TcpExtCounters.read();
        Map<Integer, Integer> serverOpened = new ConcurrentHashMap<>();
        KernelEvents events = new KernelEvents();
        RealSocketLives.Machines machines = new RealSocketLives.Machines();
        try (KernelTransitionSource kernel = KernelTransitionSource.open();
                NioTcpRuntime rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(source)
                        .withMsl(Duration.ofMillis(50)).withThreads(2))) {
            rt.addListener(machines);
            for (int life = 0; life < LIVES; life++) {
                boolean serverFirst = life % 2 == 1;
                CompletableFuture<NioTcpConnection> server = new CompletableFuture<>();
                NioTcpListener listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        serverHandler(serverFirst, server, serverOpened));
                InetSocketAddress target = listener.localAddress();
                try (KernelTransitionSource.Subscription sub = kernel.subscribe(List.of(target.getPort()), events)) {
                    NioTcpConnection c = rt.connect(target, clientHandler(serverFirst));
                    NioTcpConnection s = server.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    machines.closedOf(c).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    machines.closedOf(s).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    if (!kernel.sync(BOUND)) {
                        throw new AssertionError("the kernel's events did not arrive within " + BOUND);
                    }
                    fact("life" + life + ".client.machine", untilTimer(machines.path(c)));
                    fact("life" + life + ".client.kernel", events.path(c.localAddress(), target));
                    fact("life" + life + ".server.machine", untilTimer(machines.path(s)));
                    fact("life" + life + ".server.kernel", events.path(target, c.localAddress()));
                    fact("life" + life + ".serverOpened", serverOpened.getOrDefault(c.localAddress().getPort(), 0));
                    fact("life" + life + ".accepted", listener.acceptedCount());
                } finally {
                    listener.close();
                }
            }
        }
        TcpExtCounters after = TcpExtCounters.read();
        fact("syncookiesSent", after.since(before, "SyncookiesSent"));
        fact("syncookiesRecv", after.since(before, "SyncookiesRecv"));
        fact("syncookiesFailed", after.since(before, "SyncookiesFailed"));
        System.out.println("done");
    }

    private static NioTcpHandler serverHandler(boolean serverFirst, CompletableFuture<NioTcpConnection> server,
            Map<Integer, Integer> serverOpened) {
        return new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection s) {
                serverOpened.merge(s.remoteAddress().getPort(), 1, Integer::sum);
                server.complete(s);
            }

            @Override
            public void data(NioTcpConnection s, ByteBuffer data) {
                s.write(data); // the echo
                if (serverFirst) {
                    s.close();
                }
            }

            @Override
            public void peerFinished(NioTcpConnection s) {
                if (!serverFirst) {
                    s.close();
                }
            }
        };
    }

    private static NioTcpHandler clientHandler(boolean serverFirst) {
        return new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                c.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public void data(NioTcpConnection c, ByteBuffer data) {
                if (!serverFirst) {
                    c.close();
                }
            }

            @Override
            public void peerFinished(NioTcpConnection c) {
                if (serverFirst) {
                    c.close();
                }
            }
        };
    }

    /** TIME_WAIT's end is the machine's own timer (no tracepoint reports it): the compared path ends at it. */
    private static List<TcpState> untilTimer(List<TcpState> path) {
        int n = path.size();
        if (n >= 2 && path.get(n - 2) == TcpState.TIME_WAIT && path.get(n - 1) == TcpState.CLOSED) {
            return path.subList(0, n - 1);
        }
        return path;
    }

    private static void fact(String name, Object value) {
        System.out.println("fact " + name + " " + value);
    }
}
