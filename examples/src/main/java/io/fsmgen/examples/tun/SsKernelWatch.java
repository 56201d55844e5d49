package io.fsmgen.examples.tun;

import io.fsmgen.linux.NetworkNamespace;
import io.fsmgen.tcp.kernel.KernelSocketEntry;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The kernel's column from {@code ss} snapshots taken inside the namespace one after another on a thread of their
 * own: each change of a watched socket's state between two snapshots becomes a row, stamped with the time of the
 * snapshot that saw it. What it cannot do is see a state that began and ended between two snapshots (a few
 * milliseconds apart): such a row is missing, and a row's time is when it was seen, not when it happened.
 */
final class SsKernelWatch implements KernelWatch {

    private final NetworkNamespace namespace;
    private final int port;
    private final String why;
    private final List<KernelRow> rows = new ArrayList<>();
    private final Map<InetSocketAddress, KernelTcpState> last = new HashMap<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private long snapshots;
    private final Thread poller;
    private volatile boolean running = true;
    private IOException failure;

    /** Watches sockets on {@code port} in {@code namespace}; {@code why} says why the tracepoints are not used. */
    SsKernelWatch(NetworkNamespace namespace, int port, String why) {
        this.namespace = namespace;
        this.port = port;
        this.why = why;
        this.poller = new Thread(this::poll, "ss in " + namespace.name());
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public String source() {
        return "the kernel column comes from ss snapshots inside the namespace (" + why + "): a state shorter than"
                + " the few milliseconds between two snapshots is not shown, and times are when ss saw a state";
    }

    /** Completes when a snapshot that began after this call is recorded. */
    @Override
    public synchronized CompletableFuture<Void> settled() {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        if (failure != null) {
            settled.completeExceptionally(failure);
        } else {
            waiting.add(new Waiter(snapshots + 2, settled)); // the one under way may have begun before this call
        }
        return settled;
    }

    @Override
    public synchronized List<KernelRow> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        while (running) {
            long before = System.nanoTime();
            List<KernelSocketEntry> sockets;
            try {
                sockets = namespace.tcpSockets();
            } catch (IOException e) {
                fail(e);
                return;
            }
            record(before + (System.nanoTime() - before) / 2, sockets);
        }
    }

    private synchronized void fail(IOException e) {
        failure = e;
        waiting.forEach(waiter -> waiter.settled.completeExceptionally(e));
        waiting.clear();
    }

    private synchronized void record(long at, List<KernelSocketEntry> sockets) {
        Map<InetSocketAddress, KernelTcpState> now = new HashMap<>();
        for (KernelSocketEntry entry : sockets) {
            if (entry.local().getPort() == port) {
                now.put(entry.remote(), entry.state());
            }
        }
        for (Map.Entry<InetSocketAddress, KernelTcpState> seen : now.entrySet()) {
            KernelTcpState before = last.get(seen.getKey());
            if (before != seen.getValue()) {
                rows.add(new KernelRow(at, label(seen.getKey(), before) + " -> " + seen.getValue()));
            }
        }
        for (Map.Entry<InetSocketAddress, KernelTcpState> gone : last.entrySet()) {
            if (!now.containsKey(gone.getKey())) {
                rows.add(new KernelRow(at, gone.getValue() + " -> CLOSE (gone)"));
            }
        }
        last.clear();
        last.putAll(now);
        snapshots++;
        waiting.removeIf(waiter -> waiter.snapshot <= snapshots && waiter.settled.complete(null));
    }

    private record Waiter(long snapshot, CompletableFuture<Void> settled) {
    }

    private static String label(InetSocketAddress remote, KernelTcpState before) {
        if (before != null) {
            return before.name();
        }
        return remote.getPort() == 0 ? "CLOSE" : "(new)";
    }
}
