package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
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
 * What {@link TransitionSource#POLLING} promises, for every real-socket life over IPv4 and {@code ::1}: the machine
 * never shows a path the kernel did not take. Its path is the kernel's with, at most, states left out (a state
 * shorter than a poll is not seen), never one added or reordered; in particular a close whose FIN raced the peer's
 * is CLOSE_WAIT → LAST_ACK or FIN_WAIT_1 as the kernel made it. The kernel's own path comes from the tracepoint, so
 * this is skipped where the tracepoints cannot be read.
 */
@Timeout(120)
class NioTcpPollingAgreementTest {

    private static NioTcpRuntime rt;
    private static KernelTransitionSource kernel;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue(KernelTransitionSource.availability().isAvailable(),
                () -> KernelTransitionSource.availability().toString());
        assumeTrue(new KernelTcpTable().isAvailable(), "no kernel TCP table to poll");
        rt = NioTcpRuntime.open(NioTcpOptions.defaults().withTransitions(TransitionSource.POLLING)
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

    /**
     * Every life of the tracepoint's agreement test. Polling cannot order most aborts (the socket leaves the table with
     * the RST: README, "An abort is ordered by the kernel too"), but one in FIN_WAIT_2 that finds the kernel past both
     * FINs leaves its TIME_WAIT minisocket in the table, where a look after the RST finds it.
     */
    static Stream<Arguments> lives() {
        return NioTcpKernelAgreementTest.lives();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("lives")
    void machineNeverShowsAPathTheKernelDidNotTake(RealSocketLives.Life life, String host) throws Exception {
        if (host.contains(":")) {
            assumeTrue(NioTcpLifeTest.ipv6Available(), "IPv6 loopback unavailable");
        }
        RealSocketLives.Played p = life.play(rt, kernel, InetAddress.getByName(host));
        for (RealSocketLives.Paths side : List.of(p.client(), p.server())) {
            assertTrue(subsequence(side.machine(), side.kernel()),
                    life + " over " + host + ": machine " + side.machine() + " is not within kernel " + side.kernel());
        }
    }

    /** Whether every state of {@code shown} is in {@code kernel}, in the same order (states may be left out). */
    static boolean subsequence(List<TcpState> shown, List<TcpState> kernel) {
        int i = 0;
        for (TcpState s : kernel) {
            if (i < shown.size() && shown.get(i) == s) {
                i++;
            }
        }
        return i == shown.size();
    }
}
