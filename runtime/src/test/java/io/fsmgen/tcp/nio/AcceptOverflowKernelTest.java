package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.testing.PrivateNetnsJvm.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The accept queue's two other kernel behaviours, beside {@link AcceptBacklogTest}'s dropped SYNs, each played in a
 * private network namespace whose sysctl only the child sets (never the host's), with the runtime on the tracepoint
 * and on polling, and the kernel's own path read from its tracepoints:
 *
 * <ul>
 *   <li>{@code tcp_abort_on_overflow = 1} ({@link AbortOnOverflowChild}): the final ACK that finds the accept queue
 *       full is answered with a RST. The client's kernel went SYN_SENT → ESTABLISHED → CLOSED; its machine must take
 *       that path and its handler hear one {@code closed} RESET and no {@code opened} (the connect never finished for
 *       the application), while the server's kernel made no socket and its application never hears of it. The others
 *       are accepted, each once, as is a client that comes after.</li>
 *   <li>{@code tcp_syncookies = 2} ({@link SyncookieChild}): every handshake completes on a cookie, with no request
 *       socket kept; every life (open, data both ways, close from either side) must still take both machines along
 *       their kernels' paths, and the server's application must hear of each connection once.</li>
 * </ul>
 */
@Timeout(180)
class AcceptOverflowKernelTest {

    static final Duration BOUND = Duration.ofSeconds(120);

    @ParameterizedTest
    @EnumSource(value = TransitionSource.class, names = {"TRACEPOINT", "POLLING"})
    void test_ESTABLISHED_rstFromFullAcceptQueue_isTheResetTheClientsKernelTook(TransitionSource source)
            throws Exception {
        List<String> out = run(AbortOnOverflowChild.class, source);
        assertEquals("1", fact(out, "embryonicRsts"), "one final ACK answered with a RST by the listener: " + out);
        assertEquals("true", fact(out, "listenOverflowed"), out.toString());
        List<TcpState> kernel = states(fact(out, "resetKernelPath"));
        assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.CLOSED), kernel,
                "the reset client's kernel: " + out);
        assertEquals(kernel, states(fact(out, "resetMachinePath")), "the reset client's machine took its kernel's path");
        assertEquals("[CLOSED --ACTIVE_OPEN--> SYN_SENT, SYN_SENT --RCV_SYN_ACK--> ESTABLISHED, "
                + "ESTABLISHED --RCV_RST--> CLOSED]", fact(out, "resetSteps"), out.toString());
        assertEquals("RESET", fact(out, "resetClosed"), "reported as a reset: " + out);
        assertEquals("[closed RESET]", fact(out, "resetLog"), "closed once, never opened: " + out);
        assertEquals("CLOSED", fact(out, "resetState"), out.toString());
        assertEquals("false", fact(out, "resetServerSocket"), "the server's kernel made no socket for it: " + out);
        assertEquals("0", fact(out, "resetServerOpened"), "the server's application never heard of it: " + out);
        assertEquals("true", fact(out, "serverOpenedEachOnce"), "every other client accepted once: " + out);
        assertEquals("5", fact(out, "accepted"), "the first, three queued, one after: " + out);
        List<TcpState> queued = states(fact(out, "queuedKernelPath"));
        assertEquals(List.of(TcpState.CLOSED, TcpState.SYN_SENT, TcpState.ESTABLISHED), queued, out.toString());
        assertEquals(queued, states(fact(out, "queuedMachinePath")), "the client queued beside it: " + out);
    }

    @ParameterizedTest
    @EnumSource(value = TransitionSource.class, names = {"TRACEPOINT", "POLLING"})
    void test_LISTEN_syncookieHandshake_isFollowedThroughItsLifeAndAcceptedOnce(TransitionSource source)
            throws Exception {
        List<String> out = run(SyncookieChild.class, source);
        int lives = SyncookieChild.LIVES;
        assertEquals(String.valueOf(lives), fact(out, "syncookiesSent"), "every SYN answered by a cookie: " + out);
        assertEquals(String.valueOf(lives), fact(out, "syncookiesRecv"), "every final ACK a valid cookie: " + out);
        assertEquals("0", fact(out, "syncookiesFailed"), out.toString());
        for (int life = 0; life < lives; life++) {
            boolean serverFirst = life % 2 == 1;
            List<TcpState> serverKernel = states(fact(out, "life" + life + ".server.kernel"));
            assertEquals(serverFirst
                    ? List.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
                            TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT)
                    : List.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
                            TcpState.CLOSE_WAIT, TcpState.LAST_ACK, TcpState.CLOSED), serverKernel,
                    "life " + life + ": the server's kernel: " + out);
            for (String side : List.of("client", "server")) {
                List<TcpState> machine = states(fact(out, "life" + life + "." + side + ".machine"));
                List<TcpState> kernel = states(fact(out, "life" + life + "." + side + ".kernel"));
                if (source == TransitionSource.TRACEPOINT) {
                    assertEquals(kernel, machine, "life " + life + ", " + side + ": machine vs kernel: " + out);
                } else {
                    assertTrue(NioTcpPollingAgreementTest.subsequence(machine, kernel), "life " + life + ", " + side
                            + ": machine " + machine + " is not within kernel " + kernel);
                    assertEquals(kernel.get(kernel.size() - 1), machine.get(machine.size() - 1), "life " + life
                            + ", " + side + ": the machine ends where its kernel did: " + machine + " vs " + kernel);
                }
            }
            assertEquals("1", fact(out, "life" + life + ".serverOpened"), "accepted once: " + out);
            assertEquals("1", fact(out, "life" + life + ".accepted"), out.toString());
        }
    }

    private static List<String> run(Class<?> child, TransitionSource source) throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here to read the kernel's path");
        assumeTrue(new KernelTcpTable().isAvailable(), "no kernel TCP table here");
        return PrivateNetnsJvm.runToEnd(Map.of(), BOUND, "done", child, source.name());
    }

    /** The value of the child's one line {@code fact NAME VALUE}. */
    private static String fact(List<String> out, String name) {
        return line(out, "fact " + name + " ").substring(("fact " + name + " ").length());
    }

    /** A path as the child printed it: {@code [CLOSED, SYN_SENT]}. */
    private static List<TcpState> states(String printed) {
        String inner = printed.substring(1, printed.length() - 1).trim();
        return inner.isEmpty() ? List.of()
                : Arrays.stream(inner.split(",\\s*")).map(TcpState::valueOf).toList();
    }
}
