package io.fsmgen.tcp.kernel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of the kernel's TCP table, indexed by 4-tuple. Immutable and thread-safe.
 *
 * <p>Why an immutable snapshot rather than live lookups: the runtime checks many connections after
 * one batched read, and every check of one round must see the same kernel moment.
 *
 * <p>Matching rules: IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) match the plain IPv4 address,
 * because Java's dual-stack sockets appear in {@code tcp6} with mapped addresses while
 * {@code getLocalAddress()} reports IPv4. Scope ids are ignored (the kernel does not print them). An
 * unspecified remote address ({@code 0.0.0.0} or {@code ::}) matches either family's, so a listener
 * is found whatever file it is in. When several rows share a 4-tuple (SO_REUSEPORT listeners),
 * {@link #lookup} returns the first in file order ({@code tcp} before {@code tcp6}).
 */
public final class KernelTcpSnapshot {

    private final Instant takenAt;
    private final List<KernelSocketEntry> entries;
    private final List<ProcNetTcpParser.Problem> problems;
    private final Map<TupleKey, KernelSocketEntry> index;

    private KernelTcpSnapshot(Instant takenAt, List<KernelSocketEntry> entries, List<ProcNetTcpParser.Problem> problems) {
        this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        Map<TupleKey, KernelSocketEntry> map = new HashMap<>();
        for (KernelSocketEntry e : this.entries) {
            map.putIfAbsent(TupleKey.of(e.local(), e.remote()), e);
        }
        this.index = Collections.unmodifiableMap(map);
    }

    /**
     * A snapshot of the given rows. Public so that callers (and tests on non-Linux hosts) can build
     * a kernel view without {@code /proc}.
     */
    public static KernelTcpSnapshot of(Instant takenAt, List<KernelSocketEntry> entries,
            List<ProcNetTcpParser.Problem> problems) {
        return new KernelTcpSnapshot(takenAt, entries, problems);
    }

    /** When the read started. */
    public Instant takenAt() {
        return takenAt;
    }

    /** Every row, {@code tcp} first then {@code tcp6}, each in file order (listeners first). */
    public List<KernelSocketEntry> entries() {
        return entries;
    }

    /** Rows that could not be parsed and are therefore missing from {@link #entries()}. */
    public List<ProcNetTcpParser.Problem> problems() {
        return problems;
    }

    /**
     * The kernel's row for this 4-tuple. Empty means the kernel holds no such socket in this
     * snapshot: it never existed, it is CLOSED, or it was missed by a racy read (see
     * {@link KernelTcpTable}).
     *
     * @throws IllegalArgumentException if an address is unresolved
     */
    public Optional<KernelSocketEntry> lookup(InetSocketAddress local, InetSocketAddress remote) {
        return Optional.ofNullable(index.get(TupleKey.of(local, remote)));
    }

    /**
     * The LISTEN row bound to exactly this local address and port (as returned by
     * {@code ServerSocketChannel.getLocalAddress()}), whatever the family of its file.
     */
    public Optional<KernelSocketEntry> lookupListener(InetSocketAddress local) {
        return lookup(local, new InetSocketAddress(anyIpv4(), 0))
                .filter(e -> e.state() == KernelTcpState.LISTEN);
    }

    /** How many rows are in each state; states with no row are absent. */
    public Map<KernelTcpState, Integer> countsByState() {
        Map<KernelTcpState, Integer> counts = new EnumMap<>(KernelTcpState.class);
        for (KernelSocketEntry e : entries) {
            counts.merge(e.state(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** All rows as an {@code ss -tan}-style table; see {@link SsFormat#table}. */
    public String render() {
        return SsFormat.table(entries);
    }

    @Override
    public String toString() {
        return "KernelTcpSnapshot[" + takenAt + ", " + entries.size() + " rows, " + problems.size() + " problems]";
    }

    private static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes is a valid address length", e);
        }
    }

    /** A normalised 4-tuple: IPv4-mapped to IPv4, scope dropped, unspecified remote made IPv4. */
    private record TupleKey(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {

        static TupleKey of(InetSocketAddress local, InetSocketAddress remote) {
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(remote, "remote");
            InetAddress remoteAddress = normalise(remote);
            if (remoteAddress.isAnyLocalAddress()) {
                remoteAddress = anyIpv4();
            }
            return new TupleKey(normalise(local), local.getPort(), remoteAddress, remote.getPort());
        }

        private static InetAddress normalise(InetSocketAddress address) {
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address: " + address);
            }
            InetAddress a = address.getAddress();
            if (a instanceof Inet4Address) {
                return a;
            }
            if (a instanceof Inet6Address) {
                try {
                    // Drops the scope and the host name, and maps ::ffff:a.b.c.d to a.b.c.d.
                    return InetAddress.getByAddress(a.getAddress());
                } catch (UnknownHostException e) {
                    throw new AssertionError("16 bytes is a valid address length", e);
                }
            }
            throw new IllegalArgumentException("unsupported address type: " + a);
        }
    }
}
