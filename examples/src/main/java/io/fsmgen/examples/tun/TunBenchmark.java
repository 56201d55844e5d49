package io.fsmgen.examples.tun;

import io.fsmgen.linux.NetworkNamespace;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.tun.EndpointLoop;
import io.fsmgen.tcp.tun.Impairment;
import io.fsmgen.tcp.tun.TunNamespace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The user-space endpoint against the Linux kernel, measured in one run, side by side (issue 12's performance
 * section). Not a test: run it by hand, as root.
 *
 * <ul>
 *   <li>Throughput, endpoint → kernel and kernel → endpoint, over a TUN device in a private namespace, against
 *       kernel → kernel between two namespaces joined by a veth pair with the same MTU (1500). The TUN runs twice:
 *       without offloads (one packet of at most 1500 bytes per system call each way) and with them (the kernel hands
 *       over TSO segments of up to 64 KiB; the veth pair has TSO and GRO on by default).</li>
 *   <li>The time to move 1 MiB under 5 % injected loss (the TUN link drops packets both ways, seeded), endpoint →
 *       kernel against kernel → endpoint on the same link: the kernel's time is the yardstick.</li>
 *   <li>CPU per MB on each side: the thread time of the endpoint's loop (which includes the kernel's handling of
 *       every packet the loop writes to the TUN device, done inside that write) and of the kernel application's
 *       threads, and the whole process's.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -B -DskipTests package
 * java --enable-native-access=ALL-UNNAMED -cp examples/target/fsmgen-examples.jar \
 *      io.fsmgen.examples.tun.TunBenchmark [--mib 128] [--rounds 5] [--lossy-rounds 7] [--verbose]
 * </pre>
 */
public final class TunBenchmark {

    private static final int MTU = 1500;
    private static final int KERNEL_PORT = 5001;
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final double LOSS = 0.05;
    private static final int LOSSY_BYTES = 1 << 20;

    private final int bytes;
    private final boolean verbose;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private int nextPort = 40_000;

    private TunBenchmark(int bytes, boolean verbose) {
        this.bytes = bytes;
        this.verbose = verbose;
    }

    public static void main(String[] args) throws Exception {
        int mib = 128;
        int rounds = 5;
        int lossyRounds = 7;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> mib = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--lossy-rounds" -> lossyRounds = Integer.parseInt(args[++i]);
                case "--verbose" -> verbose = true;
                default -> {
                    System.err.println("usage: TunBenchmark [--mib N] [--rounds N] [--lossy-rounds N] [--verbose]");
                    System.exit(2);
                }
            }
        }
        String unavailable = TunNamespace.unavailableReason().orElse(null);
        if (unavailable != null) {
            System.err.println("TunBenchmark: " + unavailable);
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "TUN benchmark: %d MiB per throughput run, %d rounds (+1 warm-up), %d lossy"
                + " rounds of 1 MiB at %.0f %% loss; MTU %d; %d CPUs; %s %s; load average %s%n", mib, rounds,
                lossyRounds, LOSS * 100, MTU, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), loadAverage());
        new TunBenchmark(mib << 20, verbose).run(rounds, lossyRounds);
        System.out.println("load average at the end: " + loadAverage());
    }

    private void run(int rounds, int lossyRounds) throws IOException {
        List<Result> kernelToKernel = new ArrayList<>();
        List<List<Result>> tunRuns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tunRuns.add(new ArrayList<>());
        }
        try (Veth veth = new Veth();
                TunNamespace plain = TunNamespace.create("bench", MTU, Impairment.NONE, Trace.disabled(), false);
                TunNamespace offloaded = TunNamespace.create("bench", MTU, Impairment.NONE, Trace.disabled(), true)) {
            List<TunNamespace> links = List.of(plain, offloaded);
            List<EndpointLoop> loops = List.of(new EndpointLoop(plain.link()), new EndpointLoop(offloaded.link()));
            for (int round = 0; round <= rounds; round++) {
                Result kk = veth.transfer(bytes);
                List<Result> tun = new ArrayList<>();
                for (int link = 0; link < 2; link++) {
                    tun.add(endpointSends(links.get(link), loops.get(link), bytes));
                    diagnose("endpoint -> kernel", links.get(link));
                    tun.add(kernelSends(links.get(link), loops.get(link), bytes));
                    diagnose("kernel -> endpoint", links.get(link));
                }
                if (round > 0) { // round 0 warms the JIT up
                    kernelToKernel.add(kk);
                    for (int i = 0; i < 4; i++) {
                        tunRuns.get(i).add(tun.get(i));
                    }
                }
            }
        }
        Result kk = median(kernelToKernel);
        System.out.println();
        System.out.println("Throughput (median of " + rounds + "; each run's MB/s in brackets)");
        System.out.println("  path                                MB/s  ratio  ms/run  CPU ms/MB sender  receiver"
                + "  process");
        print("kernel -> kernel (veth)", kk, kk, kernelToKernel);
        print("endpoint -> kernel (TUN)", median(tunRuns.get(0)), kk, tunRuns.get(0));
        print("kernel -> endpoint (TUN)", median(tunRuns.get(1)), kk, tunRuns.get(1));
        print("endpoint -> kernel (TUN, offloads)", median(tunRuns.get(2)), kk, tunRuns.get(2));
        print("kernel -> endpoint (TUN, offloads)", median(tunRuns.get(3)), kk, tunRuns.get(3));

        List<Long> endpointLossy = new ArrayList<>();
        List<Long> kernelLossy = new ArrayList<>();
        for (int round = 0; round < lossyRounds; round++) {
            Impairment impairment = Impairment.lossy(LOSS, 0, 1_000 + round);
            try (TunNamespace lossy = TunNamespace.create("bench-lossy", MTU, impairment)) {
                EndpointLoop loop = new EndpointLoop(lossy.link());
                endpointLossy.add(endpointSends(lossy, loop, LOSSY_BYTES).millis());
                kernelLossy.add(kernelSends(lossy, loop, LOSSY_BYTES).millis());
            }
        }
        long endpointMedian = medianOf(endpointLossy);
        long kernelMedian = medianOf(kernelLossy);
        System.out.println();
        System.out.printf(Locale.ROOT, "1 MiB under %.0f %% loss both ways (seeds 1000..%d; median, then each run)%n",
                LOSS * 100, 1_000 + lossyRounds - 1);
        System.out.printf(Locale.ROOT, "  endpoint -> kernel  %5d ms  %s%n", endpointMedian, endpointLossy);
        System.out.printf(Locale.ROOT, "  kernel -> endpoint  %5d ms  %s%n", kernelMedian, kernelLossy);
        System.out.printf(Locale.ROOT, "  endpoint / kernel   %.2fx (target: at most 2x)%n",
                (double) endpointMedian / kernelMedian);
    }

    /** With --verbose: the kernel's TCP counters and the device's drops inside the namespace, after a run. */
    private void diagnose(String run, TunNamespace tun) throws IOException {
        if (!verbose) {
            return;
        }
        System.out.println("after " + run + ": link " + tun.link().stats());
        System.out.print(tun.namespace().exec("nstat", "-a", "TcpRetransSegs", "TcpExtTCPLossProbes",
                "TcpExtTCPSackRecovery", "TcpExtTCPFastRetrans", "TcpExtTCPTimeouts", "TcpInSegs", "TcpOutSegs"));
        System.out.print(tun.namespace().ip("-s", "link", "show", "dev", tun.link().deviceName()));
    }

    private void print(String path, Result result, Result baseline, List<Result> all) {
        System.out.printf(Locale.ROOT, "  %-34s %5.0f  %5.2f  %6d  %16.2f  %8.2f  %7.2f  %s%n", path,
                result.megabytesPerSecond(), result.megabytesPerSecond() / baseline.megabytesPerSecond(),
                result.millis(), result.senderCpuMsPerMb(), result.receiverCpuMsPerMb(),
                result.processCpuMsPerMb(), all.stream().map(r -> String.format(Locale.ROOT, "%.0f",
                        r.megabytesPerSecond())).toList());
    }

    /** The endpoint connects and sends {@code count} bytes; a kernel thread reads them. */
    private Result endpointSends(TunNamespace tun, EndpointLoop loop, int count) throws IOException {
        int port = nextPort++;
        TcpEndpoint endpoint = loop.endpoint("bench", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                Trace.disabled());
        try (ServerSocketChannel listener = listen(tun.namespace(), TunNamespace.KERNEL.toInetAddress())) {
            TcpConnection connection = endpoint.connect(EndpointAddress.of(TunNamespace.KERNEL, KERNEL_PORT));
            CompletableFuture<SocketChannel> accepted = accept(listener, loop);
            loop.runUntil(() -> connection.state() == TcpState.ESTABLISHED && accepted.isDone(), LIMIT,
                    () -> "handshake " + connection);
            try (SocketChannel socket = accepted.join()) {
                Cpu cpu = new Cpu();
                BulkSocket.Reader sink = new BulkSocket.Reader(socket, count, loop::wakeup);
                byte[] chunk = new byte[1 << 16];
                long[] sent = {0};
                loop.runUntil(() -> {
                    while (sent[0] < count && connection.sendBufferFree() > 0) {
                        int n = (int) Math.min(Math.min(chunk.length, connection.sendBufferFree()), count - sent[0]);
                        sent[0] += connection.send(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
                    }
                    return sink.done.isDone();
                }, LIMIT, () -> "sending: " + connection + ", sent " + sent[0] + ", kernel got " + sink.received());
                Result result = cpu.loopSent(count, sink.done.join(), sink);
                socket.close(); // the kernel's FIN: the endpoint's close below ends in TIME-WAIT, not FIN-WAIT-2
                close(loop, connection);
                return result;
            }
        } finally {
            tun.link().detach(port);
        }
    }

    /** A kernel socket connects to the endpoint's listener and sends {@code count} bytes; the endpoint reads. */
    private Result kernelSends(TunNamespace tun, EndpointLoop loop, int count) throws IOException {
        int port = nextPort++;
        TcpEndpoint endpoint = loop.endpoint("bench", EndpointConfig.loopback(Duration.ofMillis(50)), port,
                Trace.disabled());
        var listener = endpoint.listen();
        try (SocketChannel socket = tun.namespace().call(SocketChannel::open)) {
            socket.configureBlocking(false); // the loop must run to answer the SYN
            socket.connect(new InetSocketAddress(TunNamespace.ENDPOINT.toInetAddress(), port));
            TcpConnection[] connection = {null};
            loop.runUntil(() -> (connection[0] = listener.accept().orElse(connection[0])) != null, LIMIT,
                    () -> "accept");
            if (!socket.finishConnect()) {
                throw new IOException("the kernel's socket is not connected once the endpoint accepted it");
            }
            socket.configureBlocking(true);
            Cpu cpu = new Cpu();
            long start = System.nanoTime();
            BulkSocket.Writer source = new BulkSocket.Writer(socket, count, loop::wakeup);
            long[] received = {0};
            loop.runUntil(() -> {
                while (connection[0].readableBytes() > 0) {
                    received[0] += connection[0].receive(1 << 20).length;
                }
                return received[0] >= count;
            }, LIMIT, () -> "receiving: " + connection[0] + ", got " + received[0]);
            long nanos = System.nanoTime() - start;
            Result result = cpu.loopReceived(count, nanos, source);
            listener.close();
            socket.close();
            loop.runUntil(() -> {
                while (connection[0].readableBytes() > 0) {
                    connection[0].receive(1 << 20);
                }
                if (connection[0].state() == TcpState.CLOSE_WAIT && connection[0].isEndOfStream()) {
                    connection[0].close();
                }
                return connection[0].state() == TcpState.CLOSED;
            }, LIMIT, () -> "closing " + connection[0]);
            return result;
        } finally {
            tun.link().detach(port);
        }
    }

    private static void close(EndpointLoop loop, TcpConnection connection) throws IOException {
        connection.close();
        loop.runUntil(() -> {
            while (connection.readableBytes() > 0) {
                connection.receive(1 << 20);
            }
            return connection.state() == TcpState.CLOSED || connection.state() == TcpState.TIME_WAIT;
        }, LIMIT, () -> "closing " + connection);
        loop.runUntil(() -> connection.state() == TcpState.CLOSED, LIMIT, () -> "TIME-WAIT " + connection);
    }

    private static ServerSocketChannel listen(NetworkNamespace namespace, InetAddress address) throws IOException {
        return namespace.call(() -> ServerSocketChannel.open().bind(new InetSocketAddress(address, KERNEL_PORT)));
    }

    private static CompletableFuture<SocketChannel> accept(ServerSocketChannel listener, EndpointLoop loop) {
        CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                accepted.complete(listener.accept());
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
            loop.wakeup();
        }, "accept");
        thread.setDaemon(true);
        thread.start();
        return accepted;
    }

    /** Kernel → kernel: two namespaces, a veth pair with the same MTU, one socket writing to the other. */
    private final class Veth implements AutoCloseable {
        final NetworkNamespace left = NetworkNamespace.create("bench-veth");
        final NetworkNamespace right = NetworkNamespace.create("bench-veth");
        final InetAddress rightAddress = InetAddress.getByName("198.18.3.2");

        Veth() throws IOException {
            left.addVethPair("fsmb-l", right, "fsmb-r");
            left.ip("address", "add", "198.18.3.1/24", "dev", "fsmb-l");
            right.ip("address", "add", "198.18.3.2/24", "dev", "fsmb-r");
            left.ip("link", "set", "fsmb-l", "mtu", Integer.toString(MTU), "up");
            right.ip("link", "set", "fsmb-r", "mtu", Integer.toString(MTU), "up");
        }

        Result transfer(int count) throws IOException {
            try (ServerSocketChannel listener = listen(right, rightAddress);
                    SocketChannel client = left.call(SocketChannel::open)) {
                client.connect(new InetSocketAddress(rightAddress, KERNEL_PORT));
                try (SocketChannel server = listener.accept()) {
                    Cpu cpu = new Cpu();
                    BulkSocket.Reader sink = new BulkSocket.Reader(server, count, () -> { });
                    BulkSocket.Writer source = new BulkSocket.Writer(client, count, () -> { });
                    return cpu.kernelOnly(count, sink.done.join(), source, sink);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try (NetworkNamespace l = left; NetworkNamespace r = right) {
                // both deleted, the veth pair with them
            }
        }
    }

    /**
     * CPU time from now on: the calling thread's (the endpoint's loop; for kernel → kernel only a waiting thread),
     * the kernel application's threads' (each measures its own), and the whole process's.
     */
    private final class Cpu {
        final long loopStart = threads.getCurrentThreadCpuTime();
        final long processStart = processCpuNanos();

        /** The endpoint's loop sent; {@code receiver} is the kernel's reader. */
        Result loopSent(long count, long nanos, BulkSocket receiver) {
            return result(count, nanos, threads.getCurrentThreadCpuTime() - loopStart, receiver.cpu.join());
        }

        /** The endpoint's loop received; {@code sender} is the kernel's writer. */
        Result loopReceived(long count, long nanos, BulkSocket sender) {
            return result(count, nanos, sender.cpu.join(), threads.getCurrentThreadCpuTime() - loopStart);
        }

        Result kernelOnly(long count, long nanos, BulkSocket sender, BulkSocket receiver) {
            return result(count, nanos, sender.cpu.join(), receiver.cpu.join());
        }

        private Result result(long count, long nanos, long senderCpu, long receiverCpu) {
            double megabytes = count / 1e6;
            return new Result(nanos, count, senderCpu / 1e6 / megabytes, receiverCpu / 1e6 / megabytes,
                    (processCpuNanos() - processStart) / 1e6 / megabytes);
        }
    }

    private record Result(long nanos, long bytes, double senderCpuMsPerMb, double receiverCpuMsPerMb,
            double processCpuMsPerMb) {
        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        long millis() {
            return nanos / 1_000_000;
        }
    }

    private static Result median(List<Result> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no rounds were measured: --rounds must be at least 1");
        }
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparingLong(Result::nanos));
        return sorted.get(sorted.size() / 2);
    }

    private static long medianOf(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
