package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every real-socket life, over IPv4 and {@code ::1}: the machine's transition sequence equals the kernel's,
 * mapped through {@link LinuxRfcMapping}. The runtime follows the kernel's tracepoint; a second, independent
 * subscription records the kernel's events for the comparison. Skipped where the tracepoints cannot be read.
 */
@Timeout(120)
class NioTcpKernelAgreementTest {

    private static NioTcpRuntime rt;
    private static KernelTransitionSource kernel;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue(KernelTransitionSource.availability().isAvailable(),
                () -> KernelTransitionSource.availability().toString());
        rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(TransitionSource.TRACEPOINT)
                .withMsl(Duration.ofMillis(50)).withThreads(2));
        kernel = KernelTransitionSource.open();
    }

    @AfterAll
    static void close() {
        if (kernel != null) {
            kernel.close();
        }
        if (rt != null) {
            rt.close();
        }
    }

    static Stream<Arguments> lives() {
        return Stream.of(RealSocketLives.Life.values()).flatMap(life ->
                Stream.of(Arguments.of(life, "127.0.0.1"), Arguments.of(life, "::1")));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("lives")
    void machineTakesTheKernelsPath(RealSocketLives.Life life, String host) throws Exception {
        if (host.contains(":")) {
            assumeTrue(NioTcpLifeTest.ipv6Available(), "IPv6 loopback unavailable");
        }
        RealSocketLives.Played p = life.play(rt, kernel, InetAddress.getByName(host));
        assertEquals(p.client().kernel(), p.client().machine(), "client: kernel path vs machine path");
        assertEquals(p.server().kernel(), p.server().machine(), "server: kernel path vs machine path");
        switch (life) {
            case CLIENT_CLOSES_FIRST, HALF_CLOSE -> assertTrue(p.client().machine().contains(TcpState.FIN_WAIT_2)
                    && p.client().machine().contains(TcpState.TIME_WAIT), p.client().machine().toString());
            case SERVER_CLOSES_FIRST -> assertEquals(List.of(TcpState.CLOSED, TcpState.LISTEN,
                    TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2,
                    TcpState.TIME_WAIT), p.server().machine());
            case SIMULTANEOUS_CLOSE -> {
                // Whether the FINs cross is the kernel's race (retried up to a bound): the assertion above holds
                // either way; which one happened is reported, and when they crossed both machines passed CLOSING.
                boolean crossed = p.client().kernel().contains(TcpState.CLOSING)
                        && p.server().kernel().contains(TcpState.CLOSING);
                if (crossed) {
                    assertTrue(p.client().machine().contains(TcpState.CLOSING)
                            && p.server().machine().contains(TcpState.CLOSING), p.toString());
                }
                System.out.println("simultaneous-close over " + host + ": " + (crossed
                        ? "the FINs crossed on try " + p.tries() : "the FINs did not cross in " + p.tries() + " tries"));
            }
            case REFUSED -> assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.CLOSED),
                    p.client().machine());
            case RESET -> assertEquals(TcpState.CLOSED, p.client().machine().get(p.client().machine().size() - 1));
            case ABORT_AFTER_PEER_CLOSE -> assertTrue(p.server().machine().contains(TcpState.FIN_WAIT_1),
                    "the server's close comes before the RST: " + p.server().machine());
            case ABORT_WITH_PEER_FIN_UNREAD -> assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT,
                    TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.CLOSED), p.client().machine(),
                    "the abort comes from CLOSE_WAIT, as the kernel's");
            case ABORT_IN_FIN_WAIT_2 -> assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT,
                    TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSED),
                    p.client().machine(), "aborted in FIN_WAIT_2, not in TIME_WAIT");
            case ABORT_IN_FIN_WAIT_2_WITH_PEER_FIN_UNREAD -> {
                assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                        TcpState.FIN_WAIT_2, TcpState.TIME_WAIT), p.client().machine(),
                        "the abort found the kernel in TIME_WAIT");
                assertTrue(p.raced(), "the abort came in FIN_WAIT_2, the kernel past it (the loop in data())");
            }
        }
    }
}
