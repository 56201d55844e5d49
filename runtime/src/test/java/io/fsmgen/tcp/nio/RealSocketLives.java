package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The six lives on real loopback sockets, each played once through a runtime that follows the kernel's tracepoint,
 * with the kernel's own events recorded beside it. {@link Life#play} returns both paths: the machine's, and the
 * kernel's mapped through {@link LinuxRfcMapping}. Nothing sleeps or polls: every wait is on a callback or on the
 * source's {@code sync()} barrier, bounded by {@link #BOUND}.
 */
final class RealSocketLives {

    static final Duration BOUND = Duration.ofSeconds(20);
    /** How many simultaneous-close lives to play at most until the FINs cross. */
    static final int MAX_TRIES = Integer.getInteger("lives.maxTries", 100);

    private RealSocketLives() {}

    /** One side's two paths. */
    record Paths(List<TcpState> machine, List<TcpState> kernel) {
        boolean agree() {
            return machine.equals(kernel);
        }
    }

    /**
     * A played life: client and server paths (server empty when nobody listened), the tries it took, and whether the
     * race the life looks for happened (the FINs crossed; the abort came in FIN_WAIT_2, the kernel past it).
     */
    record Played(Paths client, Paths server, int tries, boolean raced) {
        boolean agree() {
            return client.agree() && server.agree();
        }
    }

    enum Life {
        CLIENT_CLOSES_FIRST, SERVER_CLOSES_FIRST, SIMULTANEOUS_CLOSE, REFUSED, RESET, HALF_CLOSE,
        /**
         * The server writes and closes; the client aborts once it has read the server's FIN, and the RST often
         * reaches the server while its close still waits for the kernel's word: the server's path is still the
         * kernel's (FIN_WAIT_1, often FIN_WAIT_2, then the RST).
         */
        ABORT_AFTER_PEER_CLOSE,
        /**
         * The server writes more than one read takes and closes; the client aborts on its first read, once the kernel
         * has its socket in CLOSE_WAIT: the peer's FIN sits unread, behind unread data. The kernel aborts from
         * CLOSE_WAIT, and so must the machine.
         */
        ABORT_WITH_PEER_FIN_UNREAD,
        /**
         * The client closes and, once the server has acknowledged its FIN (FIN_WAIT_2), aborts; the server reads the
         * FIN and waits. The kernel's {@code FIN_WAIT2 -> CLOSE} is then the abort (a RST follows), not TIME_WAIT.
         */
        ABORT_IN_FIN_WAIT_2,
        /**
         * The client closes; a plain server, once it has read the client's FIN and the client's machine is in
         * FIN_WAIT_2, writes, and sends its own FIN only once the client's loop is inside {@code data()}: the client aborts there, once the kernel has taken its
         * socket past that FIN (the TIME_WAIT minisocket took over), so the FIN is unread and the kernel's change
         * waits behind the handler. The kernel's path ends in TIME_WAIT, and so must the machine's. (A plain server,
         * since a runtime one could share the client's loop, blocked meanwhile.)
         */
        ABORT_IN_FIN_WAIT_2_WITH_PEER_FIN_UNREAD;

        Played play(NioTcpRuntime rt, KernelTransitionSource kernel, InetAddress host) throws Exception {
            for (int tries = 1; ; tries++) {
                Played p = new Run(this, rt, kernel, host).play(tries);
                // Every try is checked, not only the last: a try whose FINs did not cross is where a close races
                // with the peer's FIN arriving unread (the kernel's CLOSE_WAIT -> LAST_ACK under a machine in
                // ESTABLISHED), so a disagreement there ends the play with that try.
                if (this != SIMULTANEOUS_CLOSE || p.raced || tries == MAX_TRIES || !p.agree()) {
                    return p;
                }
            }
        }
    }

    /** Records the machine's transitions per connection; completes when the connection's machine is CLOSED. */
    static final class Machines implements ConnectionListener {
        final Map<NioTcpEndpoint, List<TcpState>> paths = new HashMap<>();
        final Map<NioTcpEndpoint, CompletableFuture<Void>> closed = new HashMap<>();

        @Override
        public synchronized void transitioned(NioTcpEndpoint e, TcpState from, TcpEvent event, TcpState to) {
            if (e instanceof NioTcpListener) {
                return;
            }
            paths.computeIfAbsent(e, k -> new ArrayList<>(List.of(from))).add(to);
            if (to == TcpState.CLOSED) {
                closedOf(e).complete(null);
            }
            notifyAll();
        }

        /** Waits until {@code e}'s machine has passed {@code state}, up to {@link #BOUND}. */
        synchronized void awaitPassed(NioTcpEndpoint e, TcpState state) throws InterruptedException {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!paths.getOrDefault(e, List.of()).contains(state)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(e + " did not reach " + state + " within " + BOUND + ": " + path(e));
                }
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }

        synchronized CompletableFuture<Void> closedOf(NioTcpEndpoint e) {
            return closed.computeIfAbsent(e, k -> new CompletableFuture<>());
        }

        synchronized List<TcpState> path(NioTcpEndpoint e) {
            return e == null ? List.of() : List.copyOf(paths.getOrDefault(e, List.of()));
        }
    }

    private static final class Run {
        final Life life;
        final NioTcpRuntime rt;
        final KernelTransitionSource kernel;
        final InetAddress host;
        final Machines machines = new Machines();
        final List<KernelTcpEvent> events = new ArrayList<>();
        /** The client's state when its handler aborted (set on its loop before the abort). */
        volatile TcpState stateAtAbort;
        /** Counted down when the client's loop is inside its handler's {@code data()}. */
        final CountDownLatch inData = new CountDownLatch(1);

        Run(Life life, NioTcpRuntime rt, KernelTransitionSource kernel, InetAddress host) {
            this.life = life;
            this.rt = rt;
            this.kernel = kernel;
            this.host = host;
        }

        Played play(int tries) throws Exception {
            InetSocketAddress any = new InetSocketAddress(host, 0);
            CompletableFuture<NioTcpConnection> server = new CompletableFuture<>();
            CompletableFuture<NioTcpConnection> client = new CompletableFuture<>();
            rt.addListener(machines);
            NioTcpListener listener = null;
            SocketChannel refusing = null;
            ServerSocketChannel plainServer = null;
            InetSocketAddress target;
            if (life == Life.REFUSED) {
                refusing = SocketChannel.open();
                refusing.bind(any); // bound, never listening: a SYN gets a RST, and nobody else takes the port
                target = (InetSocketAddress) refusing.getLocalAddress();
            } else if (life == Life.ABORT_IN_FIN_WAIT_2_WITH_PEER_FIN_UNREAD) {
                plainServer = ServerSocketChannel.open();
                plainServer.bind(any);
                target = (InetSocketAddress) plainServer.getLocalAddress();
            } else {
                listener = rt.listen(any, serverHandler(server, client));
                target = listener.localAddress();
            }
            try (KernelTransitionSource.Subscription sub = kernel.subscribe(List.of(target.getPort()),
                    e -> {
                        synchronized (events) {
                            events.add(e);
                            events.notifyAll();
                        }
                    })) {
                NioTcpConnection c = rt.connect(target, clientHandler(client));
                client.complete(c);
                if (life == Life.ABORT_IN_FIN_WAIT_2) {
                    machines.awaitPassed(c, TcpState.FIN_WAIT_2);
                    c.abort();
                }
                if (plainServer != null) {
                    finishAfterTheClientsRead(plainServer, c);
                }
                NioTcpConnection s = null;
                try {
                    machines.closedOf(c).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    s = life == Life.REFUSED || plainServer != null ? null
                            : server.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    if (s != null) {
                        machines.closedOf(s).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    kernel.sync(BOUND);
                    synchronized (events) {
                        throw new AssertionError(life + " over " + host + ": not CLOSED within " + BOUND
                                + "; client " + machines.path(c) + " " + c.channelState() + ", server "
                                + machines.path(server.getNow(null)) + "; kernel: " + events, e);
                    }
                }
                if (!kernel.sync(BOUND)) {
                    throw new AssertionError("the kernel's events did not arrive within " + BOUND);
                }
                List<KernelTcpEvent> seen;
                synchronized (events) {
                    seen = List.copyOf(events);
                }
                Paths cp = new Paths(machineUntilTimer(machines.path(c)), kernelPath(seen, c, target));
                Paths sp = s == null ? new Paths(List.of(), List.of())
                        : new Paths(machineUntilTimer(machines.path(s)), kernelPath(seen, s, target));
                boolean raced = life == Life.SIMULTANEOUS_CLOSE
                        ? cp.kernel().contains(TcpState.CLOSING) && sp.kernel().contains(TcpState.CLOSING)
                        : stateAtAbort == TcpState.FIN_WAIT_2;
                return new Played(cp, sp, tries, raced);
            } finally {
                rt.removeListener(machines);
                if (listener != null) {
                    listener.close();
                }
                if (refusing != null) {
                    refusing.close();
                }
                if (plainServer != null) {
                    plainServer.close();
                }
            }
        }

        /**
         * The plain server's part: reads the client's data and FIN, writes, and sends its FIN once the client's loop
         * is inside {@code data()} (which aborts), then waits for the client's end.
         */
        private void finishAfterTheClientsRead(ServerSocketChannel plainServer, NioTcpConnection c) throws Exception {
            try (SocketChannel peer = plainServer.accept()) {
                ByteBuffer sink = ByteBuffer.allocate(256);
                while (peer.read(sink) >= 0) {
                    sink.clear(); // the client's hello, then its FIN
                }
                machines.awaitPassed(c, TcpState.FIN_WAIT_2); // its machine too, so it aborts from there
                peer.write(ByteBuffer.wrap(text("bye")));
                if (!inData.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("the client did not read within " + BOUND);
                }
                peer.shutdownOutput(); // reaches the client's kernel, not its machine: its loop is in data()
                try {
                    machines.closedOf(c).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("the client did not end within " + BOUND, e);
                }
            }
        }

        /** Waits until the kernel has reported {@code c}'s socket going into {@code state}, up to {@link #BOUND}. */
        private void awaitKernel(NioTcpConnection c, KernelTcpState state) {
            long deadline = System.nanoTime() + BOUND.toNanos();
            synchronized (events) {
                while (events.stream().noneMatch(e -> e instanceof KernelTcpEvent.StateChange s
                        && s.newState() == state && s.local().equals(c.localAddress())
                        && s.remote().equals(c.remoteAddress()))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(c + ": the kernel did not report " + state + " within " + BOUND
                                + ": " + events);
                    }
                    try {
                        events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted waiting for the kernel's " + state, e);
                    }
                }
            }
        }

        /** TIME_WAIT's end is the machine's own timer (no tracepoint reports it): the compared path ends at it. */
        private static List<TcpState> machineUntilTimer(List<TcpState> path) {
            int n = path.size();
            if (n >= 2 && path.get(n - 2) == TcpState.TIME_WAIT && path.get(n - 1) == TcpState.CLOSED) {
                return path.subList(0, n - 1);
            }
            return path;
        }

        /**
         * The kernel's path of {@code e}'s socket: the socket found by its 4-tuple (a client's by its connect to
         * {@code server}, whose first event has local port 0), then all of that socket's events.
         */
        private static List<TcpState> kernelPath(List<KernelTcpEvent> seen, NioTcpEndpoint e,
                InetSocketAddress server) {
            boolean client = e.info().kind() == ConnectionInfo.Kind.ACTIVE;
            long socket = 0;
            for (KernelTcpEvent k : seen) {
                if (k instanceof KernelTcpEvent.StateChange s && (client
                        ? s.oldState() == KernelTcpState.CLOSE && s.newState() == KernelTcpState.SYN_SENT
                                && s.remote().equals(server)
                        : s.local().equals(e.localAddress()) && s.remote().equals(e.remoteAddress()))) {
                    socket = s.socket();
                    break;
                }
            }
            List<KernelTcpEvent> mine = new ArrayList<>();
            for (KernelTcpEvent k : seen) {
                if (k instanceof KernelTcpEvent.SocketEvent s && s.socket() == socket && socket != 0
                        && !(k instanceof KernelTcpEvent.SocketDestroyed)) {
                    mine.add(k);
                }
            }
            return LinuxRfcMapping.path(mine);
        }

        private NioTcpHandler serverHandler(CompletableFuture<NioTcpConnection> server,
                CompletableFuture<NioTcpConnection> client) {
            return new NioTcpHandler() {
                @Override
                public void opened(NioTcpConnection s) {
                    server.complete(s);
                }

                @Override
                public void data(NioTcpConnection s, ByteBuffer data) {
                    switch (life) {
                        case CLIENT_CLOSES_FIRST -> s.write(data);
                        case SERVER_CLOSES_FIRST, ABORT_AFTER_PEER_CLOSE -> {
                            s.write(ByteBuffer.wrap(text("bye")));
                            s.close();
                        }
                        case ABORT_WITH_PEER_FIN_UNREAD -> {
                            // More than the client's one read takes (its loop reads at most 64 KiB at a time), less
                            // than its socket holds unread: the FIN arrives behind bytes the client has not read.
                            s.write(ByteBuffer.wrap(text("bye")));
                            s.write(ByteBuffer.allocate(64 * 1024));
                            s.close();
                        }
                        case RESET -> s.abort();
                        case SIMULTANEOUS_CLOSE -> closeBothAtOnce(client.join(), s);
                        default -> {
                        }
                    }
                }

                @Override
                public void peerFinished(NioTcpConnection s) {
                    if (life == Life.HALF_CLOSE) {
                        s.write(ByteBuffer.wrap(text("answer")));
                    }
                    if (life == Life.HALF_CLOSE || life == Life.CLIENT_CLOSES_FIRST) {
                        s.close();
                    }
                }
            };
        }

        private NioTcpHandler clientHandler(CompletableFuture<NioTcpConnection> client) {
            return new NioTcpHandler() {
                @Override
                public void opened(NioTcpConnection c) {
                    c.write(ByteBuffer.wrap(text("hello")));
                    if (life == Life.HALF_CLOSE || life == Life.ABORT_IN_FIN_WAIT_2
                            || life == Life.ABORT_IN_FIN_WAIT_2_WITH_PEER_FIN_UNREAD) {
                        c.close();
                    }
                }

                @Override
                public void data(NioTcpConnection c, ByteBuffer data) {
                    if (life == Life.CLIENT_CLOSES_FIRST) {
                        c.close();
                    } else if (life == Life.ABORT_WITH_PEER_FIN_UNREAD && c.state() == TcpState.ESTABLISHED) {
                        // This loop reads no more until the handler returns: the FIN stays unread.
                        awaitKernel(c, KernelTcpState.CLOSE_WAIT);
                        c.abort();
                    } else if (life == Life.ABORT_IN_FIN_WAIT_2_WITH_PEER_FIN_UNREAD) {
                        inData.countDown(); // the server's FIN now comes in while this loop reads nothing
                        awaitKernel(c, KernelTcpState.CLOSE); // FIN_WAIT2 -> CLOSE: the minisocket took over
                        stateAtAbort = c.state();
                        c.abort();
                    }
                }

                @Override
                public void peerFinished(NioTcpConnection c) {
                    if (life == Life.SERVER_CLOSES_FIRST) {
                        c.close();
                    } else if (life == Life.ABORT_AFTER_PEER_CLOSE) {
                        c.abort();
                    }
                }
            };
        }

        /** Two threads released by one barrier, each closing one end: the FINs may cross. */
        private static void closeBothAtOnce(NioTcpConnection a, NioTcpConnection b) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            for (NioTcpConnection end : List.of(a, b)) {
                Thread t = new Thread(() -> {
                    try {
                        barrier.await();
                    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    end.close();
                }, "closer");
                t.setDaemon(true);
                t.start();
            }
        }

        private static byte[] text(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
