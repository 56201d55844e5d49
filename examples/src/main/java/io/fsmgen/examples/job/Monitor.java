package io.fsmgen.examples.job;

import io.fsmgen.examples.timeline.TextWrap;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.SsFormat;
import io.fsmgen.tcp.nio.CloseWaitLeak;
import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpHandler;
import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An echo server with a live {@code ss}-style table of its connections. It also plays its own clients, and its
 * handler forgets to close every third connection the peer finished with: the classic server bug that fills a
 * machine with CLOSE_WAIT sockets. The runtime's leak detector names the handler; the monitor then closes the
 * leaked connections, as a fixed server would.
 */
public final class Monitor {

    static final Duration LEAK_AFTER = Duration.ofSeconds(1);
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration NEW_CLIENT_EVERY = Duration.ofMillis(300);
    /** No new client this close to the end: its connection would still be closing when the monitor stops. */
    private static final Duration CLIENTS_STOP_BEFORE_END = Duration.ofSeconds(2);

    private final PrintStream out;
    private final Duration runFor;
    private final InetSocketAddress address;
    private final Consumer<NioTcpRuntime> onRuntime;

    public Monitor(PrintStream out, Duration runFor, InetSocketAddress address) {
        this(out, runFor, address, runtime -> {});
    }

    /** {@code onRuntime} is given the runtime as soon as it exists (the live page shows it). */
    public Monitor(PrintStream out, Duration runFor, InetSocketAddress address, Consumer<NioTcpRuntime> onRuntime) {
        this.out = out;
        this.runFor = runFor;
        this.address = address;
        this.onRuntime = onRuntime;
    }

    /** What the monitor saw: the leaks reported, and the counts per state at each refresh. */
    public record Report(List<CloseWaitLeak> leaks, List<Map<TcpState, Integer>> counts) {}

    public Report run() throws IOException, InterruptedException {
        List<CloseWaitLeak> leaks = new ArrayList<>();
        List<Map<TcpState, Integer>> counts = new ArrayList<>();
        NioTcpOptions options = NioTcpOptions.defaults()
                .withMsl(Duration.ofMillis(500))
                .withCloseWaitLeak(LEAK_AFTER, leak -> {
                    synchronized (leaks) {
                        leaks.add(leak);
                    }
                    out.print(TextWrap.wrap(leak.toString(), 4));
                });
        ForgetfulEcho server = new ForgetfulEcho();
        try (NioTcpRuntime runtime = NioTcpRuntime.open(options)) {
            onRuntime.accept(runtime);
            NioTcpListener listener;
            try {
                listener = runtime.listen(address, server);
            } catch (BindException e) {
                throw new BindException("port " + address.getPort() + " on " + address.getAddress().getHostAddress()
                        + " is already in use");
            }
            out.print(TextWrap.wrap("Echo server on " + SsFormat.address(listener.localAddress()) + " for "
                    + runFor.toSeconds() + " s; its handler forgets to close every third connection (a CLOSE_WAIT"
                    + " leak). TIME_WAIT shortened to 1 s.", 0));
            long start = System.nanoTime();
            long nextClient = start;
            long nextRefresh = start + REFRESH.toNanos();
            long end = start + runFor.toNanos();
            long clientsUntil = end - CLIENTS_STOP_BEFORE_END.toNanos();
            if (clientsUntil <= start) {
                out.print(TextWrap.wrap("No clients in this run: they stop " + CLIENTS_STOP_BEFORE_END.toSeconds()
                        + " s before the end, so that their connections can finish closing while the table is"
                        + " watched; a run of " + runFor.toSeconds() + " s leaves them no time. Use --seconds "
                        + (CLIENTS_STOP_BEFORE_END.toSeconds() + 2) + " or more to see connections, or connect to "
                        + SsFormat.address(listener.localAddress()) + " yourself.", 0));
            }
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextClient && now < clientsUntil) {
                    runtime.connect(listener.localAddress(), new PingClient());
                    nextClient = now + NEW_CLIENT_EVERY.toNanos();
                }
                if (now >= nextRefresh) {
                    Map<TcpState, Integer> snapshot = runtime.registry().countsByState();
                    counts.add(snapshot);
                    out.printf("%n--- +%ds: %s%n", Duration.ofNanos(now - start).toSeconds(), describe(snapshot));
                    out.print(runtime.registry().render());
                    server.closeLeaked();
                    nextRefresh = now + REFRESH.toNanos();
                }
                Thread.sleep(20);
            }
        }
        synchronized (leaks) {
            out.println();
            out.print(TextWrap.wrap(String.format("Leak detector: %d CLOSE_WAIT leak(s) reported, each naming handler"
                    + " '%s'.", leaks.size(), server), 0));
            return new Report(List.copyOf(leaks), List.copyOf(counts));
        }
    }

    private static String describe(Map<TcpState, Integer> counts) {
        return counts.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Echoes, and on every third connection forgets to close after the peer's FIN, until told to clean up. */
    private static final class ForgetfulEcho implements NioTcpHandler {
        private final AtomicInteger finished = new AtomicInteger();
        private final List<NioTcpConnection> forgotten = new ArrayList<>();

        @Override
        public void data(NioTcpConnection connection, ByteBuffer data) {
            connection.write(data);
        }

        @Override
        public void peerFinished(NioTcpConnection connection) {
            if (finished.incrementAndGet() % 3 == 0) {
                synchronized (forgotten) {
                    forgotten.add(connection);
                }
            } else {
                connection.close();
            }
        }

        /** Closes connections left in CLOSE_WAIT for longer than the leak threshold, once reported. */
        void closeLeaked() {
            List<NioTcpConnection> toClose;
            synchronized (forgotten) {
                toClose = forgotten.stream()
                        .filter(c -> c.info().timeInState().compareTo(LEAK_AFTER.multipliedBy(2)) > 0)
                        .toList();
                forgotten.removeAll(toClose);
            }
            toClose.forEach(NioTcpConnection::close);
        }

        @Override
        public String toString() {
            return "monitor echo server";
        }
    }

    /** Sends one ping, and closes when the echo comes back. */
    private static final class PingClient implements NioTcpHandler {
        @Override
        public void opened(NioTcpConnection connection) {
            connection.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void data(NioTcpConnection connection, ByteBuffer data) {
            connection.close();
        }

        @Override
        public String toString() {
            return "monitor client";
        }
    }
}
