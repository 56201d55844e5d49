package io.fsmgen.tcp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.GermanLocale;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel giving up on a connection without any RST (its retransmissions go unanswered: the peer vanished) is a
 * timeout, not a reset: the machine takes RETRANSMISSION_EXHAUSTED and the handler hears {@link CloseCause#TIMEOUT},
 * whether the kernel's word comes from the tracepoint (CLOSE_WAIT, which NIO cannot see end) or from the socket call
 * that failed with ETIMEDOUT (ESTABLISHED). Run in a private network namespace ({@link KernelTimeoutChild}).
 *
 * <p>A timeout that ends a close still waiting for the kernel's word ({@code FIN_WAIT_1}) follows the kernel's steps
 * too: our FIN was out, so the machine passes FIN_WAIT_1 before the timeout closes it, as the kernel did.
 */
class KernelTimeoutTest {

    static final Duration BOUND = Duration.ofSeconds(90);

    @ParameterizedTest
    @CsvSource({"CLOSE_WAIT, TRACEPOINT", "ESTABLISHED, TRACEPOINT", "ESTABLISHED, POLLING", "FIN_WAIT_1, TRACEPOINT"})
    void test_RETRANSMISSION_EXHAUSTED_inTheKernel_isATimeout(String waitingIn, TransitionSource source)
            throws Exception {
        assertTimeout(runChild(Map.of(), waitingIn, source), waitingIn);
    }

    /**
     * The same, in a JVM that speaks German, where the socket call's ETIMEDOUT is the only word (polling: the kernel's
     * table shows the socket gone, not why): it reads "Die Wartezeit für die Verbindung ist abgelaufen" there, and a
     * check for the English "timed out" took it for an unknown error (closed ERROR, ESTABLISHED --ABORT--> CLOSED).
     */
    @Test
    void test_ESTABLISHED_RETRANSMISSION_EXHAUSTED_inAGermanSpeakingJvm_isATimeout(@TempDir Path locales)
            throws Exception {
        Optional<String> noLocale = GermanLocale.compile(locales);
        assumeTrue(noLocale.isEmpty(), () -> noLocale.orElseThrow());
        List<String> out = runChild(GermanLocale.environment(locales), "ESTABLISHED", TransitionSource.POLLING);
        String closed = out.stream().filter(line -> line.startsWith("closed ")).findFirst().orElseThrow();
        assumeTrue(!closed.contains(ErrnoTexts.TIMED_OUT_IN_ENGLISH),
                () -> "glibc's German messages (Debian: libc-l10n) are not installed: " + closed);
        assertTimeout(out, "ESTABLISHED");
    }

    private static List<String> runChild(Map<String, String> environment, String waitingIn, TransitionSource source)
            throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(source != TransitionSource.TRACEPOINT || KernelTransitionSource.availability().isAvailable(),
                "no tracepoints here");
        assumeTrue(new KernelTcpTable().isAvailable(), "no kernel TCP table here");
        return PrivateNetnsJvm.runToEnd(environment, BOUND, "closed ", KernelTimeoutChild.class, waitingIn,
                source.name());
    }

    private static void assertTimeout(List<String> out, String waitingIn) {
        String closed = out.stream().filter(line -> line.startsWith("closed ")).findFirst().orElseThrow();
        List<String> steps = PrivateNetnsJvm.lines(out, "step ");
        assertTrue(closed.startsWith("closed TIMEOUT connection timed out in the kernel"), closed);
        assertEquals("step " + waitingIn + " --RETRANSMISSION_EXHAUSTED--> CLOSED", steps.get(steps.size() - 1),
                steps.toString());
        if (waitingIn.equals("FIN_WAIT_1")) {
            assertEquals(List.of("step ESTABLISHED --CLOSE--> FIN_WAIT_1",
                    "step FIN_WAIT_1 --RETRANSMISSION_EXHAUSTED--> CLOSED"), steps.subList(steps.size() - 2,
                            steps.size()), "the close's own step, then the timeout: " + steps);
        }
    }
}
