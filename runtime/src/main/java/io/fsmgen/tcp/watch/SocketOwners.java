package io.fsmgen.tcp.watch;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpSnapshot;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which process owns a connection: its socket inode from the kernel's table ({@code /proc/net/tcp{,6}}), then the
 * process whose {@code /proc/<pid>/fd} holds a link to {@code socket:[inode]}.
 *
 * <p>Why snapshots with a time: the kernel's transitions arrive after they happened, so a socket is looked up in a
 * snapshot taken after its transition ({@link #refreshIfOlderThan}); a socket absent from such a snapshot was already
 * gone, and its owner is honestly unknown. One refresh serves every transition that happened before it, so a caller
 * that handles transitions in batches pays one refresh per batch however fast they come.
 *
 * <p>What it cannot see: sockets of other network namespaces (their rows are in their own {@code /proc/net/tcp}),
 * other users' processes without root, orphaned sockets and minisockets (inode 0: no process holds them any more),
 * and a socket passed between processes (the first holder found is reported). Not thread-safe.
 */
public final class SocketOwners {

    private final KernelTcpTable table;
    private final Path proc;
    private final OptionalLong onlyPid;
    private KernelTcpSnapshot snapshot;
    private Map<Long, SocketOwner> byInode = Map.of();
    private boolean taken;
    private long takenAt;

    /** Owners among every process. */
    public SocketOwners() {
        this(OptionalLong.empty());
    }

    /** Owners among one process only, when {@code onlyPid} is given (cheaper: one {@code fd} directory read). */
    public SocketOwners(OptionalLong onlyPid) {
        this(new KernelTcpTable(), Path.of("/proc"), onlyPid);
    }

    SocketOwners(KernelTcpTable table, Path proc, OptionalLong onlyPid) {
        this.table = Objects.requireNonNull(table, "table");
        this.proc = Objects.requireNonNull(proc, "proc");
        this.onlyPid = Objects.requireNonNull(onlyPid, "onlyPid");
    }

    /**
     * Takes new snapshots of the table and the processes' descriptors unless the current ones were started at or
     * after {@code nanos} ({@link System#nanoTime()} clock, the clock of kernel event timestamps).
     *
     * @return true if it refreshed
     */
    public boolean refreshIfOlderThan(long nanos) {
        if (taken && takenAt - nanos >= 0) {
            return false;
        }
        refresh();
        return true;
    }

    /** Takes new snapshots of the table and the processes' descriptors now. */
    public void refresh() {
        taken = true;
        takenAt = System.nanoTime();
        try {
            snapshot = table.snapshot();
        } catch (IOException e) {
            snapshot = null;
            byInode = Map.of();
            return;
        }
        refreshDescriptors();
    }

    /**
     * Reads the processes' descriptors again, not the table: for a caller that has the socket inodes already (from
     * {@code ss} rows, say) and asks {@link #ownerOfInode}.
     */
    public void refreshDescriptors() {
        Map<Long, SocketOwner> owners = new HashMap<>();
        if (onlyPid.isPresent()) {
            scan(proc.resolve(Long.toString(onlyPid.getAsLong())), owners);
        } else {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
                for (Path p : processes) {
                    scan(p, owners);
                }
            } catch (IOException e) {
                // no /proc: owners stay unknown
            }
        }
        byInode = owners;
    }

    private static void scan(Path process, Map<Long, SocketOwner> owners) {
        long pid;
        String command;
        try {
            pid = Long.parseLong(process.getFileName().toString());
            command = Files.readString(process.resolve("comm")).trim();
        } catch (IOException | NumberFormatException gone) {
            return;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closed) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    try {
                        owners.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)),
                                new SocketOwner(pid, command));
                    } catch (NumberFormatException notAnInode) {
                        // not a socket link after all
                    }
                }
            }
        } catch (IOException | SecurityException denied) {
            // the process ended, or it is another user's and this one is not root
        }
    }

    /** The process holding the socket with this inode, as of the last refresh, if any. */
    public Optional<SocketOwner> ownerOfInode(long inode) {
        return inode == 0 ? Optional.empty() : Optional.ofNullable(byInode.get(inode));
    }

    /** The owner of the connection with these addresses in the current snapshot, if any. */
    public Optional<SocketOwner> owner(InetSocketAddress local, InetSocketAddress remote) {
        if (snapshot == null) {
            return Optional.empty();
        }
        Optional<KernelSocketEntry> row = snapshot.lookup(local, remote);
        return row.filter(r -> r.inode() != 0).map(r -> byInode.get(r.inode()));
    }
}
