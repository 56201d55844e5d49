package io.fsmgen.examples.watch;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTraceAvailability;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.watch.ConnectionWatcher;
import io.fsmgen.tcp.watch.SocketOwners;
import io.fsmgen.tcp.watch.TimeInState;
import io.fsmgen.tcp.watch.WatchListener;
import io.fsmgen.tcp.watch.WatchTransition;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code watch}: every TCP connection of the host, each with an RFC machine fed by the kernel's tracepoints; prints
 * each transition with the time spent in the previous state, flags what the RFC machine rejects, reports CLOSE_WAIT
 * leaks, and on exit prints time-in-state percentiles and what watching cost. Falls back to {@code ss} snapshots where
 * the tracepoints cannot be read, and says what that loses.
 */
public final class WatchCommand {

    /** How long Ctrl-C waits for the summary before the JVM exits anyway. */
    private static final Duration SUMMARY_BOUND = Duration.ofSeconds(10);
    /** The oldest owner snapshot the live page is answered from. */
    private static final long PAGE_OWNERS_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final PrintStream out;
    private final PrintStream err;
    private final Observer observer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * What else wants to see the watch (the live page of {@code --web}): a listener that hears every transition
     * beside the printer, and the watcher once it runs.
     */
    public interface Observer {
        /** Hears every transition on the kernel source's reader thread; must not block. */
        WatchListener listener();

        /** The watcher runs; {@code owners} finds a connection's process (from a snapshot at most 0.5 s old). */
        void watching(ConnectionWatcher watcher, Duration leakAfter,
                BiFunction<InetSocketAddress, InetSocketAddress, Optional<String>> owners);
    }

    public WatchCommand(PrintStream out, PrintStream err) {
        this(out, err, null);
    }

    public WatchCommand(PrintStream out, PrintStream err, Observer observer) {
        this.out = out;
        this.err = err;
        this.observer = observer;
    }

    /** Ends a running {@link #run}, as Ctrl-C does: it prints its summary and returns. */
    public void stop() {
        stop.countDown();
    }

    /** Runs the command; returns the exit status (0, 1 when it could not watch, 2 for a usage error). */
    public int run(List<String> args) {
        Optional<WatchOptions> parsed;
        try {
            parsed = WatchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("watch: " + e.getMessage());
            err.print(WatchOptions.USAGE);
            return 2;
        }
        if (parsed.isEmpty()) {
            out.print(WatchOptions.USAGE);
            return 0;
        }
        WatchOptions o = parsed.get();
        Thread hook = new Thread(this::interrupted, "watch-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            KernelTraceAvailability a = o.tracefs().map(KernelTransitionSource::availability)
                    .orElseGet(KernelTransitionSource::availability);
            if (!a.isAvailable()) {
                return new SnapshotWatch(out, stop).run(a.reason().orElseThrow(), o);
            }
            try {
                return traced(o);
            } catch (KernelTraceUnavailableException e) {
                return new SnapshotWatch(out, stop).run(e.getMessage(), o);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this summary
            }
        }
    }

    /** Ctrl-C or SIGTERM: stop, and hold the JVM until the summary is out. */
    private void interrupted() {
        stop();
        try {
            finished.await(SUMMARY_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int traced(WatchOptions o) throws KernelTraceUnavailableException, InterruptedException {
        long start = System.nanoTime();
        TransitionPrinter printer = new TransitionPrinter(o, out, start);
        ConnectionWatcher watcher = new ConnectionWatcher(o.maxConnections(), observer == null ? printer
                : new Both(printer, observer.listener()));
        if (observer != null) {
            // the page asks from its own thread, for connections it lists: a snapshot at most half a second old
            SocketOwners pageOwners = new SocketOwners();
            observer.watching(watcher, o.leakAfter(), (local, remote) -> {
                synchronized (pageOwners) {
                    pageOwners.refreshIfOlderThan(System.nanoTime() - PAGE_OWNERS_AGE_NANOS);
                    return pageOwners.owner(local, remote).map(owner -> owner.pid() + " " + owner.command());
                }
            });
        }
        KernelTransitionSource.Options options = KernelTransitionSource.Options.defaults();
        if (o.tracefs().isPresent()) {
            options = options.withTracefs(o.tracefs().get());
        }
        try (KernelTransitionSource source = KernelTransitionSource.open(options)) {
            printer.start();
            try (KernelTransitionSource.Subscription s = o.ports().isEmpty() ? source.subscribeAll(watcher)
                    : source.subscribe(o.ports(), watcher)) {
                out.println("watch: kernel tracepoints through tracefs instance " + source.instanceName()
                        + (o.ports().isEmpty() ? ", every port" : ", ports " + o.ports()) + "; Ctrl-C to stop");
                tick(o, watcher, source, printer, start);
                try {
                    source.sync(Duration.ofSeconds(10));
                } catch (IllegalStateException closedOrFailed) {
                    // closed by the source's own exit hook (Ctrl-C), or failed (said below): what was delivered is
                    // what there is
                }
                watcher.settle(Long.MAX_VALUE); // no RST can follow a change any more: the rest are minisockets
            }
            printer.finish();
            summary(watcher, source.lostEvents(), printer.dropped(), System.nanoTime() - start);
            Optional<IOException> failure = source.failure();
            if (failure.isPresent()) {
                out.println("watch: reading the kernel's trace failed, so the counts above stop there: "
                        + failure.get().getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** Once a second until stopped: CLOSE_WAIT leaks (each once), and in quiet mode a status line. */
    private void tick(WatchOptions o, ConnectionWatcher watcher, KernelTransitionSource source,
                      TransitionPrinter printer, long start) throws InterruptedException {
        long end = o.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        Set<Long> reported = new HashSet<>();
        long lastTick = start;
        long lastCount = 0;
        while (!stop.await(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)),
                TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            // A quiet host holds no change back: one still ambiguous after a second had no RST after it (the stream,
            // when busy, settles them sooner; a reader a second behind the kernel is far behind)
            watcher.settle(now - TimeUnit.SECONDS.toNanos(1));
            Set<Long> leaking = new HashSet<>();
            for (ConnectionWatcher.Leak leak : watcher.closeWaitLeaks(o.leakAfter(), now)) {
                leaking.add(leak.socket());
                if (reported.add(leak.socket())) {
                    printer.leak(leak);
                }
            }
            reported.retainAll(leaking);
            if (o.quiet()) {
                long count = watcher.transitions();
                out.printf("watch: %+7.1fs %,11d transitions (%,7.0f/s), %,7d tracked, %,d flagged, %,d evicted, "
                        + "%,d lost%n", (now - start) / 1e9, count,
                        (count - lastCount) * 1e9 / Math.max(1, now - lastTick), watcher.tracked(),
                        watcher.flagged(), watcher.evictions(), source.lostEvents());
                lastCount = count;
                lastTick = now;
            }
            if (now - end >= 0 || source.failure().isPresent()) {
                return;
            }
        }
    }

    /** Two listeners, in order. */
    private record Both(WatchListener first, WatchListener second) implements WatchListener {
        @Override
        public void onTransition(WatchTransition transition) {
            first.onTransition(transition);
            second.onTransition(transition);
        }

        @Override
        public void onEventsLost(long count) {
            first.onEventsLost(count);
            second.onEventsLost(count);
        }

        @Override
        public void onEvicted(long socket) {
            first.onEvicted(socket);
            second.onEvicted(socket);
        }
    }

    private void summary(ConnectionWatcher w, long lost, long dropped, long nanos) {
        out.printf("%nwatch: %d transitions in %.1f s, %d flagged, %d connections still tracked, %d evicted, "
                + "%d kernel events lost%s%n", w.transitions(), nanos / 1e9, w.flagged(), w.tracked(), w.evictions(),
                lost, dropped == 0 ? "" : ", " + dropped + " lines not printed (output too slow)");
        TimeInState t = w.timeInState();
        out.printf("%-13s %9s %10s %10s %10s %10s%n", "time in", "samples", "p50", "p90", "p99", "max");
        for (TcpState s : t.states()) {
            out.printf("%-13s %9d %10s %10s %10s %10s%n", s, t.count(s), TransitionPrinter.human(t.percentile(s, 50)),
                    TransitionPrinter.human(t.percentile(s, 90)), TransitionPrinter.human(t.percentile(s, 99)),
                    TransitionPrinter.human(t.percentile(s, 100)));
        }
        out.println("watch: " + ResourceUse.measure().describe(Duration.ofNanos(nanos)));
        out.flush();
    }
}
