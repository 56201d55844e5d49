package io.fsmgen.tcp.kernel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Snapshots of the kernel's TCP sockets taken by {@code ss} (iproute2), which asks {@code sock_diag} netlink with a
 * state filter and a port bytecode filter that the kernel runs itself: {@code ss -tanoeH state connected '( sport =
 * :P or ... )'}. Why: {@code /proc/net/tcp} prints every socket of the namespace, so with a hundred thousand TIME_WAIT
 * rows one read costs some 180 ms of kernel time however few sockets the caller wants; the filtered dump skips the
 * others in the kernel and costs a few milliseconds, most of it starting the process. Rows come back as the same
 * {@link KernelSocketEntry} with the same meanings (see {@link SsTcpParser}), so callers do not care which source
 * answered. Only connected states are dumped: no listeners, no unbound sockets.
 *
 * <p>Availability: the first snapshot runs {@code ss -V}. If that fails (no {@code ss}, not Linux, no netlink), or
 * later snapshots fail {@value #FAILURES_BEFORE_FALLBACK} times in a row, this table logs one warning and from then on
 * reads {@code /proc} through its fallback {@link KernelTcpTable}; a single failed run is answered from {@code /proc}
 * too. {@link #source()} says which is in use. Thread-safe.
 */
public final class SsTcpTable {

    /** Where a snapshot comes from. */
    public enum Source {
        /** {@code ss}, filtered in the kernel. */
        SS,
        /** {@code /proc/net/tcp{,6}} through {@link KernelTcpTable}. */
        PROC
    }

    /** The most port terms in one filter; beyond it the filter is dropped and every connected socket is dumped. */
    public static final int MAX_PORT_TERMS = 64;
    /** Consecutive failed runs of a working {@code ss} after which this table stays on {@code /proc}. */
    public static final int FAILURES_BEFORE_FALLBACK = 3;

    private static final System.Logger LOG = System.getLogger(SsTcpTable.class.getName());

    private final String command;
    private final KernelTcpTable fallback;
    private final Duration timeout;
    private final SsTcpParser parser = new SsTcpParser();
    /** Kills a run that outlives the timeout; its thread ends when idle, so a dropped table leaves none behind. */
    private final ScheduledThreadPoolExecutor watchdog = watchdog();
    private volatile Source source;
    private int failures;
    private final MalformedRows malformed = new MalformedRows(LOG, "ss line(s)");

    /** {@code ss} from the {@code PATH}, falling back to {@code fallback}, 2 s per run. */
    public SsTcpTable(KernelTcpTable fallback) {
        this("ss", fallback, Duration.ofSeconds(2));
    }

    /**
     * A table running {@code command} (a path, or a name looked up on the {@code PATH}), killed after {@code timeout};
     * {@code fallback} answers when it cannot.
     */
    public SsTcpTable(String command, KernelTcpTable fallback, Duration timeout) {
        this.command = Objects.requireNonNull(command, "command");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The source in use, probing {@code ss} on the first call. */
    public Source source() {
        Source s = source;
        if (s == null) {
            synchronized (this) {
                s = source;
                if (s == null) {
                    s = probe();
                    source = s;
                }
            }
        }
        return s;
    }

    /**
     * The connected sockets whose local port is in {@code localPorts} and whose remote port is in {@code remotePorts}
     * (possibly more: the filter keeps at most {@link #MAX_PORT_TERMS} terms, see {@link #filter}). From {@code /proc}
     * the rows are those whose local port is in {@code localPorts}, listeners included. An empty set means any port.
     *
     * @throws IOException when {@code ss} failed and {@code /proc} cannot be read either
     */
    public KernelTcpSnapshot snapshot(BitSet localPorts, BitSet remotePorts) throws IOException {
        Objects.requireNonNull(localPorts, "localPorts");
        Objects.requireNonNull(remotePorts, "remotePorts");
        if (source() == Source.SS) {
            try {
                KernelTcpSnapshot s = ssSnapshot(filter(localPorts, remotePorts));
                synchronized (this) {
                    failures = 0;
                }
                return s;
            } catch (IOException e) {
                failed(e);
            }
        }
        return fallback.snapshot(localPorts.isEmpty() ? port -> true : localPorts::get);
    }

    /**
     * The {@code ss} port filter for these ports, or empty for none: both sets when they fit in
     * {@link #MAX_PORT_TERMS} terms ({@code ( sport = :1 or sport = :2 ) and ( dport = :3 )}), else the smaller set
     * alone if it fits, else none. Why: the kernel checks every socket against it, and each term is a few
     * instructions; a socket the caller wants always passes.
     */
    public static String filter(BitSet localPorts, BitSet remotePorts) {
        int l = localPorts.cardinality();
        int r = remotePorts.cardinality();
        if (l > 0 && r > 0 && l + r <= MAX_PORT_TERMS) {
            return terms(localPorts, "sport") + " and " + terms(remotePorts, "dport");
        }
        boolean local = r == 0 || l > 0 && l <= r;
        int n = local ? l : r;
        return n == 0 || n > MAX_PORT_TERMS ? "" : terms(local ? localPorts : remotePorts, local ? "sport" : "dport");
    }

    private static String terms(BitSet ports, String key) {
        StringBuilder b = new StringBuilder("(");
        for (int p = ports.nextSetBit(0); p >= 0; p = ports.nextSetBit(p + 1)) {
            b.append(b.length() == 1 ? " " : " or ").append(key).append(" = :").append(p);
        }
        return b.append(" )").toString();
    }

    /** One {@code ss} run with this filter ({@code ""} for none). */
    KernelTcpSnapshot ssSnapshot(String filter) throws IOException {
        Instant takenAt = Instant.now();
        String out = filter.isEmpty()
                ? run(command, "-tanoeH", "state", "connected")
                : run(command, "-tanoeH", "state", "connected", filter);
        ProcNetTcpParser.Result result = parser.parse("ss", out);
        malformed.report(result.problems());
        return KernelTcpSnapshot.of(takenAt, result.entries(), result.problems());
    }

    private Source probe() {
        try {
            run(command, "-V");
            return Source.SS;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Reading the kernel's TCP table from " + fallback.root()
                    + " instead of ss (slower with many sockets: it prints every one): '" + command + " -V' failed: "
                    + e.getMessage());
            return Source.PROC;
        }
    }

    private void failed(IOException e) {
        boolean giveUp;
        synchronized (this) {
            giveUp = ++failures >= FAILURES_BEFORE_FALLBACK && source == Source.SS;
            if (giveUp) {
                source = Source.PROC;
            }
        }
        if (giveUp) {
            LOG.log(Level.WARNING, "Reading the kernel's TCP table from " + fallback.root() + " from now on: ss failed "
                    + FAILURES_BEFORE_FALLBACK + " times in a row, last: " + e.getMessage());
        } else {
            LOG.log(Level.DEBUG, () -> "ss failed, answering from " + fallback.root() + ": " + e.getMessage());
        }
    }

    /** Runs the command, killed after the timeout; its whole stdout, or an IOException carrying its stderr. */
    private String run(String... argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        AtomicBoolean killed = new AtomicBoolean();
        ScheduledFuture<?> kill = watchdog.schedule(() -> {
            killed.set(true);
            p.destroyForcibly();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        String what = String.join(" ", argv);
        try {
            byte[] out;
            byte[] err;
            try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            } catch (IOException e) {
                if (killed.get()) {
                    throw new IOException(what + ": killed after " + timeout.toMillis() + " ms", e);
                }
                throw e;
            }
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS) || killed.get()) {
                p.destroyForcibly();
                throw new IOException(what + ": killed after " + timeout.toMillis() + " ms");
            }
            if (p.exitValue() != 0) {
                throw new IOException(what + ": exit code " + p.exitValue() + ": "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv[0], e);
        } finally {
            kill.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fsmgen-ss-watchdog");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        e.setKeepAliveTime(5, TimeUnit.SECONDS);
        e.allowCoreThreadTimeOut(true);
        return e;
    }
}
