package io.fsmgen.examples.watch;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.SsTcpTable;
import io.fsmgen.tcp.watch.SocketOwner;
import io.fsmgen.tcp.watch.SocketOwners;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code watch} without tracepoints: a snapshot of the connected sockets once a second through {@code ss} (filtered
 * in the kernel; {@code /proc/net/tcp} where {@code ss} cannot run), printing each socket whose state differs from the
 * previous snapshot. It says first why, and what that loses.
 */
final class SnapshotWatch {

    static final String LOSSES = """
            watch: falling back to a snapshot of the kernel's socket table every second (ss). This loses: every
                   transition between two snapshots (a FIN_WAIT_2 of microseconds, CLOSING, a whole short connection),
                   their order and kernel times, resets and retransmissions, listeners, and the RFC machine's check
                   (it cannot be fed a partial story); a socket's end is its absence from the next snapshot.""";

    private final PrintStream out;
    private final CountDownLatch stop;

    SnapshotWatch(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stop = stop;
    }

    int run(String reason, WatchOptions o) throws InterruptedException {
        out.println("watch: kernel tracepoints unavailable: " + reason);
        out.println(LOSSES);
        KernelTcpTable proc = new KernelTcpTable();
        if (!proc.isAvailable()) {
            out.println("watch: no socket table either (" + proc.root() + "/tcp: not Linux?): nothing to watch");
            return 1;
        }
        SsTcpTable table = new SsTcpTable(proc);
        out.println("watch: snapshots from " + (table.source() == SsTcpTable.Source.SS ? "ss" : proc.root() + "/tcp")
                + (o.ports().isEmpty() ? ", every port" : ", ports " + o.ports()) + "; Ctrl-C to stop");
        out.flush();
        BitSet ports = new BitSet();
        o.ports().forEach(ports::set);
        SocketOwners owners = new SocketOwners(o.pid());
        long start = System.nanoTime();
        long end = o.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        Map<String, KernelTcpState> previous = new HashMap<>();
        do {
            Map<String, KernelTcpState> now = new HashMap<>();
            try {
                owners.refreshDescriptors();
                snapshot(table, ports, previous, now, owners, o, start);
                for (Map.Entry<String, KernelTcpState> gone : previous.entrySet()) {
                    if (!now.containsKey(gone.getKey()) && wantedState(o, KernelTcpState.CLOSE)) {
                        out.printf("%+9.3fs %-45s   %s -> CLOSED (gone)%n", (System.nanoTime() - start) / 1e9,
                                gone.getKey(), gone.getValue().rfcName());
                    }
                }
            } catch (IOException e) {
                out.println("watch: reading the socket table failed: " + e.getMessage());
                return 1;
            }
            previous = now;
            out.flush();
        } while (!stop.await(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)
                && System.nanoTime() - end < 0);
        return 0;
    }

    private void snapshot(SsTcpTable table, BitSet ports, Map<String, KernelTcpState> previous,
                          Map<String, KernelTcpState> now, SocketOwners owners, WatchOptions o, long start)
            throws IOException {
        for (KernelSocketEntry e : ports.isEmpty() ? table.snapshot(ports, ports).entries()
                : both(table, ports)) {
            String key = TransitionPrinter.address(e.local()) + " > " + TransitionPrinter.address(e.remote());
            if (now.put(key, e.state()) != null) {
                continue;
            }
            Optional<SocketOwner> owner = owners.ownerOfInode(e.inode());
            if (o.pid().isPresent() && owner.map(x -> x.pid() != o.pid().getAsLong()).orElse(true)) {
                now.remove(key);
                continue;
            }
            KernelTcpState before = previous.get(key);
            if (before != e.state() && wantedState(o, e.state())) {
                out.printf("%+9.3fs %-45s   %s -> %s %s%n", (System.nanoTime() - start) / 1e9, key,
                        before == null ? "(new)" : before.rfcName(), e.state().rfcName(),
                        owner.map(x -> x.pid() + " " + x.command()).orElse(""));
            }
        }
    }

    /** The sockets whose local or remote port is one of {@code ports}: two runs, each filtered in the kernel. */
    private static List<KernelSocketEntry> both(SsTcpTable table, BitSet ports) throws IOException {
        List<KernelSocketEntry> all = new ArrayList<>(table.snapshot(ports, new BitSet()).entries());
        for (KernelSocketEntry e : table.snapshot(new BitSet(), ports).entries()) {
            if (ports.get(e.remote().getPort())) {
                all.add(e);
            }
        }
        all.removeIf(e -> !ports.get(e.local().getPort()) && !ports.get(e.remote().getPort()));
        return all;
    }

    private static boolean wantedState(WatchOptions o, KernelTcpState s) {
        return o.state().map(want -> want == TcpState.valueOf(s.rfcName())).orElse(true);
    }
}
