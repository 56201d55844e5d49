package io.fsmgen.examples.nio;

import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpHandler;
import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.tcp.nio.TransitionSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Echo workload with many short connections, served by a bare NIO loop and by {@link NioTcpRuntime} with each kernel
 * source (the tracepoint, and polling the kernel's table) side by side in one run. Each connection: connect, send 64 bytes, read the echo, shutdownOutput (client FIN), read the server's FIN,
 * close; the server echoes and closes when the client has finished (so it goes CLOSE_WAIT → LAST_ACK → CLOSED, the
 * path on which the runtime consults the kernel's table). The load generator is the same bare NIO client for both.
 *
 * <p>Mode {@code rst}: the client resets each connection right after the echo instead (server: RCV_RST → CLOSED),
 * which leaves no TIME_WAIT behind and so keeps the kernel's port allocation out of the measurement.
 *
 * <p>Reports connections per second and p50/p99 connect-to-close latency (connect() to the client's close()), and
 * the CPU time of the server's own threads per connection (its event loops; the tracepoint source's readers and
 * merger; the kernel-table watcher; the bare loop's thread), split by role, measured until
 * the server has released every connection of the round.
 * Not a test: run it by hand.
 *
 * <pre>
 * mvn -q -B -DskipTests package
 * java -cp api/target/classes:runtime/target/classes:examples/target/classes \
 *      io.fsmgen.examples.nio.NioEchoBenchmark [connectionsPerRound=20000] [concurrency=32] [rounds=3] [fin|rst]
 * </pre>
 */
public final class NioEchoBenchmark {

    private static final int PAYLOAD = 64;

    /** "rst" mode: the client ends each connection with a RST right after the echo (no FIN, no TIME_WAIT anywhere). */
    static boolean abortive;

    private NioEchoBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        abortive = args.length > 3 && args[3].equals("rst");
        System.out.printf("NIO echo benchmark (%s): %d connections per round, %d in flight, %d rounds, %d CPUs, %s %s%n",
                abortive ? "client RST after the echo" : "client FIN first, server closes on EOF", n, concurrency, rounds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);

        // Each server's CPU is its own threads' only: those its open() started (the runtimes' loops, the tracepoint
        // source's readers and merger), plus the table watcher that the polling runtime starts later.
        java.util.Set<Long> tracedThreadIds = threadIds();
        try (BareEchoServer bare = new BareEchoServer(any);
                NioTcpRuntime traced = NioTcpRuntime.open(NioTcpOptions.defaults()
                        .withTransitions(TransitionSource.TRACEPOINT));
                NioTcpRuntime polled = NioTcpRuntime.open(NioTcpOptions.defaults()
                        .withTransitions(newThreads(tracedThreadIds, TransitionSource.POLLING)))) {
            NioTcpListener viaTracepoint = traced.listen(any, 4096, new EchoHandler());
            NioTcpListener viaPolling = polled.listen(any, 4096, new EchoHandler());
            String[] names = {"bare NIO loop", "fsmgen runtime (tracepoint)", "fsmgen runtime (polling)"};
            InetSocketAddress[] targets = {bare.address(), viaTracepoint.localAddress(), viaPolling.localAddress()};
            // After a round, wait until the server has let go of every connection (the runtime's registry holds only
            // its listener, i.e. every LAST_ACK was confirmed), so that no round pays for the previous one.
            NioTcpRuntime[] servers = {null, traced, polled};
            java.util.function.Predicate<Thread> bareThreads = t -> t.getName().equals("bare-echo");
            java.util.function.Predicate<Thread> tracedThreads = t -> tracedThreadIds.contains(t.getId());
            java.util.function.Predicate<Thread> polledThreads = t -> !tracedThreadIds.contains(t.getId())
                    && t.getName().startsWith("fsmgen-");
            java.util.List<java.util.function.Predicate<Thread>> owners = java.util.List.of(bareThreads,
                    tracedThreads, polledThreads);
            // Warm-up: JIT both paths.
            for (int i = 0; i < targets.length; i++) {
                run(targets[i], Math.min(n, 5000), concurrency, servers[i], owners.get(i));
            }
            double[][] rate = new double[targets.length][rounds];
            long[][] p50 = new long[targets.length][rounds];
            long[][] p99 = new long[targets.length][rounds];
            double[][] cpu = new double[targets.length][rounds];
            String only = args.length > 4 ? args[4] : "all";
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < targets.length; i++) {
                    if (!only.equals("all") && !names[i].contains(only)) {
                        continue;
                    }
                    Round res = run(targets[i], n, concurrency, servers[i], owners.get(i));
                    rate[i][r] = res.perSecond;
                    p50[i][r] = res.p50;
                    p99[i][r] = res.p99;
                    cpu[i][r] = res.serverCpuMicrosPerConnection;
                    System.out.printf("round %d  %-32s %9.0f conn/s  p50 %6.1f us  p99 %7.1f us  server CPU %5.1f us/conn"
                            + " (%s)%n", r + 1, names[i], res.perSecond, res.p50 / 1e3, res.p99 / 1e3,
                            res.serverCpuMicrosPerConnection, res.cpuByRole);
                }
            }
            System.out.println();
            System.out.printf("%-32s %10s %8s %10s %10s %16s%n", "median of rounds", "conn/s", "ratio", "p50 us",
                    "p99 us", "server CPU us/conn");
            double bareRate = median(rate[0]);
            for (int i = 0; i < targets.length; i++) {
                double m = median(rate[i]);
                System.out.printf("%-32s %10.0f %8.3f %10.1f %10.1f %16.1f%n", names[i], m, m / bareRate,
                        medianL(p50[i]) / 1e3, medianL(p99[i]) / 1e3, median(cpu[i]));
            }
            System.out.printf("kernel events applied (tracepoint): %d; kernel-table snapshots (polling): %d%n",
                    traced.kernelSnapshots(), polled.kernelSnapshots());
            viaTracepoint.close();
            viaPolling.close();
        }
    }

    private static java.util.Set<Long> threadIds() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> ids.add(t.getId()));
        return ids;
    }

    /**
     * Turns {@code ids}, the threads that ran before the servers were opened, into those started since (the bare
     * loop's and the tracepoint runtime's), just before the polling runtime opens; returns {@code then} unchanged.
     */
    private static TransitionSource newThreads(java.util.Set<Long> ids, TransitionSource then) {
        java.util.Set<Long> now = threadIds();
        now.removeAll(ids);
        ids.clear();
        ids.addAll(now);
        return then;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static long medianL(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** The runtime's echo server. */
    static final class EchoHandler implements NioTcpHandler {
        @Override
        public void data(NioTcpConnection c, ByteBuffer data) {
            c.write(data);
        }

        @Override
        public void peerFinished(NioTcpConnection c) {
            c.close();
        }

        @Override
        public String toString() {
            return "EchoHandler";
        }
    }

    record Round(double perSecond, long p50, long p99, double serverCpuMicrosPerConnection, String cpuByRole) {}

    /**
     * CPU time of the server-side threads by role: event loops, the tracepoint's per-CPU readers, its merger, the
     * table watcher, the bare loop. Printed per round to show where a server's time goes.
     */
    static java.util.Map<String, Long> serverCpuByRole(java.util.function.Predicate<Thread> owned) {
        java.lang.management.ThreadMXBean tmx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> byRole = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (owned.test(t)) {
                long c = tmx.getThreadCpuTime(t.getId());
                if (c > 0) {
                    byRole.merge(role(name), c, Long::sum);
                }
            }
        }
        return byRole;
    }

    private static String role(String thread) {
        if (thread.startsWith("fsmgen-ktrace-")) {
            return thread.matches(".*-cpu\\d+") ? "tracepoint readers" : "tracepoint merger";
        }
        if (thread.startsWith("fsmgen-nio-")) {
            return "event loops";
        }
        return thread.startsWith("fsmgen-kernel-watcher") ? "table watcher" : thread;
    }

    /** What each role spent between two {@link #serverCpuByRole} readings, in µs per connection. */
    static String cpuBreakdown(java.util.Map<String, Long> before, java.util.Map<String, Long> after, int n) {
        StringBuilder s = new StringBuilder();
        after.forEach((role, ns) -> {
            double us = (ns - before.getOrDefault(role, 0L)) / 1e3 / n;
            if (us >= 0.05) {
                s.append(s.length() == 0 ? "" : ", ").append(String.format("%s %.1f", role, us));
            }
        });
        return s.toString();
    }

    /** One round of the load generator: {@code n} connections, {@code concurrency} at a time, on this thread. */
    static Round run(InetSocketAddress target, int n, int concurrency, NioTcpRuntime server,
                     java.util.function.Predicate<Thread> owned) throws IOException {
        long[] latency = new long[n];
        java.util.Map<String, Long> cpuBefore = serverCpuByRole(owned);
        int started = 0;
        int done = 0;
        long t0 = System.nanoTime();
        try (Selector sel = Selector.open()) {
            while (done < n) {
                while (started < n && started - done < concurrency) {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.INET);
                    ch.configureBlocking(false);
                    Client c = new Client(started++, System.nanoTime());
                    if (ch.connect(target)) {
                        c.connected(ch);
                        ch.register(sel, SelectionKey.OP_READ, c);
                    } else {
                        ch.register(sel, SelectionKey.OP_CONNECT, c);
                    }
                }
                sel.select(100);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Client c = (Client) k.attachment();
                    SocketChannel ch = (SocketChannel) k.channel();
                    try {
                        if (k.isConnectable()) {
                            ch.finishConnect();
                            c.connected(ch);
                            k.interestOps(SelectionKey.OP_READ);
                        } else if (k.isReadable() && c.readable(ch)) {
                            ch.close();
                            latency[c.index] = System.nanoTime() - c.start;
                            done++;
                        }
                    } catch (IOException e) {
                        ch.close();
                        latency[c.index] = System.nanoTime() - c.start;
                        done++;
                        System.err.println("client error: " + e);
                    }
                }
            }
        }
        long elapsed = System.nanoTime() - t0;
        if (server != null) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (server.registry().size() > 1 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Arrays.sort(latency);
        java.util.Map<String, Long> cpuAfter = serverCpuByRole(owned);
        long cpuNanos = cpuAfter.values().stream().mapToLong(Long::longValue).sum()
                - cpuBefore.values().stream().mapToLong(Long::longValue).sum();
        return new Round(n * 1e9 / elapsed, latency[n / 2], latency[(int) (n * 0.99)], cpuNanos / 1e3 / n,
                cpuBreakdown(cpuBefore, cpuAfter, n));
    }

    static final class Client {
        final int index;
        final long start;
        final ByteBuffer buf = ByteBuffer.allocate(PAYLOAD);
        int echoed;

        Client(int index, long start) {
            this.index = index;
            this.start = start;
        }

        void connected(SocketChannel ch) throws IOException {
            ch.write(ByteBuffer.allocate(PAYLOAD));
        }

        /** True when the server's FIN arrived after the whole echo. */
        boolean readable(SocketChannel ch) throws IOException {
            buf.clear();
            int r = ch.read(buf);
            if (r > 0) {
                echoed += r;
                if (echoed == PAYLOAD) {
                    if (abortive) {
                        ch.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                        return true;
                    }
                    ch.shutdownOutput();
                }
                return false;
            }
            return r < 0;
        }
    }

    /** The baseline: a plain selector loop that echoes and closes on EOF. */
    static final class BareEchoServer implements AutoCloseable, Runnable {
        private final ServerSocketChannel server;
        private final Selector selector;
        private final Thread thread;
        private volatile boolean running = true;

        BareEchoServer(InetSocketAddress address) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(address, 4096);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            thread = new Thread(this, "bare-echo");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            try {
                while (running) {
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isAcceptable()) {
                            SocketChannel ch;
                            while ((ch = server.accept()) != null) {
                                ch.configureBlocking(false);
                                ch.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            SocketChannel ch = (SocketChannel) k.channel();
                            try {
                                buf.clear();
                                int r = ch.read(buf);
                                if (r < 0) {
                                    ch.close();
                                } else if (r > 0) {
                                    buf.flip();
                                    ch.write(buf); // 64 bytes always fit in the socket buffer
                                }
                            } catch (IOException e) {
                                ch.close();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.wakeup();
            thread.join(2000);
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
            server.close();
        }
    }
}
