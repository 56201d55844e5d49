package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds tracefs and checks what {@link KernelTransitionSource} needs of it: Linux, a tracefs mount (mounted at
 * {@code /sys/kernel/tracing} if absent, which needs root), permission to create an instance, the
 * {@code sock:inet_sock_set_state} tracepoint (Linux 4.16+) and the {@code mono} trace clock.
 */
final class Tracefs {

    /** Where tracefs is mounted on current systems, and where this class mounts it if it is not. */
    static final Path DEFAULT_ROOT = Path.of("/sys/kernel/tracing");
    /** Where older systems mount it, under debugfs. */
    static final Path DEBUGFS_ROOT = Path.of("/sys/kernel/debug/tracing");

    private Tracefs() {}

    /**
     * Where tracefs is, mounting it at {@link #DEFAULT_ROOT} if no mount is found and this process may mount.
     *
     * @param root an explicit root to check instead (no mounting), or empty to find one
     */
    static KernelTraceAvailability check(Optional<Path> root) {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase().contains("linux")) {
            return KernelTraceAvailability.unavailable("not Linux (os.name=" + os + ")");
        }
        Path tracefs;
        if (root.isPresent()) {
            tracefs = root.get();
            if (!Files.isDirectory(tracefs.resolve("instances"))) {
                return KernelTraceAvailability.unavailable("no tracefs at " + tracefs + " (no instances directory)");
            }
        } else {
            Optional<Path> found = mounted();
            if (found.isEmpty()) {
                Optional<String> failure = mount();
                if (failure.isPresent()) {
                    return KernelTraceAvailability.unavailable("tracefs is not mounted and could not be mounted at "
                            + DEFAULT_ROOT + ": " + failure.get());
                }
                found = Optional.of(DEFAULT_ROOT);
            }
            tracefs = found.get();
        }
        if (!Files.isReadable(tracefs.resolve("events/sock/inet_sock_set_state/format"))) {
            return KernelTraceAvailability.unavailable("no tracepoint sock:inet_sock_set_state under " + tracefs
                    + " (needs Linux 4.16+ with CONFIG_TRACEPOINTS, and read permission on tracefs)");
        }
        if (!Files.isWritable(tracefs.resolve("instances"))) {
            return KernelTraceAvailability.unavailable("not permitted: creating a tracefs instance under " + tracefs
                    + "/instances needs root (user " + System.getProperty("user.name") + ")");
        }
        try {
            String clocks = read(tracefs.resolve("trace_clock"));
            if (!List.of(clocks.replace("[", "").replace("]", "").trim().split("\\s+")).contains("mono")) {
                return KernelTraceAvailability.unavailable("trace clock mono not offered (" + clocks.trim() + ")");
            }
        } catch (IOException e) {
            return KernelTraceAvailability.unavailable("cannot read " + tracefs.resolve("trace_clock") + ": " + e);
        }
        return KernelTraceAvailability.available(tracefs);
    }

    /**
     * The text of a tracefs file. Why not {@link Files#readString}: tracefs files report size 0, and some of them
     * ({@code events/header_page}) answer only a read at position 0, so reading starts with a large buffer.
     */
    static String read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buffer) > 0) {
                if (!buffer.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
                    buffer.flip();
                    bigger.put(buffer);
                    buffer = bigger;
                }
            }
            buffer.flip();
            return StandardCharsets.UTF_8.decode(buffer).toString();
        }
    }

    /** The first tracefs mount listed in {@code /proc/self/mounts}, or the debugfs path if tracefs shows there. */
    private static Optional<Path> mounted() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("tracefs")) {
                    return Optional.of(Path.of(f[1].replace("\\040", " ")));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Files.isDirectory(DEBUGFS_ROOT.resolve("instances")) ? Optional.of(DEBUGFS_ROOT) : Optional.empty();
    }

    /** Mounts tracefs at {@link #DEFAULT_ROOT}; the failure, if any. */
    private static Optional<String> mount() {
        if (!Files.isDirectory(DEFAULT_ROOT)) {
            return Optional.of(DEFAULT_ROOT + " does not exist");
        }
        try {
            Process p = new ProcessBuilder("mount", "-t", "tracefs", "nodev", DEFAULT_ROOT.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("mount did not finish in 10 s");
            }
            return p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("mount exited " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
        } catch (IOException e) {
            return Optional.of("cannot run mount: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
