package io.fsmgen.examples.watch;

import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.watch.ConnectionWatcher;
import io.fsmgen.tcp.watch.SocketOwner;
import io.fsmgen.tcp.watch.SocketOwners;
import io.fsmgen.tcp.watch.WatchListener;
import io.fsmgen.tcp.watch.WatchTransition;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints {@code watch}'s lines on a thread of its own: the kernel source's reader thread only filters by state and
 * queues, so a slow terminal or an owner lookup never holds up the kernel's buffer. Owners are looked up in batches:
 * one {@link SocketOwners} refresh, taken after the newest transition of the batch, serves the whole batch.
 *
 * <p>Should the queue fill (output slower than the kernel's transitions), lines are dropped and counted, never the
 * machines' state: {@link #dropped()}.
 */
final class TransitionPrinter implements WatchListener {

    static final int QUEUE = 65_536;
    private static final int BATCH = 4096;

    /** One thing to print. */
    private sealed interface Item {
        long timestampNanos();
    }

    private record Transition(WatchTransition t) implements Item {
        @Override
        public long timestampNanos() {
            return t.timestampNanos();
        }
    }

    private record Leak(ConnectionWatcher.Leak leak, long timestampNanos) implements Item {}

    private record Lost(long count, long timestampNanos) implements Item {}

    private record End(long timestampNanos) implements Item {}

    private record Known(InetSocketAddress local, InetSocketAddress remote, SocketOwner owner) {}

    private final WatchOptions options;
    private final PrintStream out;
    private final long start;
    private final SocketOwners owners;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    /**
     * Owners found for live connections, so that a socket gone from the table still shows its owner at its end; kept
     * with the addresses they were found for, since a kernel socket address is reused once its socket is freed.
     */
    private final Map<Long, Known> known;
    private final Thread thread;

    TransitionPrinter(WatchOptions options, PrintStream out, long start) {
        this.options = options;
        this.out = out;
        this.start = start;
        this.owners = new SocketOwners(options.pid());
        int bound = options.maxConnections();
        this.known = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Known> eldest) {
                return size() > bound;
            }
        };
        this.thread = new Thread(this::run, "watch-printer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Lines dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void onTransition(WatchTransition t) {
        if (options.quiet() && !t.flagged()
                || options.state().isPresent() && options.state().get() != t.rfcTo()) {
            return;
        }
        offer(new Transition(t));
    }

    @Override
    public void onEventsLost(long count) {
        offer(new Lost(count, System.nanoTime()));
    }

    /** Reports a connection left in CLOSE_WAIT (printed whatever {@code --state} and {@code --quiet} say). */
    void leak(ConnectionWatcher.Leak leak) {
        offer(new Leak(leak, System.nanoTime()));
    }

    private void offer(Item item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
        }
    }

    /** Prints everything queued so far, then stops the thread. */
    void finish() throws InterruptedException {
        queue.put(new End(System.nanoTime()));
        thread.join();
    }

    private void run() {
        List<Item> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                long newest = Long.MIN_VALUE;
                for (Item i : batch) {
                    if (i instanceof Transition || i instanceof Leak) {
                        newest = Math.max(newest, i.timestampNanos());
                    }
                }
                if (newest != Long.MIN_VALUE) {
                    owners.refreshIfOlderThan(newest);
                }
                for (Item i : batch) {
                    if (i instanceof End) {
                        out.flush();
                        return;
                    }
                    print(i);
                }
                batch.clear();
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void print(Item item) {
        if (item instanceof Transition tr) {
            WatchTransition t = tr.t();
            Optional<SocketOwner> owner = owner(t.socket(), t.local(), t.remote());
            if (t.kernelTo() == KernelTcpState.CLOSE) {
                known.remove(t.socket());
            }
            if (!wanted(owner)) {
                return;
            }
            String mark = t.flagged() ? "!" : t.note().isPresent() ? "~" : " ";
            String line = String.format("%+9.3fs %-45s %s %-28s %8s %s", (t.timestampNanos() - start) / 1e9,
                    address(t.local()) + " > " + address(t.remote()), mark, t.rfcFrom() + " -> " + t.rfcTo(),
                    human(t.nanosInPrevious()), owner.map(o -> o.pid() + " " + o.command()).orElse(""));
            out.println(line.length() > 120 ? line.substring(0, 120) : line);
            t.rejection().ifPresent(r -> out.println("          ! not RFC: " + r));
        } else if (item instanceof Leak l) {
            ConnectionWatcher.Leak leak = l.leak();
            Optional<SocketOwner> owner = owner(leak.socket(), leak.local(), leak.remote());
            if (wanted(owner)) {
                out.println("          ! CLOSE_WAIT for " + human(leak.age().toNanos()) + ": " + address(leak.local())
                        + " > " + address(leak.remote()) + owner.map(o -> " held by " + o.pid() + " " + o.command())
                        .orElse("") + " (the application has not closed it)");
            }
        } else if (item instanceof Lost l) {
            out.println("          ! the kernel lost " + l.count() + " events: some connections may miss transitions");
        }
    }

    private Optional<SocketOwner> owner(long socket, InetSocketAddress local, InetSocketAddress remote) {
        Known cached = known.get(socket);
        if (cached != null && cached.local().equals(local) && cached.remote().equals(remote)) {
            return Optional.of(cached.owner());
        }
        Optional<SocketOwner> found = owners.owner(local, remote);
        found.ifPresent(o -> known.put(socket, new Known(local, remote, o)));
        return found;
    }

    private boolean wanted(Optional<SocketOwner> owner) {
        return options.pid().isEmpty() || owner.map(o -> o.pid() == options.pid().getAsLong()).orElse(false);
    }

    static String human(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        if (nanos < 1_000_000) {
            return String.format("%.0fus", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format("%.1fms", nanos / 1e6);
        }
        return String.format("%.2fs", nanos / 1e9);
    }

    /** {@code 127.0.0.1:36835} or {@code [::1]:39123}. */
    static String address(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return a.getAddress() instanceof Inet6Address ? "[" + compress(host) + "]:" + a.getPort()
                : host + ":" + a.getPort();
    }

    /** The shortest form of a full IPv6 text ({@code 0:0:0:0:0:0:0:1} to {@code ::1}). */
    static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
