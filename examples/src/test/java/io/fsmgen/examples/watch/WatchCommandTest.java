package io.fsmgen.examples.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelTraceAvailability;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} end to end on real loopback connections: its filters, owners (of this JVM and of a child process),
 * CLOSE_WAIT leaks, the summary's percentiles and eviction count, and the fallback without tracefs. Each test runs the
 * command on a thread, waits for its lines (bounded, generously) and stops it as Ctrl-C does; the command syncs with
 * the kernel before its summary, so everything recorded before the stop is in the output.
 */
class WatchCommandTest {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final Pattern TRANSITION = Pattern.compile("^ *[+-]\\d+\\.\\d+s ");

    /** Output lines as they come, to wait for. */
    static final class Lines extends OutputStream {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                notifyAll();
            } else {
                partial.write(b);
            }
        }

        synchronized List<String> all() {
            return List.copyOf(lines);
        }

        synchronized String await(Predicate<String> p) throws InterruptedException {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (true) {
                for (String l : lines) {
                    if (p.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such line within " + BOUND + "; output: " + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** {@code watch} running on a thread of its own. */
    static final class Running {
        final Lines out = new Lines();
        final WatchCommand command;
        final Thread thread;
        volatile int status = -1;

        Running(String... args) {
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            command = new WatchCommand(print, print);
            thread = new Thread(() -> status = command.run(List.of(args)), "watch-under-test");
            thread.start();
        }

        int stop() throws InterruptedException {
            command.stop();
            thread.join(BOUND.toMillis());
            assertTrue(!thread.isAlive(), "watch ended within " + BOUND);
            return status;
        }
    }

    static void assumeTraced() {
        KernelTraceAvailability a = KernelTransitionSource.availability();
        assumeTrue(a.isAvailable(), a::toString);
    }

    static ServerSocketChannel listen() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    static int port(ServerSocketChannel s) throws IOException {
        return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }

    static int remotePort(SocketChannel c) throws IOException {
        return ((InetSocketAddress) c.getRemoteAddress()).getPort();
    }

    /**
     * A child JVM holds a connection to the watched port and one to another port; this JVM holds one to the watched
     * port. All three go to CLOSE_WAIT on the holder's side. With {@code --port}, {@code --pid} (the child) and
     * {@code --state CLOSE_WAIT}, exactly one transition is printed, the child's, attributed to its pid and command,
     * and its CLOSE_WAIT is reported as a leak held by the child. The summary ends with time-in-state percentiles.
     */
    @Test
    void portPidAndStateFiltersLeaveTheChildsCloseWaitAndItsLeak() throws Exception {
        assumeTraced();
        try (ServerSocketChannel watched = listen(); ServerSocketChannel other = listen()) {
            int p = port(watched);
            int q = port(other);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                    SocketHolder.class.getName(), Integer.toString(p), Integer.toString(q))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int childToP = Integer.parseInt(childOut.readLine().split(" ")[1]);
                int childToQ = Integer.parseInt(childOut.readLine().split(" ")[1]);
                String childCommand = ProcessHandle.of(child.pid()).flatMap(h -> h.info().command())
                        .map(c -> Path.of(c).getFileName().toString()).orElse("java");
                try (SocketChannel fromChildToP = watched.accept(); SocketChannel fromChildToQ = other.accept();
                     SocketChannel own = SocketChannel.open(watched.getLocalAddress());
                     SocketChannel ownAccepted = watched.accept()) {
                    assertEquals(childToP, remotePort(fromChildToP));
                    int ownPort = ((InetSocketAddress) own.getLocalAddress()).getPort();
                    Running watch = new Running("--port", Integer.toString(p), "--pid", Long.toString(child.pid()),
                            "--state", "close-wait", "--leak-after", "0");
                    watch.out.await(l -> l.startsWith("watch: kernel tracepoints through"));
                    fromChildToP.close();
                    fromChildToQ.close();
                    own.close();
                    String childSide = "127.0.0.1:" + childToP + " > 127.0.0.1:" + p;
                    String line = watch.out.await(l -> l.contains(childSide) && l.contains("CLOSE_WAIT"));
                    assertTrue(line.contains("ESTABLISHED -> CLOSE_WAIT"), line);
                    assertTrue(line.endsWith(child.pid() + " " + childCommand), line);
                    String leak = watch.out.await(l -> l.contains("! CLOSE_WAIT for"));
                    assertTrue(leak.contains(childSide) && leak.contains("held by " + child.pid() + " " + childCommand),
                            leak);
                    assertEquals(0, watch.stop());
                    List<String> transitions = watch.out.all().stream().filter(l -> TRANSITION.matcher(l).find())
                            .toList();
                    assertEquals(List.of(line), transitions, "only the child's CLOSE_WAIT on the watched port");
                    assertTrue(watch.out.all().stream().noneMatch(l -> l.contains(":" + ownPort + " ")
                            || l.contains(":" + childToQ + " ")), "nothing of other pids or ports");
                    assertPercentiles(watch.out.all());
                }
            } finally {
                child.getOutputStream().close();
                assertTrue(child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "the child ended");
            }
        }
    }

    /** A header, then at least one state with its sample count and four durations. */
    static void assertPercentiles(List<String> lines) {
        int header = lines.indexOf(lines.stream().filter(l -> l.matches("time in +samples +p50 +p90 +p99 +max"))
                .findFirst().orElseThrow(() -> new AssertionError("no percentile table: " + lines)));
        assertTrue(lines.get(header + 1).matches("[A-Z_0-9]+ +\\d+( +[0-9.]+(us|ms|s)){4}"),
                "a row of percentiles: " + lines.get(header + 1));
    }

    /**
     * With room for two connections, six sockets (three connections, both ends) evict at least four, counted; the
     * summary says so, with the two still tracked.
     */
    @Test
    void theTrackingBoundEvictsAndCounts() throws Exception {
        assumeTraced();
        try (ServerSocketChannel server = listen()) {
            Running watch = new Running("--port", Integer.toString(port(server)), "--max-connections", "2",
                    "--quiet");
            watch.out.await(l -> l.startsWith("watch: kernel tracepoints through"));
            List<SocketChannel> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(SocketChannel.open(server.getLocalAddress()));
                    held.add(server.accept());
                }
                assertEquals(0, watch.stop());
            } finally {
                for (SocketChannel c : held) {
                    c.close();
                }
            }
            String summary = watch.out.await(l -> l.contains("connections still tracked"));
            Matcher m = Pattern.compile("(\\d+) connections still tracked, (\\d+) evicted").matcher(summary);
            assertTrue(m.find(), summary);
            assertEquals(2, Integer.parseInt(m.group(1)), summary);
            assertTrue(Integer.parseInt(m.group(2)) >= 4, summary);
        }
    }

    /** Without tracefs, watch says why and what snapshots lose, and still sees a new connection in a snapshot. */
    @Test
    void withoutTracefsItFallsBackToSnapshotsAndSaysWhatItLoses() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs the Linux socket table");
        Path nowhere = Path.of("/nonexistent-fsmgen-tracefs-" + ProcessHandle.current().pid());
        try (ServerSocketChannel server = listen();
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            Running watch = new Running("--tracefs", nowhere.toString(), "--port", Integer.toString(port(server)));
            watch.out.await(l -> l.startsWith("watch: kernel tracepoints unavailable: ") && l.contains(nowhere
                    .toString()));
            watch.out.await(l -> l.contains("This loses: every"));
            watch.out.await(l -> l.startsWith("watch: snapshots from"));
            String local = "127.0.0.1:" + ((InetSocketAddress) client.getLocalAddress()).getPort();
            String line = watch.out.await(l -> l.contains(local + " > ") && l.contains("ESTABLISHED"));
            assertTrue(line.contains("(new) -> ESTABLISHED"), line);
            assertEquals(0, watch.stop());
        }
    }
}
