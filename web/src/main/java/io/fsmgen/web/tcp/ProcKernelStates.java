package io.fsmgen.web.tcp;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpSnapshot;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The kernel column from the kernel's socket table ({@code /proc/net/tcp}, {@code tcp6}): one snapshot per table
 * refresh, only while a page is open, then a lookup per row. A snapshot is a moment, so a state that lasts less than
 * a refresh may never show here; a source fed by the kernel's transition stream sees every one.
 */
public final class ProcKernelStates implements KernelStates {

    private final KernelTcpTable table;
    private KernelTcpSnapshot snapshot;
    private boolean warned;

    public ProcKernelStates(KernelTcpTable table) {
        this.table = table;
    }

    /** Whether the table can be read here (Linux). */
    public boolean available() {
        return table.isAvailable();
    }

    @Override
    public void refresh() {
        snapshot = null;
        if (!table.isAvailable()) {
            return;
        }
        try {
            snapshot = table.snapshot();
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
        if (snapshot == null || local == null) {
            return Optional.empty();
        }
        Optional<KernelSocketEntry> entry = remote == null ? snapshot.lookupListener(local)
                : snapshot.lookup(local, remote);
        return Optional.of(entry.map(e -> e.state().rfcName()).orElse("CLOSED"));
    }
}
