package io.fsmgen.linux;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.ProcNetTcpParser;
import io.fsmgen.tcp.kernel.SsTcpParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private network namespace that this process creates with {@code ip netns add} and deletes on {@link #close()}:
 * a host of its own for tests and demos, whose kernel TCP has stock sysctls and whose traffic never leaves it.
 *
 * <p>Names are {@code fsmgen-<label>-<pid>-<6 hex digits>}, unique on the machine and recognisable. A namespace is
 * always deleted: by {@link #close()}, by a shutdown hook if the JVM exits first, and, if the JVM was killed, by
 * the next {@link #create} on this machine, which deletes every {@code fsmgen-} namespace whose process is gone.
 *
 * <p>Work inside it three ways: {@link #ip} and {@link #exec} run commands in it ({@code ip -n}, {@code ip netns
 * exec}); {@link #call} runs Java code on a thread that entered it with {@code setns(2)}, so that sockets opened
 * there belong to it (open them with {@code SocketChannel.open()} or {@code ServerSocketChannel.open()}, which make
 * the descriptor at once; a plain {@code java.net.Socket} makes it only at its first bind or connect); and
 * {@link #openTun} creates a TUN device in it whose descriptor this process keeps.
 *
 * <p>Needs root ({@code CAP_SYS_ADMIN} and {@code CAP_NET_ADMIN}); {@link #unavailableReason()} says beforehand.
 */
public final class NetworkNamespace implements AutoCloseable {

    /** The prefix of every namespace this class creates. */
    public static final String PREFIX = "fsmgen-";
    private static final Path BOUND = Path.of("/run/netns");
    private static final int NAME_ATTEMPTS = 8;

    private final String name;
    private final Path path;
    private final Thread deleteOnExit;
    private boolean closed;

    private NetworkNamespace(String name) {
        this.name = name;
        this.path = BOUND.resolve(name);
        this.deleteOnExit = new Thread(this::deleteQuietly, "delete network namespace " + name);
    }

    /**
     * Why this process cannot create namespaces, or empty when it can: not Linux, no JNI library (for
     * {@code setns}), no {@code ip} command, or not root.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> library = LinuxNative.problem();
        if (library.isPresent()) {
            return library;
        }
        try {
            Command.run("ip", "-V");
        } catch (IOException noIp) {
            return Optional.of("network namespaces are made with iproute2's 'ip', which does not run here: "
                    + noIp.getMessage());
        }
        return Capabilities.missing("a network namespace", Capabilities.CAP_SYS_ADMIN, Capabilities.CAP_NET_ADMIN);
    }

    /**
     * Creates a namespace named after {@code label} (letters, digits and dashes) with its loopback up, after deleting
     * namespaces left behind by dead processes.
     */
    public static NetworkNamespace create(String label) throws IOException {
        Objects.requireNonNull(label, "label");
        if (label.isEmpty() || label.length() > 40 || !label.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '-')) {
            throw new IllegalArgumentException("a namespace label is 1 to 40 letters, digits or dashes: '"
                    + label + "'");
        }
        Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            throw new LinuxUnavailableException(unavailable.get());
        }
        removeStale();
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            String name = PREFIX + label + "-" + pid + "-" + String.format("%06x",
                    ThreadLocalRandom.current().nextInt(1 << 24));
            if (Files.exists(BOUND.resolve(name))) {
                continue;
            }
            try {
                Command.run("ip", "netns", "add", name);
            } catch (IOException taken) {
                if (attempt + 1 < NAME_ATTEMPTS && Files.exists(BOUND.resolve(name))) {
                    continue; // another process of ours took the same name in between
                }
                throw taken;
            }
            NetworkNamespace namespace = new NetworkNamespace(name);
            Runtime.getRuntime().addShutdownHook(namespace.deleteOnExit);
            try {
                namespace.ip("link", "set", "lo", "up");
            } catch (IOException | RuntimeException failure) {
                namespace.close();
                throw failure;
            }
            return namespace;
        }
    }

    /** The namespace's name, as {@code ip netns list} shows it. */
    public String name() {
        return name;
    }

    /** The file that binds it, {@code /run/netns/<name>}, which {@code setns} opens. */
    public Path path() {
        return path;
    }

    /** Runs {@code ip -n <name> args...}; returns what it printed. */
    public String ip(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(List.of(args));
        return Command.run(Command.DEFAULT_TIMEOUT, argv);
    }

    /** Runs {@code command} inside the namespace ({@code ip netns exec}); returns what it printed. */
    public String exec(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(command));
        return Command.run(Command.DEFAULT_TIMEOUT, argv);
    }

    /** The value of sysctl {@code key} inside the namespace. */
    public String sysctl(String key) throws IOException {
        return exec("sysctl", "-n", key).strip();
    }

    /** Sets sysctl {@code key} inside the namespace. */
    public void sysctl(String key, String value) throws IOException {
        exec("sysctl", "-q", "-w", key + "=" + value);
    }

    /** Code that runs inside the namespace and may fail with an I/O error. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code task} on a new thread that entered this namespace, waits for it and returns its result. Sockets
     * the task opens belong to the namespace and keep belonging to it when other threads use them. The thread ends
     * with the task, so no thread of this process stays in the namespace.
     */
    public <T> T call(Task<T> task) throws IOException {
        Objects.requireNonNull(task, "task");
        checkOpen();
        FutureTask<T> future = new FutureTask<>(() -> {
            int previous = LinuxNative.enterNamespace(path.toString());
            try {
                return task.run();
            } finally {
                LinuxNative.leaveNamespace(previous);
            }
        });
        Thread thread = new Thread(future, "in " + name);
        thread.start();
        try {
            return future.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a task in " + name, interrupted);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("a task in " + name + " failed", cause);
        }
    }

    /** Creates TUN device {@code device} in this namespace (down, no address); this process holds it. */
    public TunDevice openTun(String device) throws IOException {
        return openTun(device, false);
    }

    /** {@link #openTun(String)}, with or without {@link TunDevice#offloads()}. */
    public TunDevice openTun(String device, boolean offloads) throws IOException {
        checkOpen();
        return TunDevice.open(device, path, offloads);
    }

    /** Creates a veth pair: {@code here} in this namespace, {@code there} in {@code peer}; both down. */
    public void addVethPair(String here, NetworkNamespace peer, String there) throws IOException {
        checkOpen();
        ip("link", "add", here, "type", "veth", "peer", "name", there, "netns", peer.name());
    }

    /**
     * Every TCP socket in the namespace, listeners and TIME-WAIT minisockets included, as {@code ss -tanoe} reports
     * them.
     */
    public List<KernelSocketEntry> tcpSockets() throws IOException {
        String text = exec("ss", "-tanoeH");
        ProcNetTcpParser.Result result = new SsTcpParser().parse("ss in " + name, text);
        if (!result.problems().isEmpty()) {
            throw new IOException("unexpected ss output in " + name + ": " + result.problems());
        }
        return result.entries();
    }

    /** Deletes the namespace; its devices go with it. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it deletes the namespace
        }
        delete(name);
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("network namespace " + name + " is closed");
        }
    }

    private void deleteQuietly() {
        try {
            delete(name);
        } catch (IOException ignored) {
            // the JVM is exiting: nothing can report it, and the next create() removes what is left
        }
    }

    private static void delete(String name) throws IOException {
        if (Files.exists(BOUND.resolve(name))) {
            Command.run("ip", "netns", "delete", name);
        }
    }

    /** Deletes {@code fsmgen-} namespaces whose creating process no longer runs. */
    static void removeStale() throws IOException {
        if (!Files.isDirectory(BOUND)) {
            return;
        }
        List<String> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(BOUND, PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                ownerPid(name).filter(pid -> ProcessHandle.of(pid).isEmpty()).ifPresent(pid -> stale.add(name));
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        for (String name : stale) {
            try {
                delete(name);
            } catch (IOException raced) {
                if (Files.exists(BOUND.resolve(name))) {
                    throw raced;
                }
            }
        }
    }

    /** The pid in {@code fsmgen-<label>-<pid>-<hex>}, or empty when {@code name} is not of that form. */
    static Optional<Long> ownerPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = name.split("-");
        if (parts.length < 4 || !parts[parts.length - 1].matches("[0-9a-f]{6}")
                || !parts[parts.length - 2].matches("[0-9]{1,10}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(parts[parts.length - 2]));
    }

    @Override
    public String toString() {
        return "network namespace " + name;
    }
}
