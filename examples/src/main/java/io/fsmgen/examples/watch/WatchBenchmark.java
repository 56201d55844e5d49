package io.fsmgen.examples.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Can {@code watch} keep up? Runs the real {@code watch --quiet} in a JVM of its own, and {@link WatchLoad} in a
 * private network namespace ({@code unshare -n}): {@code held} connections kept open (both ends tracked: twice as many
 * sockets), then short connections at {@code rate} per second, ten kernel state changes each. Reports what the load
 * made, what watch delivered during the churn (from its status lines), the kernel's lost events, watch's CPU over the
 * churn (from {@code /proc/<pid>/stat}), and its own summary (tracked connections, heap after GC, RSS). Not a test:
 * run it by hand, as root (see BENCHMARKS.md).
 *
 * <pre>
 * java [-Dwatch.jvm="JVM options for watch"] -cp examples/target/fsmgen-examples.jar \
 *      io.fsmgen.examples.watch.WatchBenchmark [held=10000] [rate=2000] [seconds=30] [clientThreads=4] [runs=1]
 * </pre>
 */
public final class WatchBenchmark {

    private static final Pattern STATUS = Pattern.compile(
            "watch: +\\+([0-9.]+)s +([0-9,]+) transitions \\(.*lost");
    private static final long TICKS_PER_SECOND = 100;

    private WatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int held = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        System.out.printf("watch benchmark: %d held connections, %d connections/s (%d state changes/s) for %d s, "
                + "%d client threads, %d run(s); %d CPUs, %s %s%n", held, rate, rate * 10, seconds, threads, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        for (int r = 1; r <= runs; r++) {
            System.out.println("run " + r + ": " + once(held, rate, seconds, threads));
        }
    }

    private static String once(int held, int rate, int seconds, int threads) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        String loadBefore = loadAverage();
        List<String> watchCommand = new ArrayList<>(List.of(java));
        String options = System.getProperty("watch.jvm", "").trim();
        if (!options.isEmpty()) {
            watchCommand.addAll(List.of(options.split("\\s+")));
        }
        watchCommand.addAll(List.of("-cp", cp, "io.fsmgen.examples.Main", "watch", "--quiet"));
        Child watch = new Child("watch", new ProcessBuilder(watchCommand));
        try {
            watch.await(l -> l.startsWith("watch: kernel tracepoints through"), 60);
            try (Child server = new Child("server", new ProcessBuilder("unshare", "-n", java, "-cp", cp,
                    WatchLoad.class.getName(), "server", Integer.toString(held)))) {
                server.await(l -> l.equals("listening"), 120);
                try (Child load = new Child("load", new ProcessBuilder("nsenter", "--net=/proc/"
                        + server.process.pid() + "/ns/net", java, "-cp", cp, WatchLoad.class.getName(), "client",
                        Integer.toString(held), Integer.toString(rate), Integer.toString(seconds),
                        Integer.toString(threads)))) {
                    return measure(watch, load, seconds, loadBefore);
                }
            }
        } finally {
            watch.process.destroy();
            watch.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String measure(Child watch, Child load, int seconds, String loadBefore) throws Exception {
        load.await(l -> l.startsWith("held "), 300);
        long[] cpuStart = cpuTicks(watch.process.pid());
        long t0 = System.nanoTime();
        double watchT0 = watch.lastStatusTime();
        String churned = load.await(l -> l.startsWith("churned "), seconds + 120L);
        long[] cpuEnd = cpuTicks(watch.process.pid());
        long t1 = System.nanoTime();
        double watchT1 = watch.lastStatusTime();
        String rss = status(watch.process.pid(), "VmRSS:");
        String[] c = churned.split(" ");
        long connections = Long.parseLong(c[1]);
        double churnSeconds = Double.parseDouble(c[2]);
        // watch's status lines strictly inside the churn, one second in from each end
        double[] delivered = watch.rate(watchT0 + 1, watchT1 - 1);
        watch.process.toHandle().destroy(); // SIGTERM, as Ctrl-C; Process.destroy() would also close its output
        String summary = watch.await(l -> l.startsWith("watch: CPU"), 60);
        String totals = watch.find(l -> l.contains("kernel events lost"));
        double user = (cpuEnd[0] - cpuStart[0]) / (double) TICKS_PER_SECOND;
        double system = (cpuEnd[1] - cpuStart[1]) / (double) TICKS_PER_SECOND;
        double wall = (t1 - t0) / 1e9;
        return String.format("load %,.0f state changes/s (%,d connections in %.1f s); watch delivered "
                + "%,.0f state changes/s over %.0f s of churn; watch CPU %.1f%% of one core during the churn (user "
                + "%.1f%%, system %.1f%%), RSS %s; load average %s -> %s%n      watch summary: %s%n      %s",
                connections * 10 / churnSeconds, connections, churnSeconds, delivered[0], delivered[1],
                100 * (user + system) / wall, 100 * user / wall, 100 * system / wall, rss, loadBefore, loadAverage(),
                totals.trim(), summary.trim());
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** User and system CPU of a process, in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
    static long[] cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    private static String status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) {
                return line.substring(key.length()).trim();
            }
        }
        return "unknown";
    }

    /** A child process whose output lines are kept, echoed with a prefix, and can be waited for. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final List<String> lines = new ArrayList<>();
        final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        final String name;

        Child(String name, ProcessBuilder builder) throws IOException {
            this.name = name;
            this.process = builder.redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (this) {
                            lines.add(line);
                        }
                        if (!line.startsWith("watch: +") && !line.startsWith("second ")) {
                            System.out.println("  [" + name + "] " + line);
                        }
                        fresh.add(line);
                    }
                } catch (IOException e) {
                    fresh.add("(output of " + name + " failed: " + e + ")");
                }
                fresh.add("\u0000end");
            }, name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        String await(Predicate<String> wanted, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String line = fresh.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals("\u0000end")) {
                    throw new IllegalStateException(name + (line == null ? " did not say so within " + seconds + " s"
                            : " ended before saying so") + "; last lines: " + tail());
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        synchronized String find(Predicate<String> wanted) {
            return lines.stream().filter(wanted).reduce((a, b) -> b).orElse("(none)");
        }

        synchronized List<String> tail() {
            return lines.subList(Math.max(0, lines.size() - 10), lines.size());
        }

        /** The time of watch's latest status line, seconds since it started. */
        synchronized double lastStatusTime() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher m = STATUS.matcher(lines.get(i));
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
            return 0;
        }

        /** Transitions per second between the first status line at or after {@code from} and the last before {@code to}. */
        synchronized double[] rate(double from, double to) {
            double t0 = -1;
            long n0 = 0;
            double t1 = -1;
            long n1 = 0;
            for (String line : lines) {
                Matcher m = STATUS.matcher(line);
                if (!m.find()) {
                    continue;
                }
                double t = Double.parseDouble(m.group(1));
                long n = Long.parseLong(m.group(2).replace(",", ""));
                if (t >= from && t0 < 0) {
                    t0 = t;
                    n0 = n;
                }
                if (t <= to) {
                    t1 = t;
                    n1 = n;
                }
            }
            return t0 < 0 || t1 <= t0 ? new double[] {0, 0} : new double[] {(n1 - n0) / (t1 - t0), t1 - t0};
        }

        /** Lets the load release its connections and exit. */
        @Override
        public void close() throws Exception {
            try (OutputStream in = process.getOutputStream()) {
                in.flush();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
