package io.fsmgen.examples.job;

import io.fsmgen.examples.timeline.ImpliedSegments;
import io.fsmgen.examples.timeline.Side;
import io.fsmgen.examples.timeline.Step;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.nio.ConnectionInfo;
import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpEndpoint;
import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Plays one {@link Script} on loopback through the NIO runtime and records every transition of both machines as a
 * timeline step: the segments the table says the step sends and, on Linux, the kernel's own state for that socket
 * at that moment. The machines use a shortened TIME_WAIT so that a life ends in seconds; the kernel keeps its 60 s.
 */
public final class LoopbackLife {

    /** Footnote mark for steps the runtime inferred from {@code accept()}: the kernel did them unseen. */
    public static final String INFERRED = " *";

    private final Duration timeWait;
    private final Duration deadline;
    private final InetAddress loopback;
    private final Consumer<NioTcpRuntime> onRuntime;

    public LoopbackLife(Duration timeWait, Duration deadline, InetAddress loopback) {
        this(timeWait, deadline, loopback, runtime -> {});
    }

    /** {@code onRuntime} is given the runtime as soon as it exists (the live page shows it). */
    public LoopbackLife(Duration timeWait, Duration deadline, InetAddress loopback,
            Consumer<NioTcpRuntime> onRuntime) {
        this.timeWait = timeWait;
        this.deadline = deadline;
        this.loopback = loopback;
        this.onRuntime = onRuntime;
    }

    /** What one run saw. */
    public record Result(List<Step> steps, boolean kernelObserved, List<String> received) {}

    public Result run(Script script) throws IOException, InterruptedException {
        List<Step> steps = new ArrayList<>();
        ImpliedSegments implied = new ImpliedSegments();
        ScheduledExecutorService applications = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scenario-applications");
            thread.setDaemon(true);
            return thread;
        });
        Stage stage = new Stage(applications);
        NioTcpOptions options = NioTcpOptions.defaults().withMsl(timeWait.dividedBy(2));
        try (NioTcpRuntime runtime = NioTcpRuntime.open(options)) {
            onRuntime.accept(runtime);
            long start = System.nanoTime();
            runtime.addListener((endpoint, from, event, to) -> {
                Duration at = Duration.ofNanos(System.nanoTime() - start);
                if (endpoint instanceof NioTcpConnection connection
                        && endpoint.info().kind() == ConnectionInfo.Kind.PASSIVE) {
                    stage.server(connection);
                }
                Optional<String> kernel = runtime.kernelState(endpoint).map(TcpState::name);
                synchronized (steps) {
                    steps.add(new Step(at, sideOf(endpoint), label(endpoint, event, to), from.name(), to.name(),
                            implied.of(from, event), kernel));
                }
            });
            InetSocketAddress target;
            NioTcpListener listener = null;
            if (script.serverListens()) {
                listener = runtime.listen(new InetSocketAddress(loopback, 0),
                        script.server(stage));
                target = listener.localAddress();
            } else {
                target = unusedPort(loopback);
            }
            stage.client(runtime.connect(target, script.client(stage)));
            awaitClosed(stage);
            if (listener != null) {
                listener.close();
            }
            synchronized (steps) {
                return new Result(List.copyOf(steps), runtime.kernelAvailable(), stage.received());
            }
        } finally {
            applications.shutdownNow();
        }
    }

    /** Waits until both ends' machines are CLOSED, TIME_WAIT included. */
    private void awaitClosed(Stage stage) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + deadline.toNanos();
        while (!(isClosed(stage.client()) && isClosed(stage.server()))) {
            if (System.nanoTime() > giveUp) {
                throw new IOException("the connection did not finish its life within " + deadline.toSeconds()
                        + " s (client " + stateOf(stage.client()) + ", server " + stateOf(stage.server()) + ")");
            }
            Thread.sleep(20);
        }
    }

    private static boolean isClosed(NioTcpConnection connection) {
        return connection == null || connection.state() == TcpState.CLOSED;
    }

    private static String stateOf(NioTcpConnection connection) {
        return connection == null ? "none" : connection.state().name();
    }

    /** A loopback port nobody listens on: bound by us a moment ago, then released. */
    private static InetSocketAddress unusedPort(InetAddress loopback) throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(loopback, 0));
            return (InetSocketAddress) probe.getLocalAddress();
        }
    }

    private static String label(NioTcpEndpoint endpoint, TcpEvent event, TcpState to) {
        if (endpoint instanceof NioTcpListener) {
            return "listener " + event;
        }
        boolean handshake = to == TcpState.LISTEN || to == TcpState.SYN_RECEIVED || to == TcpState.ESTABLISHED;
        return endpoint.info().inferredFromAccept() && handshake ? event + INFERRED : event.name();
    }

    private static Side sideOf(NioTcpEndpoint endpoint) {
        return endpoint.info().kind() == ConnectionInfo.Kind.ACTIVE ? Side.CLIENT : Side.SERVER;
    }
}
