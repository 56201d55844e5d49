package io.fsmgen.web.tcp;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpSnapshot;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.SsTcpTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.Optional;

/**
 * The kernel column from the kernel's socket table: one snapshot per table refresh, only while a page is open and
 * only of the table's own local ports ({@code ss}, filtered in the kernel, so that thousands of TIME_WAIT sockets
 * of other ports cost nothing; {@code /proc/net/tcp} where {@code ss} is missing), then a lookup per row. A
 * snapshot is a moment, so a state that lasts less than a refresh may never show here; a source fed by the kernel's
 * own transition stream sees every one.
 */
public final class TableKernelStates implements KernelStates {

    private final KernelTcpTable proc = new KernelTcpTable();
    private final SsTcpTable table = new SsTcpTable(proc);
    private KernelTcpSnapshot snapshot;
    private boolean warned;

    /** Whether the kernel's table can be read here (Linux). */
    public boolean available() {
        return proc.isAvailable();
    }

    /** Where the snapshots come from, for the page: "ss" or "/proc/net/tcp". */
    public String source() {
        return !available() ? "not available here" : table.source() == SsTcpTable.Source.SS ? "ss" : "/proc/net/tcp";
    }

    @Override
    public void refresh(BitSet localPorts) {
        snapshot = null;
        if (!available() || localPorts.isEmpty()) {
            return;
        }
        try {
            snapshot = table.snapshot(localPorts, new BitSet());
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                System.getLogger("io.fsmgen.web").log(System.Logger.Level.WARNING,
                        "cannot read the kernel's TCP table; the kernel column stays empty: " + e);
            }
        }
    }

    @Override
    public Optional<String> stateOf(InetSocketAddress local, InetSocketAddress remote) {
        if (snapshot == null || local == null || remote == null) {
            return Optional.empty(); // listeners are not in a snapshot of connected sockets
        }
        Optional<KernelSocketEntry> entry = snapshot.lookup(local, remote);
        return Optional.of(entry.map(e -> e.state().rfcName()).orElse("CLOSED"));
    }
}
