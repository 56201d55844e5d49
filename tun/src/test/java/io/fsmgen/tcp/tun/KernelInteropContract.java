package io.fsmgen.tcp.tun;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.CLOSING;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.tun.InteropLife.Direction;
import io.fsmgen.tcp.tun.InteropLife.Ending;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint against the real Linux kernel through a TUN device in a private namespace, stock sysctls: every
 * opening direction with every ending, payloads compared by SHA-256, and both sides' final states, the endpoint's
 * from {@code state()} and its path, the kernel's from {@code ss} inside the namespace. Subclasses choose the link's
 * impairment and the payload sizes. Needs root and TUN; skipped with the reason where they are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KernelInteropContract {

    static final int MTU = 1500;
    private final AtomicInteger lives = new AtomicInteger();
    private TunNamespace net;
    private EndpointLoop loop;
    private KernelTransitionSource transitions;

    abstract Impairment impairment();

    abstract int bytesEachWay(Direction direction, Ending ending);

    /** Whether a lossy link may change the endpoint's path (a lost FIN turns a simultaneous close into two halves). */
    abstract boolean pathsMayVary();

    /**
     * The endpoint's MSL. On a lossy link its TIME-WAIT must outlast the kernel's retransmissions of a FIN whose ACK
     * was lost, or the endpoint, closed by then, would answer the FIN with a RST and the kernel would skip TIME-WAIT.
     */
    abstract Duration msl();

    /** The link's MTU. */
    int mtu() {
        return MTU;
    }

    /** The kernel's TCP options, {@code net.ipv4.tcp_timestamps}, {@code tcp_sack}, {@code tcp_window_scaling}. */
    String kernelOptions() {
        return "1";
    }

    @BeforeAll
    void createNamespace() throws IOException {
        Optional<String> reason = TunNamespace.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
        try {
            transitions = KernelTransitionSource.open();
        } catch (KernelTraceUnavailableException e) {
            assumeTrue(false, () -> "skipped: the kernel's TCP tracepoints, which tell when its socket is done: "
                    + e.getMessage());
        }
        net = TunNamespace.create("interop", mtu(), impairment());
        loop = new EndpointLoop(net.link());
        for (String option : List.of("tcp_timestamps", "tcp_sack", "tcp_window_scaling")) {
            net.namespace().sysctl("net.ipv4." + option, kernelOptions());
            assertEquals(kernelOptions(), net.namespace().sysctl("net.ipv4." + option));
        }
    }

    @AfterAll
    void deleteNamespace() throws IOException {
        if (net != null) {
            System.out.println(getClass().getSimpleName() + ": " + net.link().impairment() + "; "
                    + net.link().stats());
            net.close();
        }
        if (transitions != null) {
            transitions.close();
        }
    }

    /**
     * The first of this class's endpoint ports, 20000 to 59980 by the process id: the kernel's tracepoints are
     * host-wide, and the same lives may run in other processes at once, in namespaces of their own.
     */
    private static int firstPort() {
        return 20_000 + (int) (ProcessHandle.current().pid() % 2_000) * 20;
    }

    static Stream<Arguments> lives() {
        List<Arguments> all = new ArrayList<>();
        for (Direction direction : directions()) {
            for (Ending ending : Ending.values()) {
                all.add(Arguments.of(direction, ending));
            }
        }
        return all.stream();
    }

    static List<Direction> directions() {
        return List.of(Direction.values());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lives")
    void life(Direction direction, Ending ending) throws IOException {
        int bytes = bytesEachWay(direction, ending);
        InteropLife life = new InteropLife(net, loop, transitions, direction, ending, bytes, firstPort(),
                lives.incrementAndGet(), msl());
        long closedPortBefore = net.link().stats().closedPort();
        InteropLife.Outcome outcome = life.run();
        long linkResets = net.link().stats().closedPort() - closedPortBefore;
        long endpointResets = outcome.endpointClosedPortResets();
        System.out.printf("%s %s %s: %d bytes each way, %d ms, endpoint %s, kernel %s%n",
                getClass().getSimpleName(), direction, ending, bytes, outcome.millis(), outcome.endpointStates(),
                outcome.kernelFinal().map(Enum::name).orElse("no socket"));

        assertEquals(outcome.sentToKernel(), outcome.kernelReceived(), "what the kernel received");
        assertEquals(outcome.sentToEndpoint(), outcome.endpointReceived(), "what the endpoint received");
        List<TcpState> states = outcome.endpointStates();
        assertEquals(CLOSED, states.get(states.size() - 1), "the endpoint's state() at the end");
        assertTrue(expectedPaths(direction, ending).contains(states), () -> "the endpoint's path " + states);
        if (pathsMayVary() && life.expectedKernelFinal().isPresent() && outcome.kernelFinal().isEmpty()
                && linkResets + endpointResets > 0) {
            // RFC 1337's TIME-WAIT assassination, not a lost state: a segment of the kernel's reached our port after
            // the endpoint's TCB was gone, and was answered with <SEQ=SEG.ACK><CTL=RST> as a closed port is (RFC 9293
            // §3.10.7.1, and Linux's own answer once its LAST-ACK socket is gone): by the endpoint while it is still
            // attached, by the link after. That sequence number is the kernel's RCV.NXT in TIME-WAIT, and Linux
            // (tcp_rfc1337 = 0, the stock setting) ends TIME-WAIT on it. Only a lossy link makes such a late
            // segment: e.g. our ACK of the kernel's FIN, held back behind our FIN, reaches TIME-WAIT as an old
            // duplicate, which the kernel answers with a second ACK of our FIN after the first closed LAST-ACK
            // (TimeWaitAssassinationTest replays it).
            System.out.printf("%s %s %s: the kernel's TIME-WAIT ended by a closed-port RST (RFC 1337), %d from the"
                    + " endpoint, %d from the link%n", getClass().getSimpleName(), direction, ending, endpointResets,
                    linkResets);
        } else {
            assertEquals(life.expectedKernelFinal(), outcome.kernelFinal(), "the kernel's state in ss");
        }
        switch (ending) {
            case KERNEL_RESET -> {
                assertEquals(KernelPeer.End.CLOSED_HERE, outcome.kernelEnd());
                assertTrue(outcome.endpointSignals().contains(TcpSignal.RESET), outcome.endpointSignals()::toString);
            }
            case ENDPOINT_ABORT -> assertTrue(outcome.kernelEnd() == KernelPeer.End.RESET
                    || (outcome.kernelEnd() == KernelPeer.End.END_OF_STREAM && outcome.kernelWriteSawReset()),
                    () -> "the kernel saw a RST, in its reader or in its write: " + outcome);
            default -> {
                assertEquals(KernelPeer.End.END_OF_STREAM, outcome.kernelEnd(), "the kernel read our FIN");
                assertTrue(outcome.endpointSignals().contains(TcpSignal.CLOSING), outcome.endpointSignals()::toString);
            }
        }
    }

    private Set<List<TcpState>> expectedPaths(Direction direction, Ending ending) {
        List<TcpState> open = direction == Direction.ENDPOINT_CLIENT ? List.of(CLOSED, SYN_SENT, ESTABLISHED)
                : List.of(CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED);
        boolean endpointFirst = (direction == Direction.ENDPOINT_CLIENT) == (ending == Ending.CLIENT_FIRST);
        List<TcpState> activeClose = List.of(FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED);
        return switch (ending) {
            case CLIENT_FIRST, SERVER_FIRST -> Set.of(concat(open, endpointFirst ? activeClose
                    : List.of(CLOSE_WAIT, LAST_ACK, CLOSED)));
            case SIMULTANEOUS -> pathsMayVary()
                    ? Set.of(concat(open, List.of(FIN_WAIT_1, CLOSING, TIME_WAIT, CLOSED)), concat(open, activeClose))
                    : Set.of(concat(open, List.of(FIN_WAIT_1, CLOSING, TIME_WAIT, CLOSED)));
            case KERNEL_RESET, ENDPOINT_ABORT -> Set.of(concat(open, List.of(CLOSED)));
        };
    }

    private static List<TcpState> concat(List<TcpState> a, List<TcpState> b) {
        List<TcpState> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
