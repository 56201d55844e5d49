package io.fsmgen.examples.watch;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTraceAvailability;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.watch.ConnectionWatcher;
import io.fsmgen.tcp.watch.SocketOwner;
import io.fsmgen.tcp.watch.TimeInState;
import io.fsmgen.tcp.watch.WatchListener;
import io.fsmgen.tcp.watch.WatchTransition;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code watch}: every TCP connection of the host, each with an RFC machine fed by the kernel's tracepoints; prints
 * each transition with the time spent in the previous state, flags what the RFC machine rejects, reports CLOSE_WAIT
 * leaks, and on exit prints time-in-state percentiles. Falls back to {@code /proc} snapshots where the tracepoints
 * cannot be read, and says what that loses.
 */
public final class WatchCommand {

    static final String USAGE = """
            Usage: watch [--port P]... [--pid N] [--state S] [--max-connections N] [--seconds S]
                         [--leak-after S] [--quiet]
              Every TCP connection of the host, as the kernel's tracepoints report it (needs root), each
              followed by an RFC 9293 machine. One line per kernel state change: time, addresses, RFC
              transition, time spent in the previous state, owning pid and command. Linux's own ways
              (listener children, timewait minisockets) are mapped and marked '~'; transitions the RFC
              machine rejects are marked '!'. Ctrl-C or --seconds ends it with time-in-state percentiles.
              --port P             only connections with local or remote port P (repeatable; filtered in the kernel)
              --pid N              only connections owned by process N
              --state S            only transitions into state S (RFC or Linux name, e.g. CLOSE_WAIT, FIN_WAIT2)
              --max-connections N  track at most N connections (default 100000); the oldest are evicted, counted
              --seconds S          stop after S seconds (default: until Ctrl-C)
              --leak-after S       report connections in CLOSE_WAIT longer than S seconds (default 30)
              --quiet              no per-transition lines, only the summary (for load tests)
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Observer observer;

    /**
     * What else wants to see the watch (the live page of {@code --web}): a listener that hears every transition
     * beside the printer, and the watcher once it runs.
     */
    public interface Observer {
        /** Hears every transition on the kernel source's reader thread; must not block. */
        WatchListener listener();

        /** The watcher runs; {@code owners} finds a connection's process. */
        void watching(ConnectionWatcher watcher, Duration leakAfter,
                java.util.function.BiFunction<InetSocketAddress, InetSocketAddress, Optional<String>> owners);
    }

    public WatchCommand(PrintStream out, PrintStream err) {
        this(out, err, null);
    }

    public WatchCommand(PrintStream out, PrintStream err, Observer observer) {
        this.out = out;
        this.err = err;
        this.observer = observer;
    }

    /** Parsed options. */
    record Options(List<Integer> ports, Optional<Long> pid, Optional<String> state, int maxConnections,
                   Optional<Duration> duration, Duration leakAfter, boolean quiet) {}

    /** Runs the command; returns the exit status (0, or 2 for a usage error). */
    public int run(List<String> args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("watch: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        KernelTraceAvailability a = KernelTransitionSource.availability();
        if (!a.isAvailable()) {
            return new SnapshotWatch(out).run(a.reason().orElseThrow(), o);
        }
        try {
            return traced(o);
        } catch (KernelTraceUnavailableException e) {
            return new SnapshotWatch(out).run(e.getMessage(), o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static Options parse(List<String> args) {
        List<Integer> ports = new ArrayList<>();
        Optional<Long> pid = Optional.empty();
        Optional<String> state = Optional.empty();
        int max = 100_000;
        Optional<Duration> duration = Optional.empty();
        Duration leakAfter = Duration.ofSeconds(30);
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--quiet" -> quiet = true;
                case "--port" -> {
                    int p = (int) number(args, ++i, arg, 1, 65535);
                    ports.add(p);
                }
                case "--pid" -> pid = Optional.of(number(args, ++i, arg, 1, Long.MAX_VALUE));
                case "--state" -> state = Optional.of(stateName(value(args, ++i, arg)));
                case "--max-connections" -> max = (int) number(args, ++i, arg, 1, 10_000_000);
                case "--seconds" -> duration = Optional.of(Duration.ofSeconds(number(args, ++i, arg, 1, 86_400)));
                case "--leak-after" -> leakAfter = Duration.ofSeconds(number(args, ++i, arg, 0, 86_400));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new Options(List.copyOf(ports), pid, state, max, duration, leakAfter, quiet);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(List<String> args, int i, String option, long min, long max) {
        String v = value(args, i, option);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ": " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + v + "'");
        }
    }

    /** The RFC name of a state given by its RFC or Linux name. */
    static String stateName(String s) {
        String u = s.toUpperCase(Locale.ROOT).replace('-', '_');
        for (TcpState t : TcpState.values()) {
            if (t.name().equals(u)) {
                return t.name();
            }
        }
        for (KernelTcpState k : KernelTcpState.values()) {
            if (k.name().equals(u) || k.name().equals(u.replace("TCP_", ""))) {
                return k.rfcName();
            }
        }
        throw new IllegalArgumentException("unknown TCP state '" + s + "' (e.g. ESTABLISHED, CLOSE_WAIT, TIME_WAIT)");
    }

    private int traced(Options o) throws KernelTraceUnavailableException, InterruptedException {
        long start = System.nanoTime();
        SocketOwners owners = new SocketOwners();
        Printer printer = new Printer(o, owners, start);
        ConnectionWatcher watcher = new ConnectionWatcher(o.maxConnections(), observer == null ? printer
                : new Both(printer, observer.listener()));
        if (observer != null) {
            SocketOwners pageOwners = new SocketOwners(); // the page asks from its own thread
            observer.watching(watcher, o.leakAfter(), (local, remote) -> pageOwners.owner(local, remote)
                    .map(owner -> owner.pid() + " " + owner.command()));
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown);
        try (KernelTransitionSource source = KernelTransitionSource.open()) {
            out.println("watch: kernel tracepoints through tracefs instance " + source.instanceName()
                    + (o.ports().isEmpty() ? ", every port" : ", ports " + o.ports()) + "; Ctrl-C to stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (KernelTransitionSource.Subscription s = o.ports().isEmpty() ? source.subscribeAll(watcher)
                    : source.subscribe(o.ports(), watcher)) {
                long end = o.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
                while (!stop.await(1, TimeUnit.SECONDS)) {
                    for (ConnectionWatcher.Leak leak : watcher.closeWaitLeaks(o.leakAfter(), System.nanoTime())) {
                        printer.leak(leak);
                    }
                    if (System.nanoTime() >= end) {
                        break;
                    }
                }
                source.sync(Duration.ofSeconds(10));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook released us
                }
            }
            summary(watcher, source.lostEvents(), System.nanoTime() - start);
        }
        return 0;
    }

    private void summary(ConnectionWatcher w, long lost, long nanos) {
        out.printf("%nwatch: %d transitions in %.1f s, %d flagged, %d connections still tracked, %d evicted, "
                + "%d kernel events lost%n", w.transitions(), nanos / 1e9, w.flagged(), w.tracked(), w.evictions(),
                lost);
        TimeInState t = w.timeInState();
        out.printf("%-13s %9s %10s %10s %10s %10s%n", "time in", "samples", "p50", "p90", "p99", "max");
        for (TcpState s : t.states()) {
            out.printf("%-13s %9d %10s %10s %10s %10s%n", s, t.count(s), human(t.percentile(s, 50)),
                    human(t.percentile(s, 90)), human(t.percentile(s, 99)), human(t.percentile(s, 100)));
        }
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

    static String address(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return a.getAddress() instanceof Inet6Address ? "[" + host.replaceAll("(^|:)0(:0)+(:|$)", "::")
                .replaceFirst(":::", "::") + "]:" + a.getPort() : host + ":" + a.getPort();
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

    /** Prints transitions; runs on the source's reader thread, so it only formats and prints. */
    private final class Printer implements WatchListener {
        final Options o;
        final SocketOwners owners;
        final long start;

        Printer(Options o, SocketOwners owners, long start) {
            this.o = o;
            this.owners = owners;
            this.start = start;
        }

        @Override
        public void onTransition(WatchTransition t) {
            if (o.quiet() || o.state().isPresent() && !o.state().get().equals(t.rfcTo().name())) {
                return;
            }
            Optional<SocketOwner> owner = o.pid().isPresent() || !o.quiet() ? owners.owner(t.local(), t.remote())
                    : Optional.empty();
            if (o.pid().isPresent() && owner.map(x -> x.pid() != o.pid().get()).orElse(true)) {
                return;
            }
            String mark = t.flagged() ? "!" : t.note().isPresent() ? "~" : " ";
            String line = String.format("%+9.3fs %-45s %s %-28s %8s %s", (t.timestampNanos() - start) / 1e9,
                    address(t.local()) + " > " + address(t.remote()), mark, t.rfcFrom() + " -> " + t.rfcTo(),
                    human(t.nanosInPrevious()), owner.map(x -> x.pid() + " " + x.command()).orElse(""));
            out.println(line.length() > 120 ? line.substring(0, 120) : line);
            t.rejection().ifPresent(r -> out.println("          ! not RFC: " + r));
        }

        @Override
        public void onEventsLost(long count) {
            out.println("          ! the kernel lost " + count + " events: some connections may miss transitions");
        }

        void leak(ConnectionWatcher.Leak leak) {
            Optional<SocketOwner> owner = owners.owner(leak.local(), leak.remote());
            out.println("          ! CLOSE_WAIT for " + human(leak.age().toNanos()) + ": " + address(leak.local())
                    + " > " + address(leak.remote()) + owner.map(x -> " held by " + x.pid() + " " + x.command())
                    .orElse("") + " (the application has not closed it)");
        }
    }
}
