package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private tracefs instance, {@code instances/fsmgen-<pid>-<n>-ns<pid namespace>}: its own ring buffer, trace
 * clock, enabled events and filters, so that nothing this process does disturbs other tracers (the top-level buffer,
 * other instances, other processes running the same code).
 *
 * <p>Why the pid in the name: an instance outlives a process that is killed, and keeps its events enabled (a cost to
 * every TCP state change on the host). {@link #create} removes instances named after processes that no longer
 * exist. A process in another PID namespace that shares this tracefs would look dead; this code assumes one PID
 * namespace per tracefs mount, as on a host or in one container.
 */
final class TracefsInstance {

    static final String PREFIX = "fsmgen-";
    /**
     * {@code fsmgen-<pid>-<n>}, with {@code -ns<inode>} after it when the creator's PID namespace was known: a PID
     * means a process only in its own namespace, so only an instance of this namespace can be judged stale by it.
     */
    private static final Pattern NAME = Pattern.compile("fsmgen-(\\d+)-(\\d+)(?:-ns(\\d+))?");
    private static final System.Logger LOG = System.getLogger(TracefsInstance.class.getName());

    private final Path dir;

    private TracefsInstance(Path dir) {
        this.dir = dir;
    }

    /** Removes stale instances, then creates {@code fsmgen-<pid>-<n>[-ns<inode>]} with the first free {@code n}. */
    static TracefsInstance create(Path tracefs) throws IOException {
        Path instances = tracefs.resolve("instances");
        Optional<String> namespace = pidNamespace();
        removeStale(instances, namespace);
        long pid = ProcessHandle.current().pid();
        String suffix = namespace.map(ns -> "-ns" + ns).orElse("");
        for (int n = 0; ; n++) {
            Path dir = instances.resolve(PREFIX + pid + "-" + n + suffix);
            try {
                Files.createDirectory(dir);
                return new TracefsInstance(dir);
            } catch (FileAlreadyExistsException e) {
                if (n > 10_000) {
                    throw new IOException("no free instance name under " + instances, e);
                }
            }
        }
    }

    /**
     * Removes every instance of this PID namespace ({@code namespace}; an instance named without one counts as of
     * this namespace) whose process is gone. An instance still read is busy, and the kernel refuses to remove it:
     * its process lives elsewhere, and it is left alone.
     *
     * @return the names removed
     */
    static List<String> removeStale(Path instances, Optional<String> namespace) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(instances, PREFIX + "*")) {
            for (Path p : all) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (m.group(3) != null && !namespace.equals(Optional.of(m.group(3)))) {
                    continue; // another PID namespace's: its PIDs mean nothing here
                }
                long pid = Long.parseLong(m.group(1));
                if (ProcessHandle.of(pid).isPresent()) {
                    continue;
                }
                try {
                    Files.delete(p);
                    removed.add(p.getFileName().toString());
                    LOG.log(Level.INFO, "Removed tracefs instance " + p + " left by process " + pid
                            + ", which no longer exists");
                } catch (IOException e) {
                    // EBUSY: still read, by a process of a namespace this one cannot see (an unnamed old instance)
                    LOG.log(Level.DEBUG, () -> "Left tracefs instance " + p + ", which is still in use: " + e);
                }
            }
        }
        return removed;
    }

    /** This process's PID namespace, its inode number from {@code /proc/self/ns/pid}; empty where unreadable. */
    static Optional<String> pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
            Matcher m = Pattern.compile("pid:\\[(\\d+)]").matcher(link);
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    Path dir() {
        return dir;
    }

    String name() {
        return dir.getFileName().toString();
    }

    Path path(String relative) {
        return dir.resolve(relative);
    }

    /** Writes {@code value} to a control file of the instance, naming the file and value on failure. */
    void write(String relative, String value) throws IOException {
        Path file = dir.resolve(relative);
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    String read(String relative) throws IOException {
        return Tracefs.read(dir.resolve(relative));
    }

    /** The CPUs that have a buffer in this instance ({@code per_cpu/cpuN}), ascending. */
    List<Integer> cpus() throws IOException {
        List<Integer> cpus = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir.resolve("per_cpu"), "cpu*")) {
            for (Path p : all) {
                cpus.add(Integer.parseInt(p.getFileName().toString().substring(3)));
            }
        }
        cpus.sort(null);
        return cpus;
    }

    /** Removes the instance (its buffer and settings go with it). Its files must no longer be open. */
    void remove() throws IOException {
        Files.deleteIfExists(dir);
    }
}
