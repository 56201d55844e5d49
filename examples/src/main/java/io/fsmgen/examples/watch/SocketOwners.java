package io.fsmgen.examples.watch;

import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpSnapshot;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.watch.SocketOwner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which process owns a connection: its socket inode from the kernel's table, then the process whose
 * {@code /proc/<pid>/fd} links to {@code socket:[inode]}. Both maps are rebuilt at most every
 * {@value #REFRESH_MILLIS} ms, on a miss, so attribution costs little at high event rates (and may miss a
 * connection that lived less than that).
 */
final class SocketOwners {

    static final long REFRESH_MILLIS = 500;
    private final KernelTcpTable table = new KernelTcpTable();
    private KernelTcpSnapshot snapshot;
    private Map<Long, SocketOwner> byInode = Map.of();
    private long refreshedAt = Long.MIN_VALUE;

    Optional<SocketOwner> owner(InetSocketAddress local, InetSocketAddress remote) {
        Optional<SocketOwner> o = find(local, remote);
        if (o.isEmpty() && System.nanoTime() - refreshedAt > REFRESH_MILLIS * 1_000_000) {
            refresh();
            o = find(local, remote);
        }
        return o;
    }

    private Optional<SocketOwner> find(InetSocketAddress local, InetSocketAddress remote) {
        if (snapshot == null) {
            return Optional.empty();
        }
        Optional<KernelSocketEntry> e = snapshot.lookup(local, remote);
        return e.filter(x -> x.inode() != 0).map(x -> byInode.get(x.inode()));
    }

    private void refresh() {
        refreshedAt = System.nanoTime();
        try {
            snapshot = table.snapshot();
        } catch (IOException e) {
            snapshot = null;
            return;
        }
        Map<Long, SocketOwner> map = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String comm;
                try {
                    comm = Files.readString(proc.resolve("comm")).trim();
                } catch (IOException gone) {
                    continue;
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[")) {
                                map.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)),
                                        new SocketOwner(pid, comm));
                            }
                        } catch (IOException | NumberFormatException closed) {
                            // the descriptor closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException denied) {
                    // another user's process without root, or gone
                }
            }
        } catch (IOException e) {
            return;
        }
        byInode = map;
    }
}
