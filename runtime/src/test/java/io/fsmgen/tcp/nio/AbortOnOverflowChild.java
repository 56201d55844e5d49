package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.FinGate;
import io.fsmgen.tcp.testing.TcpExtCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A full accept queue under {@code net.ipv4.tcp_abort_on_overflow = 1} (set in this namespace only), run in a
 * {@link io.fsmgen.tcp.testing.PrivateNetnsJvm} by {@link AcceptOverflowKernelTest}. Argument: the runtimes'
 * transition source.
 *
 * <p>The listener's backlog is 2: its accept queue is full once it holds three (the kernel's
 * {@code sk_acceptq_is_full} is {@code >}, not {@code >=}), and a SYN is dropped only when it is full. The server's
 * only loop is held in the first connection's {@code opened}, so nothing more is accepted; two clients fill the queue
 * to two, each waited for until the kernel reports the server's socket ESTABLISHED (it is queued then). Then
 * {@link FinGate} holds {@code lo} while two more clients connect, and the client runtime's loop is held, so that the
 * kernel, not the loop's timing, orders what follows: released, both SYNs find room and get a request socket, both
 * SYN-ACKs make their clients ESTABLISHED, the first final ACK takes the queue's last place and the second finds it
 * full: {@code tcp_check_req}'s {@code listen_overflow} answers it with a RST, and that client's kernel goes
 * ESTABLISHED -> CLOSE. Only then does the client loop run: its {@code finishConnect()} meets ECONNRESET. The server's
 * loop is then released, and one more client connects.
 *
 * <p>Prints {@code fact NAME VALUE} lines for the test, then {@code done}.
 */
final class AbortOnOverflowChild {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final int BACKLOG = 2;

    private AbortOnOverflowChild() {}

    public static void main(String[] args) throws Exception {
        TransitionSource source = TransitionSource.valueOf(args[0]);
        Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_abort_on_overflow"), "1");
        TcpExtCounters before = TcpExtCounters.read();
        CountDownLatch serverHeld = new CountDownLatch(1);
        CountDownLatch serverRelease = new CountDownLatch(1);
        Map<Integer, Integer> serverOpened = new ConcurrentHashMap<>();
        NioTcpHandler server = new NioTcpHandler() {
            @Override
            public void opened(NioTcpConnection c) {
                serverOpened.merge(c.remoteAddress().getPort(), 1, Integer::sum);
                Recorder.CHANGES.changed();
                if (serverHeld.getCount() > 0) {
                    serverHeld.countDown();
                    await(serverRelease, "the server's loop to be released"); // the application accepts nothing
                }
            }
        };
        Map<NioTcpEndpoint, List<String>> steps = new ConcurrentHashMap<>();
        NioTcpOptions options = NioTcpOptions.defaults().withTransitions(source).withThreads(1);
        KernelEvents events = new KernelEvents();
        CountDownLatch clientRelease = new CountDownLatch(1);
        try (KernelTransitionSource kernel = KernelTransitionSource.open();
                NioTcpRuntime rtServer = NioTcpRuntime.open(options);
                NioTcpRuntime rtClients = NioTcpRuntime.open(options)) {
            rtClients.addListener((e, from, event, to) -> steps.computeIfAbsent(e, k -> new CopyOnWriteArrayList<>())
                    .add(from + " --" + event + "--> " + to));
            NioTcpListener listener = rtServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    BACKLOG, server);
            InetSocketAddress target = listener.localAddress();
            List<NioTcpConnection> all = new ArrayList<>();
            try (KernelTransitionSource.Subscription sub = kernel.subscribe(List.of(target.getPort()), events)) {
                all.add(rtClients.connect(target, new Recorder("first")));
                await(serverHeld, "the first connection to hold the server's loop");
                for (int i = 0; i < BACKLOG; i++) {
                    Recorder queued = new Recorder("queued" + i);
                    NioTcpConnection c = rtClients.connect(target, queued);
                    all.add(c);
                    Recorder.get(queued.opened);
                    events.await("the queued connection's server socket ESTABLISHED", BOUND,
                            e -> KernelEvents.change(e, target, c.localAddress(), KernelTcpState.ESTABLISHED));
                }
                Recorder rx = new Recorder("x");
                Recorder ry = new Recorder("y");
                try (FinGate gate = FinGate.hold()) {
                    NioTcpConnection x = rtClients.connect(target, rx); // its SYN waits on lo
                    NioTcpConnection y = rtClients.connect(target, ry);
                    all.add(x);
                    all.add(y);
                    CountDownLatch clientHeld = new CountDownLatch(1);
                    x.loop.execute(() -> {
                        clientHeld.countDown();
                        await(clientRelease, "the client loop to be released");
                    });
                    await(clientHeld, "the client loop to be held");
                    gate.release();
                    // The clients' sockets by the kernel's own names: a connect that has not finished has no local
                    // port the JDK tells. First, the queued ones, then x and y, in the order of their connects.
                    int first = 1 + BACKLOG;
                    events.awaitThat("x's and y's connects", BOUND,
                            () -> events.connecting(target).size() == first + 2);
                    KernelTcpEvent.StateChange xSocket = events.connecting(target).get(first);
                    KernelTcpEvent.StateChange ySocket = events.connecting(target).get(first + 1);
                    events.awaitThat("one of x and y reset", BOUND,
                            () -> events.resetReceived(xSocket) || events.resetReceived(ySocket));
                    boolean xReset = events.resetReceived(xSocket);
                    NioTcpConnection resetOne = xReset ? x : y;
                    KernelTcpEvent.StateChange resetSocket = xReset ? xSocket : ySocket;
                    NioTcpConnection queuedOne = xReset ? y : x;
                    KernelTcpEvent.StateChange queuedSocket = xReset ? ySocket : xSocket;
                    InetSocketAddress resetLocal = events.local(resetSocket);
                    events.awaitThat("the reset socket CLOSE and the other's server socket ESTABLISHED", BOUND,
                            () -> endsClosed(events.path(resetSocket))
                                    && events.path(target, events.local(queuedSocket))
                                            .contains(io.fsmgen.tcp.TcpState.ESTABLISHED));
                    clientRelease.countDown(); // now the loop meets what the kernel did
                    fact("resetIsSecondSyn", resetOne == y);
                    fact("resetLocalKnown", resetOne.localAddress() != null);
                    Recorder resetRecorder = resetOne == x ? rx : ry;
                    Recorder queuedRecorder = resetOne == x ? ry : rx;
                    fact("resetClosed", Recorder.get(resetRecorder.closed));
                    fact("resetDetail", resetRecorder.closeDetail);
                    Recorder.get(queuedRecorder.opened);
                    Recorder.await(rtClients, "the reset connection gone from the registry",
                            () -> !rtClients.registry().endpoints().contains(resetOne));
                    fact("resetLog", resetRecorder.log);
                    fact("resetSteps", steps.get(resetOne));
                    fact("resetState", resetOne.state());
                    serverRelease.countDown();
                    Recorder.await("the queued ones accepted", () -> serverOpened.size() == 1 + BACKLOG + 1);
                    Recorder later = new Recorder("later");
                    NioTcpConnection z = rtClients.connect(target, later);
                    all.add(z);
                    Recorder.get(later.opened);
                    Recorder.await("the later client accepted", () -> serverOpened.containsKey(
                            z.localAddress().getPort()));
                    if (!kernel.sync(BOUND)) {
                        throw new AssertionError("the kernel's events did not arrive within " + BOUND);
                    }
                    fact("resetKernelPath", events.path(resetSocket));
                    fact("resetMachinePath", machinePath(steps.get(resetOne)));
                    fact("resetServerSocket", events.anySocket(target, resetLocal));
                    fact("resetServerOpened", serverOpened.getOrDefault(resetLocal.getPort(), 0));
                    Map<Integer, Integer> expected = new TreeMap<>();
                    for (NioTcpConnection c : all) {
                        if (c != resetOne) {
                            expected.put(c.localAddress().getPort(), 1);
                        }
                    }
                    fact("serverOpenedEachOnce", expected.equals(new TreeMap<>(serverOpened)) ? "true"
                            : expected + " != " + serverOpened);
                    fact("accepted", listener.acceptedCount());
                    fact("queuedKernelPath", events.path(queuedOne.localAddress(), target));
                    fact("queuedMachinePath", machinePath(steps.get(queuedOne)));
                    TcpExtCounters after = TcpExtCounters.read();
                    fact("embryonicRsts", after.since(before, "EmbryonicRsts"));
                    fact("listenOverflowed", after.since(before, "ListenOverflows") > 0);
                }
                for (NioTcpConnection c : all) {
                    if (c != null && c.state() != io.fsmgen.tcp.TcpState.CLOSED) {
                        c.abort();
                    }
                }
            } finally {
                clientRelease.countDown();
                serverRelease.countDown();
            }
        }
        System.out.println("done");
    }

    private static boolean endsClosed(List<io.fsmgen.tcp.TcpState> path) {
        return path.size() > 1 && path.get(path.size() - 1) == io.fsmgen.tcp.TcpState.CLOSED;
    }

    /** The states of a machine's steps ({@code FROM --EVENT--> TO}), from the first FROM on. */
    static List<String> machinePath(List<String> steps) {
        List<String> path = new ArrayList<>();
        for (String step : steps) {
            if (path.isEmpty()) {
                path.add(step.substring(0, step.indexOf(' ')));
            }
            path.add(step.substring(step.lastIndexOf(' ') + 1));
        }
        return path;
    }

    static void fact(String name, Object value) {
        System.out.println("fact " + name + " " + value);
    }

    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("timed out after " + BOUND + " waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
