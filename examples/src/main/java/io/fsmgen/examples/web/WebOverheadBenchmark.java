package io.fsmgen.examples.web;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.nio.ConnectionInfo;
import io.fsmgen.tcp.nio.ConnectionListener;
import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpHandler;
import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.web.WebOptions;
import io.fsmgen.web.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What the live page costs the runtime: whole echo lives per second on loopback (connect, one message, the client
 * closes first, both ends CLOSED), in rounds that interleave the phases so that the machine's other load falls on all
 * of them alike: the runtime alone; attached to a server with no page open; one page reading everything (a thread
 * drains it, so that a browser's rendering does not compete for the cores); that page plus a page that never reads;
 * and after both pages closed. Prints the median of each phase, its ratio to the runtime alone, and the heap after a
 * full GC.
 *
 * <pre>java -cp examples/target/fsmgen-examples.jar io.fsmgen.examples.web.WebOverheadBenchmark [lives] [rounds]</pre>
 *
 * A benchmark, not a test: never part of {@code mvn verify}. Figures in BENCHMARKS.md.
 */
public final class WebOverheadBenchmark {

    private static final int CONCURRENCY = 32;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** The phases, in the order each round runs them. */
    enum Phase {
        ALONE("runtime alone"),
        ATTACHED("attached, no page"),
        READING("a page reading"),
        SLOW("+ a slow page"),
        CLOSED("pages closed");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private WebOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int lives = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<Phase, List<Double>> rates = new EnumMap<>(Phase.class);
        Map<Phase, Long> heap = new EnumMap<>(Phase.class);
        System.out.printf("%d rounds of %d lives per phase, %d at once; load average before: %s%n", rounds, lives,
                CONCURRENCY, load());
        for (int round = 0; round < rounds; round++) {
            for (Phase phase : Phase.values()) {
                double rate = run(phase, lives, heap);
                rates.computeIfAbsent(phase, p -> new ArrayList<>()).add(rate);
            }
        }
        double alone = median(rates.get(Phase.ALONE));
        System.out.printf("%-20s %12s %8s %16s%n", "phase", "lives/s", "ratio", "heap after GC");
        for (Phase phase : Phase.values()) {
            double median = median(rates.get(phase));
            System.out.printf("%-20s %12.0f %8.2f %13.1f MiB   rounds: %s%n", phase.label, median, median / alone,
                    heap.get(phase) / (1024.0 * 1024.0), rates.get(phase).stream()
                            .map(r -> String.format("%.0f", r)).toList());
        }
        System.out.println("load average after: " + load());
    }

    /** One phase on a fresh runtime (and server): the lives per second. */
    private static double run(Phase phase, int lives, Map<Phase, Long> heap) throws Exception {
        NioTcpOptions options = NioTcpOptions.defaults().withMsl(Duration.ofMillis(5));
        try (NioTcpRuntime runtime = NioTcpRuntime.open(options)) {
            NioTcpListener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0), new Echo());
            Lives runner = new Lives(runtime, listener.localAddress());
            WebServer web = phase == Phase.ALONE ? null : WebServer.start(WebOptions.defaults());
            List<Socket> pages = new ArrayList<>();
            try {
                if (web != null) {
                    web.attach(runtime);
                }
                if (phase == Phase.READING || phase == Phase.SLOW || phase == Phase.CLOSED) {
                    pages.add(drained(page(web)));
                }
                if (phase == Phase.SLOW || phase == Phase.CLOSED) {
                    pages.add(page(web));
                }
                if (web != null && !web.awaitPages(pages.size(), TIMEOUT)) {
                    throw new IllegalStateException("the pages did not open");
                }
                if (phase == Phase.CLOSED) {
                    for (Socket page : pages) {
                        page.close();
                    }
                    runner.run(CONCURRENCY * 4); // traffic, so that the server finds them gone
                    if (!web.awaitPages(0, TIMEOUT)) {
                        throw new IllegalStateException("the closed pages' streams did not end");
                    }
                }
                runner.run(lives / 5); // warm-up
                long start = System.nanoTime();
                runner.run(lives);
                double rate = lives * 1e9 / (System.nanoTime() - start);
                System.gc();
                heap.merge(phase, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                return rate;
            } finally {
                for (Socket page : pages) {
                    page.close();
                }
                if (web != null) {
                    web.close();
                }
            }
        }
    }

    private static Socket page(WebServer web) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", web.uri().getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/views/tcp/events HTTP/1.1\r\nHost: 127.0.0.1:" + web.uri().getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static Socket drained(Socket socket) {
        Thread reader = new Thread(() -> {
            try {
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException closed) {
                // the phase is over
            }
        }, "reading-page");
        reader.setDaemon(true);
        reader.start();
        return socket;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Lives at a bounded concurrency, each one's end heard from the runtime. */
    private static final class Lives implements ConnectionListener {
        private final NioTcpRuntime runtime;
        private final InetSocketAddress server;
        private final Semaphore inFlight = new Semaphore(CONCURRENCY);

        Lives(NioTcpRuntime runtime, InetSocketAddress server) {
            this.runtime = runtime;
            this.server = server;
            runtime.addListener(this);
        }

        void run(int lives) throws IOException, InterruptedException {
            for (int i = 0; i < lives; i++) {
                if (!inFlight.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("lives stopped finishing");
                }
                runtime.connect(server, new Ping());
            }
            if (!inFlight.tryAcquire(CONCURRENCY, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the last lives did not finish");
            }
            inFlight.release(CONCURRENCY);
        }

        @Override
        public void transitioned(io.fsmgen.tcp.nio.NioTcpEndpoint endpoint, TcpState from,
                io.fsmgen.tcp.TcpEvent event, TcpState to) {
            if (to == TcpState.CLOSED && from != TcpState.CLOSED && endpoint instanceof NioTcpConnection c
                    && c.info().kind() == ConnectionInfo.Kind.ACTIVE) {
                inFlight.release();
            }
        }
    }

    private static final class Echo implements NioTcpHandler {
        @Override
        public void data(NioTcpConnection connection, ByteBuffer data) {
            connection.write(data);
        }

        @Override
        public void peerFinished(NioTcpConnection connection) {
            connection.close();
        }
    }

    private static final class Ping implements NioTcpHandler {
        @Override
        public void opened(NioTcpConnection connection) {
            connection.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void data(NioTcpConnection connection, ByteBuffer data) {
            connection.close();
        }
    }
}
