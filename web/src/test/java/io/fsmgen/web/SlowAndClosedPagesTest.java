package io.fsmgen.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.web.stream.SseClient;
import io.fsmgen.web.stream.SseClientMachine;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page that stops reading, and a page that was closed, must leave the runtime as if nobody were looking: its
 * throughput (whole echo lives on loopback) and its heap after a full GC. The slow page is a socket that asks for the
 * event stream and never reads a byte; the closed pages are a real Chromium tab that navigates away, and a socket
 * reset in the middle of the stream.
 *
 * <p>A page that is open costs what recording and sending cost; a slow page must cost no more than that, and a
 * closed page no more than no page at all. Two things could make them cost more, and each is checked in a way that
 * the machine's other load cannot fake:
 * <ul>
 *   <li>blocking: a write to a page that never reads, done on the event loop or waited for by it, would stop the
 *       lives for good while the slow page is open; every phase's lives must finish (within a generous bound);
 *   <li>work: the runtime's throughput is set by what each life costs its own threads (the event loops and the
 *       kernel watcher), so phases are compared by those threads' CPU time per life. Other engineers' builds on the
 *       same two cores barely move it, whereas lives per wall-clock second moved by a factor of four between rounds
 *       of one phase here, and the whole process's CPU time by two (JIT and GC threads). What the page's own threads
 *       (publisher, writers) cost the cores is a matter of the wall clock: printed here, and measured properly by
 *       {@code WebOverheadBenchmark} (BENCHMARKS.md).
 * </ul>
 */
class SlowAndClosedPagesTest {

    private static final int LIVES = 800;
    private static final int ROUNDS = 2;
    private static final int CONCURRENCY = 48;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Small, so that the slow page falls behind within a few hundred lives. */
    private static final long PAGE_QUEUE = 16 * 1024;

    private static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start(1024, 768);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSlowPageAndAClosedPageLeaveThroughputAndMemoryUnchanged() throws Exception {
        NioTcpOptions runtimeOptions = NioTcpOptions.defaults().withMsl(Duration.ofMillis(5));
        // Every transition animated, so that the slow page's queue and the kernel's buffers fill within a second.
        WebOptions webOptions = WebOptions.defaults().withPageQueueBytes(PAGE_QUEUE)
                .withMaxEventsPerSecond(20_000).withHeartbeat(Duration.ofSeconds(1));
        try (NioTcpRuntime runtime = NioTcpRuntime.open(runtimeOptions);
                WebServer web = WebServer.start(webOptions)) {
            web.attach(runtime);
            NioTcpListener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0), EchoLives.echoServer());
            try (EchoLives lives = new EchoLives(runtime, listener.localAddress(), CONCURRENCY)) {
                lives.run(LIVES, TIMEOUT); // warm-up: JIT, class loading, the kernel's port ranges
                Measured nobody = null;
                Measured nobodyAfterClosed = null;
                Measured reading = null;
                Measured slow = null;
                Measured closed = null;
                for (int round = 0; round < ROUNDS; round++) {
                    Measured alone = measure(lives);
                    nobody = Measured.best(nobody, alone);
                    if (round > 0) {
                        nobodyAfterClosed = Measured.best(nobodyAfterClosed, alone);
                    }
                    // A page that reads everything: recording is on and batches are sent. A thread drains it, so
                    // that a browser's own rendering does not compete with the runtime for the two cores.
                    try (Drain reader = new Drain(page(web))) {
                        assertTrue(web.awaitPages(1, TIMEOUT), "the reading page's stream opened");
                        reading = Measured.best(reading, measure(lives));
                        // Beside it, a page that never reads: it falls behind, its batches are dropped.
                        try (Socket stalled = page(web)) {
                            assertTrue(web.awaitPages(2, TIMEOUT), "the slow page's stream opened");
                            SseClientMachine behind = web.pagesOf("tcp").stream()
                                    .filter(p -> p.sent() <= 1).findFirst().orElseThrow();
                            slow = Measured.best(slow, measure(lives));
                            while (behind.phase() != SseClient.Phase.BEHIND) {
                                lives.run(CONCURRENCY, TIMEOUT); // more traffic, until its queue overflows
                            }
                            assertTrue(behind.dropped() > 0, "batches for the slow page were dropped, not queued");
                            System.out.printf("the slow page: %d messages written, %d dropped, %d snapshots%n",
                                    behind.sent(), behind.dropped(), behind.snapshots());
                            assertTrue(behind.queuedBytes() <= PAGE_QUEUE + behind.largestMessage(),
                                    "the slow page's queue stayed within its limit and one snapshot: "
                                            + behind.queuedBytes() + " bytes");
                        }
                    }
                    if (round == 0) {
                        // A real tab that navigates away.
                        browser.driver.get(web.uri().toString());
                        browser.await("the page to receive its first message", d -> browser.script(
                                "return Number(document.body.dataset.messages || 0)") instanceof Long n && n > 0);
                        browser.driver.get("about:blank");
                    } else {
                        // A page reset in the middle of its stream.
                        try (Socket reset = page(web)) {
                            reset.setSoLinger(true, 0);
                        }
                    }
                    lives.run(CONCURRENCY, TIMEOUT); // traffic, so that the server writes and finds them gone
                    assertTrue(web.awaitPages(0, TIMEOUT), () -> "every closed page's stream ended: "
                            + web.pagesOf("tcp").stream().map(p -> p.phase() + " sent " + p.sent()).toList());
                    closed = Measured.best(closed, measure(lives));
                }
                // The kernel fills with TIME_WAIT sockets as the test goes on, which slows every life a little: closed
                // pages are compared with the phases without a page that came after some closed ones.
                nobodyAfterClosed = Measured.best(nobodyAfterClosed, measure(lives));

                System.out.printf("best of %d rounds of %d lives, %d at once:%n%s%n%s%n%s%n%s%n%s%n", ROUNDS, LIVES,
                        CONCURRENCY, nobody.describe("no page"), reading.describe("a page"),
                        slow.describe("+ slow page"), closed.describe("closed pages"),
                        nobodyAfterClosed.describe("no page, later"));
                assertTrue(slow.cpuPerLife() < 2 * reading.cpuPerLife(), "a slow page beside a reading one: "
                        + slow.describe("slow") + " against " + reading.describe("reading"));
                assertTrue(closed.cpuPerLife() < 2 * nobodyAfterClosed.cpuPerLife(), "closed pages: "
                        + closed.describe("closed") + " against " + nobodyAfterClosed.describe("no page"));
                long growth = closed.heapAfterGc() - nobodyAfterClosed.heapAfterGc();
                assertTrue(growth < 8 * 1024 * 1024, "closed pages left " + growth + " bytes more on the heap after GC"
                        + " than no page");
            }
        }
    }

    /** One phase: the runtime's CPU time per life, lives per wall-clock second, and the heap after a full GC. */
    private record Measured(double cpuPerLife, double livesPerSecond, long heapAfterGc) {
        /** The better of two rounds: the one least disturbed by the rest of the machine. */
        static Measured best(Measured a, Measured b) {
            return a == null || b.cpuPerLife() < a.cpuPerLife() ? b : a;
        }

        String describe(String phase) {
            return String.format("%-12s %6.0f µs runtime CPU/life, %6.0f lives/s, heap after GC %6.1f MiB", phase,
                    cpuPerLife / 1000, livesPerSecond, heapAfterGc / (1024.0 * 1024.0));
        }
    }

    private static Measured measure(EchoLives lives) throws IOException, InterruptedException {
        long cpu = runtimeCpuNanos();
        Duration took = lives.run(LIVES, TIMEOUT);
        double cpuPerLife = (runtimeCpuNanos() - cpu) / (double) LIVES;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Measured(cpuPerLife, LIVES * 1e9 / took.toNanos(), heap);
    }

    /** The CPU time of the runtime's own threads: its event loops and its kernel watcher. */
    private static long runtimeCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported(), "needs per-thread CPU time");
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("fsmgen-nio-") || thread.getName().equals("fsmgen-kernel-watcher")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
        }
        return total;
    }

    /** Reads everything a page is sent, on a thread of its own, until its socket closes. */
    private static final class Drain implements AutoCloseable {
        private final Socket socket;
        private final Thread thread;

        Drain(Socket socket) {
            this.socket = socket;
            thread = new Thread(() -> {
                try {
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException closed) {
                    // the test closed the socket
                }
            }, "reading-page");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            thread.join(TIMEOUT.toMillis());
        }
    }

    /** A socket that asks for the TCP view's event stream; it reads only if the test makes it. */
    private static Socket page(WebServer web) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", web.uri().getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/views/tcp/events HTTP/1.1\r\nHost: 127.0.0.1:" + web.uri().getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
