package io.fsmgen.tcp.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM, on this JVM's class path, in a network namespace of its own ({@code unshare -n}): for tests whose
 * sockets must live where the test may change the network (a queueing discipline on {@code lo}, see {@link FinGate})
 * without touching the host's. The kernel's tracepoints are host-wide, so a {@code KernelTransitionSource} in the test
 * JVM sees the child's sockets (subscribe to the port the child will use before starting it); or the child opens its
 * own source, since tracefs is in the mount namespace it shares.
 *
 * <p>The child talks through its standard output, one line per fact; {@link #awaitLine} waits for a line by prefix,
 * {@link #awaitExit} for its end. Its standard error is kept with the output for failure messages. {@link #close()}
 * closes its standard input (a child may wait for that) and ends it if it is still running after a bound.
 *
 * <p>Needs root (or CAP_SYS_ADMIN), {@code unshare} and {@code ip}; {@link #unavailable()} says why not, for
 * {@code assumeTrue}.
 */
public final class PrivateNetnsJvm implements AutoCloseable {

    private final Process process;
    private final Recording<String> lines = new Recording<>();

    private PrivateNetnsJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "netns-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Why a child cannot be started here, or empty when it can: {@code unshare -n}, {@code ip} and {@code tc} are tried once. */
    public static Optional<String> unavailable() {
        return Probe.REASON;
    }

    /** Probes once per test JVM; immutable after. */
    private static final class Probe {
        static final Optional<String> REASON = probe();

        private static Optional<String> probe() {
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return Optional.of("network namespaces need Linux");
            }
            try {
                Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up && tc qdisc show dev lo")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.of("unshare -n tc did not finish in 30 s");
                }
                return p.exitValue() == 0 ? Optional.empty()
                        : Optional.of("unshare -n, ip link and tc qdisc show exited " + p.exitValue() + ": " + out
                                + " (needs root, util-linux and iproute2)");
            } catch (IOException e) {
                return Optional.of("cannot run unshare/tc: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        }
    }

    /**
     * Starts {@code main} with {@code args} in a new network namespace, its {@code lo} brought up first: Java decides
     * once, as it starts, whether IPv6 exists (an interface with an IPv6 address), and a new namespace's {@code lo} is
     * down.
     */
    public static PrivateNetnsJvm start(Class<?> main, String... args) throws IOException {
        return start(Map.of(), main, args);
    }

    /**
     * As {@link #start(Class, String...)}, with {@code environment} added to this JVM's for the child (a locale:
     * {@code LANG}, {@code LOCPATH}).
     */
    public static PrivateNetnsJvm start(Map<String, String> environment, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("unshare", "-n", "sh", "-c",
                "ip link set lo up && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new PrivateNetnsJvm(builder.start());
    }

    /**
     * Runs {@code main} to its end, as {@link #start(Map, Class, String...)}: waits up to {@code bound} for its line
     * starting with {@code lastLine}, then for it to exit 0, and returns everything it printed.
     *
     * @throws AssertionError with the child's output, if it does not get there within the bound or exits otherwise
     */
    public static List<String> runToEnd(Map<String, String> environment, Duration bound, String lastLine,
            Class<?> main, String... args) throws IOException, InterruptedException {
        try (PrivateNetnsJvm child = start(environment, main, args)) {
            child.awaitLine(lastLine, bound);
            int exit = child.awaitExit(bound);
            if (exit != 0) {
                throw new AssertionError("the child exited " + exit + "; it said: " + child.output());
            }
            return child.output();
        }
    }

    /** The lines of {@code out} starting with {@code prefix}. */
    public static List<String> lines(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /**
     * The one line of {@code out} starting with {@code prefix}.
     *
     * @throws AssertionError with the output, if there is none or more than one
     */
    public static String line(List<String> out, String prefix) {
        List<String> found = lines(out, prefix);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " lines starting '" + prefix + "', not one: " + out);
        }
        return found.get(0);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the child's output failed: " + e + ")");
        }
        lines.end();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the child printed so far. */
    public List<String> output() {
        return lines.all();
    }

    /**
     * The first line starting with {@code prefix}, waiting for it up to {@code bound}.
     *
     * @throws AssertionError with the child's output, if it ends or the bound passes first
     */
    public String awaitLine(String prefix, Duration bound) throws InterruptedException {
        return lines.await(line -> line.startsWith(prefix), bound, "line of the child starting '" + prefix + "'");
    }

    /**
     * Waits for the child to end.
     *
     * @return its exit status
     * @throws AssertionError with its output, if it is still running after {@code bound}
     */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("the child still runs after " + bound + "; it said: " + output());
        }
        return process.exitValue();
    }

    /** Closes the child's standard input; ends it if it is still running 30 s later. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
