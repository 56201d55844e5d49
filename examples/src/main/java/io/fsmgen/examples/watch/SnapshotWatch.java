package io.fsmgen.examples.watch;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code watch} without tracepoints: snapshots of {@code /proc/net/tcp{,6}} once a second, printing each socket whose
 * state differs from the previous snapshot. Says first what this loses.
 */
final class SnapshotWatch {

    private final PrintStream out;

    SnapshotWatch(PrintStream out) {
        this.out = out;
    }

    int run(String reason, WatchCommand.Options o) {
        out.println("watch: kernel tracepoints unavailable: " + reason);
        out.println("watch: falling back to /proc/net/tcp snapshots every second. This loses: transitions between two");
        out.println("       snapshots (a FIN_WAIT_2 of microseconds, CLOSING), their order and kernel times, resets and");
        out.println("       retransmissions, and the RFC machine's check (it cannot be fed a partial story).");
        KernelTcpTable table = new KernelTcpTable();
        if (!table.isAvailable()) {
            out.println("watch: no /proc/net/tcp either (not Linux): nothing to watch");
            return 1;
        }
        Map<String, KernelTcpState> previous = new HashMap<>();
        long end = System.nanoTime() + o.duration().map(d -> d.toNanos()).orElse(Long.MAX_VALUE / 2);
        try {
            while (System.nanoTime() < end) {
                Map<String, KernelTcpState> now = new HashMap<>();
                List<KernelSocketEntry> entries = table.snapshot().entries();
                for (KernelSocketEntry e : entries) {
                    int lp = e.local().getPort();
                    int rp = e.remote().getPort();
                    if (!o.ports().isEmpty() && !o.ports().contains(lp) && !o.ports().contains(rp)) {
                        continue;
                    }
                    String key = WatchCommand.address(e.local()) + " > " + WatchCommand.address(e.remote());
                    now.put(key, e.state());
                    KernelTcpState before = previous.get(key);
                    if (before != e.state()) {
                        out.printf("%-45s %s -> %s%n", key, before == null ? "(new)" : before.rfcName(),
                                e.state().rfcName());
                    }
                }
                previous = now;
                Thread.sleep(1000);
            }
        } catch (IOException e) {
            out.println("watch: reading /proc/net/tcp failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
