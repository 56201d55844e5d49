package io.fsmgen.examples.watch;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The options of {@code watch}.
 *
 * @param ports          only connections with one of these local or remote ports; empty for all
 * @param pid            only connections owned by this process
 * @param state          only transitions into this RFC state (its {@link TcpState} name)
 * @param maxConnections the most connections tracked at once
 * @param duration       how long to run; empty for until stopped
 * @param leakAfter      CLOSE_WAIT longer than this is reported as a leak
 * @param quiet          a status line per second instead of a line per transition (flagged ones still printed)
 * @param tracefs        the tracefs root to use instead of finding (or mounting) it
 */
record WatchOptions(List<Integer> ports, OptionalLong pid, Optional<TcpState> state, int maxConnections,
                    Optional<Duration> duration, Duration leakAfter, boolean quiet, Optional<Path> tracefs) {

    static final String USAGE = """
            Usage: watch [--port P]... [--pid N] [--state S] [--max-connections N] [--seconds S]
                         [--leak-after S] [--quiet] [--tracefs DIR]
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
              --quiet              only flagged transitions, leaks and losses: a status line per second instead
              --tracefs DIR        use tracefs mounted at DIR (default: found in /proc/self/mounts, else mounted)
            """;

    /** The options in {@code args}, or empty when help was asked for. */
    static Optional<WatchOptions> parse(List<String> args) {
        List<Integer> ports = new ArrayList<>();
        OptionalLong pid = OptionalLong.empty();
        Optional<TcpState> state = Optional.empty();
        int max = 100_000;
        Optional<Duration> duration = Optional.empty();
        Duration leakAfter = Duration.ofSeconds(30);
        boolean quiet = false;
        Optional<Path> tracefs = Optional.empty();
        Optional<String> twice = io.fsmgen.examples.RepeatedOption.first(args, java.util.Set.of("--port"));
        if (twice.isPresent()) {
            throw new IllegalArgumentException("option " + twice.get() + " given twice (only --port may repeat)");
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> {
                    return Optional.empty();
                }
                case "--quiet" -> quiet = true;
                case "--port" -> ports.add((int) number(args, ++i, arg, 1, 65535));
                case "--pid" -> {
                    long wanted = number(args, ++i, arg, 1, Long.MAX_VALUE);
                    if (ProcessHandle.of(wanted).isEmpty()) {
                        throw new IllegalArgumentException("--pid " + wanted + ": no such process");
                    }
                    pid = OptionalLong.of(wanted);
                }
                case "--state" -> state = Optional.of(state(value(args, ++i, arg)));
                case "--max-connections" -> max = (int) number(args, ++i, arg, 1, 10_000_000);
                case "--seconds" -> duration = Optional.of(Duration.ofSeconds(number(args, ++i, arg, 1, 86_400)));
                case "--leak-after" -> leakAfter = Duration.ofSeconds(number(args, ++i, arg, 0, 86_400));
                case "--tracefs" -> tracefs = Optional.of(Path.of(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return Optional.of(new WatchOptions(List.copyOf(ports), pid, state, max, duration, leakAfter, quiet,
                tracefs));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(List<String> args, int i, String option, long min, long max) {
        String v = value(args, i, option);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ": " + v);
        }
        return n;
    }

    /** The RFC state given by its RFC or Linux name. */
    static TcpState state(String s) {
        String u = s.toUpperCase(Locale.ROOT).replace('-', '_');
        for (TcpState t : TcpState.values()) {
            if (t.name().equals(u)) {
                return t;
            }
        }
        for (KernelTcpState k : KernelTcpState.values()) {
            if (k.name().equals(u) || k.name().equals(u.replace("TCP_", ""))) {
                return TcpState.valueOf(k.rfcName());
            }
        }
        throw new IllegalArgumentException("unknown TCP state '" + s + "' (e.g. ESTABLISHED, CLOSE_WAIT, TIME_WAIT)");
    }
}
