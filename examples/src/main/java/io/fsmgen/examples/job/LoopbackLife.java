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
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Plays one {@link Script} on loopback through the NIO runtime and records every transition of both machines as a
 * timeline step, with the segments the table says the step sends. Where the kernel's tracepoint can be read
 * ({@link KernelStory}), the kernel's own state changes and resets for the sockets of this life are recorded too, at
 * the kernel's timestamps, and merged with the machines' steps into one order. The machines use a shortened
 * TIME_WAIT so that a life ends in seconds; the kernel keeps its 60 s.
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

    /**
     * What one run saw.
     *
     * @param steps     machine and kernel steps, in one order
     * @param kernel    whether kernel steps were recorded (the tracepoint could be read)
     * @param kernelWhy where the kernel's steps came from, or why there are none
     * @param source    the runtime's source of hidden transitions, and why
     * @param received  what each side's application received, in order
     * @param target    the address the client connected to
     * @param tries     how many lives it took to see what the script wanted (1 unless it retries)
     */
    public record Result(List<Step> steps, boolean kernel, String kernelWhy, String source, List<String> received,
            InetSocketAddress target, int tries) {

        /** The machine steps of one side, in order. */
        public List<Step> machine(Side side) {
            return steps.stream().filter(s -> s.isMachine() && s.side() == side).toList();
        }

        /** The kernel steps of one side, in order. */
        public List<Step> kernelSteps(Side side) {
            return steps.stream().filter(s -> !s.isMachine() && s.side() == side).toList();
        }
    }

    public Result run(Script script) throws IOException, InterruptedException {
        ScheduledExecutorService applications = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scenario-applications");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService closers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "scenario-closer");
            thread.setDaemon(true);
            return thread;
        });
        NioTcpOptions options = NioTcpOptions.defaults().withMsl(timeWait.dividedBy(2)).withThreads(2);
        try (NioTcpRuntime runtime = NioTcpRuntime.open(options);
                KernelStory.Reader kernel = KernelStory.reader();
                RefusingPort refusing = script.serverListens() ? null : new RefusingPort(loopback)) {
            onRuntime.accept(runtime);
            String source = runtime.transitionSource() + " (" + runtime.transitionSourceReason() + ")";
            for (int tries = 1; ; tries++) {
                Attempt attempt = new Attempt(runtime, kernel, new Stage(applications, closers));
                Optional<Result> result = attempt.play(script, refusing, source, tries, tries == script.maxTries());
                if (result.isPresent()) {
                    return result.get();
                }
            }
        } finally {
            applications.shutdownNow();
            closers.shutdownNow();
        }
    }

    /** One life of the script: its own listener, connections, recorder and kernel story. */
    private final class Attempt {
        private final NioTcpRuntime runtime;
        private final KernelStory.Reader reader;
        private final Stage stage;
        private final LifeRecorder recorder;

        Attempt(NioTcpRuntime runtime, KernelStory.Reader reader, Stage stage) {
            this.runtime = runtime;
            this.reader = reader;
            this.stage = stage;
            this.recorder = new LifeRecorder(stage);
        }

        /** The life, or empty when the script wants another try (this one did not show what it is about). */
        Optional<Result> play(Script script, RefusingPort refusing, String source, int tries, boolean last)
                throws IOException, InterruptedException {
            NioTcpListener listener = null;
            InetSocketAddress target;
            if (refusing == null) {
                listener = runtime.listen(new InetSocketAddress(loopback, 0), script.server(stage));
                target = listener.localAddress();
            } else {
                target = refusing.address();
            }
            KernelStory.Opened kernel = reader.story(target.getPort());
            runtime.addListener(recorder);
            try {
                recorder.start();
                if (listener != null) {
                    recorder.listener(listener);
                }
                stage.client(runtime.connect(target, script.client(stage)));
                if (script.maxTries() > 1 && !last) {
                    // Judge the try as soon as both channels are released; a try that missed is not waited for.
                    recorder.awaitBothReleased(deadline);
                    if (!script.shows(result(kernel, target, source, tries))) {
                        kernel.story().ifPresent(KernelStory::close);
                        if (listener != null) {
                            listener.close();
                        }
                        return Optional.empty();
                    }
                }
                recorder.awaitBothClosed(deadline);
                if (listener != null) {
                    listener.close();
                }
            } finally {
                runtime.removeListener(recorder);
            }
            try {
                return Optional.of(result(kernel, target, source, tries));
            } finally {
                kernel.story().ifPresent(KernelStory::close);
            }
        }

        /** What the life showed so far, the kernel's steps up to now included. */
        private Result result(KernelStory.Opened kernel, InetSocketAddress target, String source, int tries)
                throws InterruptedException {
            List<Step> steps = new ArrayList<>(recorder.steps());
            if (kernel.story().isPresent()) {
                KernelStory story = kernel.story().get();
                story.sync();
                steps = story.merge(steps, recorder.startNanos(), target.getPort(), clientPort());
            } else {
                steps = inTimeOrder(steps);
            }
            return new Result(List.copyOf(steps), kernel.story().isPresent(), kernel.why(), source,
                    stage.received(), target, tries);
        }

        private int clientPort() {
            NioTcpConnection client = stage.client();
            return client == null || client.localAddress() == null ? 0 : client.localAddress().getPort();
        }
    }

    /** Records the machines' transitions as steps; tells when both ends' machines are CLOSED. */
    private static final class LifeRecorder implements io.fsmgen.tcp.nio.ConnectionListener {
        private final Stage stage;
        private final ImpliedSegments implied = new ImpliedSegments();
        private final List<Step> steps = new ArrayList<>();
        private long start;
        private NioTcpListener listener;
        private int closed;
        private int opened;

        LifeRecorder(Stage stage) {
            this.stage = stage;
        }

        synchronized void start() {
            start = System.nanoTime();
        }

        synchronized long startNanos() {
            return start;
        }

        synchronized void listener(NioTcpListener l) {
            listener = l;
            // The listener's PASSIVE_OPEN happened before this life's recorder was added: show it at time 0.
            steps.add(Step.machine(Duration.ZERO, Side.LISTENER, TcpEvent.PASSIVE_OPEN.name(), "CLOSED", "LISTEN",
                    List.of()));
        }

        @Override
        public void transitioned(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to) {
            long now = System.nanoTime();
            synchronized (this) {
                if (endpoint instanceof NioTcpConnection c && event == TcpEvent.ACTIVE_OPEN
                        && stage.client() == null) {
                    stage.client(c); // before connect() returns: the handlers may need it at once
                }
                if (!belongs(endpoint)) {
                    return;
                }
                if (endpoint instanceof NioTcpConnection c && endpoint.info().kind() == ConnectionInfo.Kind.PASSIVE
                        && stage.server() == null) {
                    stage.server(c);
                }
                if (from == TcpState.CLOSED && !(endpoint instanceof NioTcpListener)) {
                    opened++;
                }
                if (to == TcpState.CLOSED && !(endpoint instanceof NioTcpListener)) {
                    closed++;
                }
                notifyAll();
                steps.add(Step.machine(Duration.ofNanos(now - start), sideOf(endpoint), label(endpoint, event, to),
                        from.name(), to.name(), implied.of(from, event)));
            }
        }

        /** Only this life's listener and connections: the runtime may still run earlier tries. */
        private boolean belongs(NioTcpEndpoint endpoint) {
            if (endpoint instanceof NioTcpListener) {
                return endpoint == listener;
            }
            NioTcpConnection client = stage.client();
            if (endpoint.info().kind() == ConnectionInfo.Kind.ACTIVE) {
                return endpoint == client;
            }
            return listener != null && endpoint.localAddress() != null
                    && endpoint.localAddress().getPort() == listener.localAddress().getPort();
        }

        synchronized List<Step> steps() {
            return List.copyOf(steps);
        }

        /** Waits until both ends' machines are past their close: in TIME_WAIT or CLOSED. */
        synchronized void awaitBothReleased(Duration deadline) throws IOException, InterruptedException {
            long giveUp = System.nanoTime() + deadline.toNanos();
            while (!(closedOrTimeWait(stage.client()) && closedOrTimeWait(stage.server()))) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the connection did not close within " + deadline.toSeconds() + " s");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        private static boolean closedOrTimeWait(NioTcpConnection c) {
            return c != null && (c.state() == TcpState.TIME_WAIT || c.state() == TcpState.CLOSED);
        }

        /** Waits until every connection this life opened is CLOSED, TIME_WAIT included. */
        synchronized void awaitBothClosed(Duration deadline) throws IOException, InterruptedException {
            long giveUp = System.nanoTime() + deadline.toNanos();
            while (opened == 0 || closed < opened || (listener != null && stage.server() == null)) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the connection did not finish its life within " + deadline.toSeconds()
                            + " s (client " + stateOf(stage.client()) + ", server " + stateOf(stage.server()) + ")");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        private static String stateOf(NioTcpConnection connection) {
            return connection == null ? "none" : connection.state().name();
        }

        private static String label(NioTcpEndpoint endpoint, TcpEvent event, TcpState to) {
            boolean handshake = to == TcpState.LISTEN || to == TcpState.SYN_RECEIVED || to == TcpState.ESTABLISHED;
            return endpoint.info().inferredFromAccept() && handshake ? event + INFERRED : event.name();
        }

        private static Side sideOf(NioTcpEndpoint endpoint) {
            if (endpoint instanceof NioTcpListener) {
                return Side.LISTENER;
            }
            return endpoint.info().kind() == ConnectionInfo.Kind.ACTIVE ? Side.CLIENT : Side.SERVER;
        }
    }

    /**
     * A loopback port where nobody listens, held for the whole life: a socket bound to it and never listening. The
     * kernel answers a SYN to it with a RST, and no other program can take the port meanwhile (a port that is only
     * probed and released can be handed to someone else's connection before the client uses it).
     */
    private static final class RefusingPort implements AutoCloseable {
        private final SocketChannel bound;

        RefusingPort(InetAddress loopback) throws IOException {
            bound = SocketChannel.open();
            bound.bind(new InetSocketAddress(loopback, 0));
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) bound.getLocalAddress();
        }

        @Override
        public void close() throws IOException {
            bound.close();
        }
    }

    /** An address as people write it: {@code 127.0.0.1:36835}, {@code [::1]:39123}. */
    static String address(InetSocketAddress a) {
        return io.fsmgen.tcp.kernel.SsFormat.address(a);
    }

    /** Steps in time order; ties keep their recorded order. */
    static List<Step> inTimeOrder(List<Step> steps) {
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing(Step::at));
        return sorted;
    }
}
