package io.fsmgen.examples.job;

import io.fsmgen.examples.timeline.Side;
import io.fsmgen.examples.timeline.Step;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTraceAvailability;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's own story of one life: every state change and reset of the sockets on the server's port, read from
 * the kernel's tracepoints ({@link KernelTransitionSource}) with the kernel's timestamps, which share
 * {@link System#nanoTime()}'s clock. {@link #merge} puts them among the machines' steps in one time order; steps the
 * runtime inferred from {@code accept()} take the time of the kernel change they mirror, so the server's handshake
 * shows where it happened, not where {@code accept()} ran.
 */
final class KernelStory implements AutoCloseable {

    /** A story, or why there is none. */
    record Opened(Optional<KernelStory> story, String why) {}

    /**
     * The kernel's tracepoints for a whole run, opened once (a tracefs instance is slow to create on a loaded
     * machine): each life subscribes to its own port on it.
     */
    static final class Reader implements AutoCloseable {
        private final Optional<KernelTransitionSource> source;
        private final String why;

        private Reader(Optional<KernelTransitionSource> source, String why) {
            this.source = source;
            this.why = why;
        }

        /** Starts recording the kernel's events for the sockets on {@code port}, where the tracepoints can be read. */
        Opened story(int port) {
            return new Opened(source.map(s -> new KernelStory(s, port)), why);
        }

        @Override
        public void close() {
            source.ifPresent(KernelTransitionSource::close);
        }
    }

    private final KernelTransitionSource source;
    private final KernelTransitionSource.Subscription subscription;
    private final List<KernelTcpEvent> events = new ArrayList<>();

    private KernelStory(KernelTransitionSource source, int port) {
        this.source = source;
        this.subscription = source.subscribe(List.of(port), this::record);
    }

    /** Opens the kernel's tracepoints for a run, or says why they cannot be read. */
    static Reader reader() {
        KernelTraceAvailability availability = KernelTransitionSource.availability();
        if (!availability.isAvailable()) {
            return new Reader(Optional.empty(), availability.toString());
        }
        try {
            return new Reader(Optional.of(KernelTransitionSource.open()),
                    "the tracepoints sock:inet_sock_set_state, tcp:tcp_send_reset and tcp:tcp_receive_reset");
        } catch (KernelTraceUnavailableException e) {
            return new Reader(Optional.empty(), "kernel tracepoints unavailable: " + e.getMessage());
        }
    }

    private void record(KernelTcpEvent event) {
        synchronized (events) {
            events.add(event);
        }
    }

    /** Waits until every event the kernel recorded so far has arrived. */
    void sync() throws InterruptedException {
        source.sync(Duration.ofSeconds(30));
    }

    /** The events recorded so far, in kernel order. */
    List<KernelTcpEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * The machines' {@code steps} with this story's kernel steps for the sockets of {@code clientPort} and the
     * server's {@code serverPort}, in time order from {@code startNanos}.
     */
    List<Step> merge(List<Step> steps, long startNanos, int serverPort, int clientPort) {
        List<Step> kernel = new ArrayList<>();
        List<KernelTcpEvent> events = events();
        long clientSocket = clientSocket(events, serverPort);
        for (KernelTcpEvent e : events) {
            if (!(e instanceof KernelTcpEvent.SocketEvent s)) {
                continue;
            }
            Optional<Side> side = s.socket() != 0 && s.socket() == clientSocket ? Optional.of(Side.CLIENT)
                    : sideOf(s, serverPort, clientPort);
            if (side.isEmpty()) {
                continue;
            }
            Duration at = Duration.ofNanos(Math.max(0, e.timestampNanos() - startNanos));
            if (e instanceof KernelTcpEvent.StateChange c) {
                kernel.add(Step.kernel(at, side.get(), c.oldState().name(), c.newState().name()));
            } else if (e instanceof KernelTcpEvent.ResetSent) {
                kernel.add(Step.kernelEvent(at, side.get(), "RST sent", List.of("RST")));
            } else if (e instanceof KernelTcpEvent.ResetReceived) {
                kernel.add(Step.kernelEvent(at, side.get(), "RST received", List.of()));
            }
        }
        List<Step> machine = new ArrayList<>();
        for (Step step : steps) {
            machine.add(retimeClose(retimeInferred(step, kernel), kernel));
        }
        List<Step> all = new ArrayList<>(kernel);
        all.addAll(machine);
        // Kernel first on equal times: the kernel acts, the runtime then records what it learned.
        all.sort(Comparator.comparing(Step::at).thenComparing(s -> s.isMachine()));
        return all;
    }

    /**
     * The client's socket: the one whose connect to the server's port the kernel reported as {@code CLOSE ->
     * SYN_SENT} (with local port 0: the port is chosen just after), found by its kernel address.
     */
    private static long clientSocket(List<KernelTcpEvent> events, int serverPort) {
        for (KernelTcpEvent e : events) {
            if (e instanceof KernelTcpEvent.StateChange c && c.remote().getPort() == serverPort
                    && c.newState() == io.fsmgen.tcp.kernel.KernelTcpState.SYN_SENT) {
                return c.socket();
            }
        }
        return 0;
    }

    /** Which side a kernel event is about, by its ports; empty for other sockets on the port (earlier tries). */
    private static Optional<Side> sideOf(KernelTcpEvent.SocketEvent s, int serverPort, int clientPort) {
        int local = s.local().getPort();
        int remote = s.remote().getPort();
        if (s instanceof KernelTcpEvent.ResetSent r && r.socket() == 0 && local == serverPort) {
            return Optional.of(Side.SERVER); // the answer of a port without a socket: refused
        }
        if (local == serverPort && remote == 0) {
            return Optional.of(Side.LISTENER);
        }
        if (local == serverPort && remote == clientPort) {
            return Optional.of(Side.SERVER);
        }
        if (remote == serverPort && (local == clientPort || local == 0)) {
            return Optional.of(Side.CLIENT);
        }
        return Optional.empty();
    }

    /**
     * A close's steps at the time of the kernel change they mirror, where that came first. The runtime sends its FIN
     * before its machine takes CLOSE, and takes it when the kernel says which transition the syscall made
     * (ESTABLISHED -> FIN_WAIT1, or CLOSE_WAIT -> LAST_ACK after the peer's FIN, then RCV_FIN first): drawn at the
     * machine's time, the FIN would leave after the peer had received it.
     */
    private static Step retimeClose(Step step, List<Step> kernel) {
        if (!step.isMachine()) {
            return step;
        }
        String linuxTo = switch (step.event() + " " + step.to()) {
            case "CLOSE FIN_WAIT_1" -> "FIN_WAIT1";
            case "CLOSE LAST_ACK" -> "LAST_ACK";
            case "RCV_FIN CLOSE_WAIT" -> "CLOSE_WAIT";
            default -> null;
        };
        if (linuxTo == null) {
            return step;
        }
        for (Step k : kernel) {
            if (k.side() == step.side() && k.changesState() && k.to().equals(linuxTo)
                    && k.at().compareTo(step.at()) < 0) {
                return new Step(k.at(), step.side(), step.lane(), step.event(), step.from(), step.to(),
                        step.segments());
            }
        }
        return step;
    }

    /** A step inferred from accept() at the time of the kernel change it mirrors. */
    private static Step retimeInferred(Step step, List<Step> kernel) {
        if (!step.isMachine() || step.side() != Side.SERVER || !step.event().endsWith(LoopbackLife.INFERRED)) {
            return step;
        }
        String linuxTo = switch (step.to()) {
            case "LISTEN", "SYN_RECEIVED" -> "SYN_RECV";
            case "ESTABLISHED" -> "ESTABLISHED";
            default -> null;
        };
        for (Step k : kernel) {
            if (k.side() == Side.SERVER && k.changesState() && k.to().equals(linuxTo)) {
                return new Step(k.at(), step.side(), step.lane(), step.event(), step.from(), step.to(),
                        step.segments());
            }
        }
        return step;
    }

    /** Ends this life's subscription; the run's {@link Reader} keeps the tracepoints open. */
    @Override
    public void close() {
        subscription.close();
    }
}
