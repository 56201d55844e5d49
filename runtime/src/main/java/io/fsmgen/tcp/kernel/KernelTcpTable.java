package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Reads the kernel's TCP socket table from {@code <root>/tcp} and {@code <root>/tcp6}
 * (root {@code /proc/net} by default), one batched read of each file per {@link #snapshot()}.
 *
 * <p>Why: it is the only unprivileged source for the transitions NIO cannot see, the ACK of our FIN
 * and the end of TIME_WAIT, and it still shows a connection after its channel is closed. The runtime
 * should read it only while some connection waits on such a transition: each read walks every TCP
 * socket of the network namespace.
 *
 * <p>Things to know about the source:
 * <ul>
 *   <li>{@code /proc/net} is the reading process's network namespace, so the table sees exactly the
 *       sockets this JVM can own.</li>
 *   <li>A read is not atomic. The kernel hands out about one page of rows (some 27 IPv4 rows) per
 *       {@code read()} call and resumes by position, while connections keep changing; so with a
 *       large table a socket that moves during the read can be missed or seen twice. Before treating
 *       absence as CLOSED, confirm it with a second snapshot.</li>
 *   <li>{@code tcp6} also holds Java's default dual-stack sockets when they talk IPv4, with
 *       IPv4-mapped addresses; the snapshot matches those to IPv4 lookups.</li>
 *   <li>A missing {@code tcp6} (IPv6 disabled) reads as empty; a missing {@code tcp} means the
 *       table is unavailable (not Linux), see {@link #isAvailable()}.</li>
 * </ul>
 *
 * <p>Rows that fail to parse are left out and listed in {@link KernelTcpSnapshot#problems()}; the
 * first time it happens this table logs a warning, later times at debug level. Thread-safe.
 */
public final class KernelTcpTable {

    /** Where Linux publishes the table for the current network namespace. */
    public static final Path DEFAULT_ROOT = Path.of("/proc/net");

    private static final System.Logger LOG = System.getLogger(KernelTcpTable.class.getName());

    private final Path root;
    private final ProcNetTcpParser parser;
    private final MalformedRows malformed = new MalformedRows(LOG, "kernel TCP row(s)");

    /** A table over {@link #DEFAULT_ROOT} for the running kernel. */
    public KernelTcpTable() {
        this(DEFAULT_ROOT);
    }

    /** A table over {@code root/tcp} and {@code root/tcp6}, decoded in the host's byte order. */
    public KernelTcpTable(Path root) {
        this(root, new ProcNetTcpParser());
    }

    /** A table over {@code root} with a given parser (for fixtures from another byte order). */
    public KernelTcpTable(Path root, ProcNetTcpParser parser) {
        this.root = Objects.requireNonNull(root, "root");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The directory holding {@code tcp} and {@code tcp6}. */
    public Path root() {
        return root;
    }

    /**
     * Whether the kernel's table can be read here. False on non-Linux hosts, where callers should
     * report kernel-only transitions as unobserved.
     */
    public boolean isAvailable() {
        return Files.isReadable(root.resolve("tcp"));
    }

    /**
     * Reads {@code tcp} then {@code tcp6} once each and indexes every row by 4-tuple.
     *
     * @throws NoSuchFileException if {@code tcp} does not exist (see {@link #isAvailable()})
     * @throws IOException         if a file cannot be read
     */
    public KernelTcpSnapshot snapshot() throws IOException {
        return snapshot(port -> true);
    }

    /**
     * Reads {@code tcp} then {@code tcp6} once each and indexes the rows whose local port passes {@code localPorts}.
     * Why: the kernel still prints every socket, but the rows of other ports cost nothing more than being skipped,
     * which matters when the table holds a hundred thousand TIME_WAIT rows and the caller wants a few sockets.
     *
     * @throws NoSuchFileException if {@code tcp} does not exist (see {@link #isAvailable()})
     * @throws IOException         if a file cannot be read
     */
    public KernelTcpSnapshot snapshot(IntPredicate localPorts) throws IOException {
        Objects.requireNonNull(localPorts, "localPorts");
        Instant takenAt = Instant.now();
        List<KernelSocketEntry> entries = new ArrayList<>();
        List<ProcNetTcpParser.Problem> problems = new ArrayList<>();
        for (String name : new String[] {"tcp", "tcp6"}) {
            Path file = root.resolve(name);
            String text;
            try {
                text = read(file);
            } catch (NoSuchFileException e) {
                if (name.equals("tcp6")) {
                    continue;
                }
                throw e;
            }
            ProcNetTcpParser.Result result = parser.parse(file.toString(), text, localPorts);
            entries.addAll(result.entries());
            problems.addAll(result.problems());
        }
        malformed.report(problems);
        return KernelTcpSnapshot.of(takenAt, entries, problems);
    }

    /** One snapshot's {@link KernelTcpSnapshot#lookup}; use {@link #snapshot()} to check several tuples. */
    public Optional<KernelSocketEntry> lookup(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        return snapshot().lookup(local, remote);
    }

    /** One snapshot rendered {@code ss}-style; see {@link SsFormat#table}. */
    public String render() throws IOException {
        return snapshot().render();
    }

    private static String read(Path file) throws IOException {
        // /proc files report size 0; read to EOF in large chunks (each read() returns a batch of rows).
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
