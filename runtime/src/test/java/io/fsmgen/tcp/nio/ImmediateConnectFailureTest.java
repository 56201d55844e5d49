package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.testing.PrivateNetnsJvm.line;
import static io.fsmgen.tcp.testing.PrivateNetnsJvm.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.GermanLocale;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A connect that fails at once takes the kernel's path, not one of its own: where the kernel fails before it sends a
 * SYN (no route, a {@code prohibit} route: the socket never leaves CLOSE) the machine takes no step at all, and where
 * it fails after (no free ephemeral port: SYN_SENT, then CLOSE) the machine passes SYN_SENT too. Either way the handler
 * hears {@code closed} ERROR with the kernel's reason, and the connection is CLOSED and gone from the registry. The
 * kernel's own changes, read from its tracepoint, are the reference; each case runs with both transition sources, in a
 * private network namespace whose only interface is {@code lo} ({@link ImmediateConnectFailureChild}).
 */
class ImmediateConnectFailureTest {

    static final Duration BOUND = Duration.ofSeconds(90);

    @ParameterizedTest
    @CsvSource({"UNROUTABLE, 4, TRACEPOINT", "UNROUTABLE, 4, POLLING", "UNROUTABLE, 6, TRACEPOINT",
        "UNROUTABLE, 6, POLLING", "PROHIBITED, 4, POLLING", "PROHIBITED, 6, TRACEPOINT"})
    void test_CLOSED_ACTIVE_OPEN_failingBeforeTheKernelsSynSent_takesNoStep(String scenario, String family,
            TransitionSource source) throws Exception {
        List<String> out = runChild(scenario, family, source);
        assertEquals(List.of(), lines(out, "step "), "the machine's steps: " + out);
        assertKernel(out, List.of());
        assertTrue(line(out, "closed ").startsWith("closed ERROR connect failed before the kernel sent a SYN"),
                out.toString());
        assertTrue(line(out, "closed ").contains(scenario.equals("UNROUTABLE") ? "Network is unreachable"
                : "Permission denied"), out.toString());
        assertEquals("state CLOSED", line(out, "state "));
        assertEquals("registry 0", line(out, "registry "));
    }

    /**
     * The same, in a JVM that speaks German: EACCES (a {@code prohibit} route) reads "Keine Berechtigung" there, and a
     * check for the English "Permission denied" took it for EADDRNOTAVAIL, past SYN_SENT (CLOSED --ACTIVE_OPEN-->
     * SYN_SENT --ABORT--> CLOSED where the kernel made no change).
     */
    @ParameterizedTest
    @CsvSource({"4, POLLING", "6, TRACEPOINT"})
    void test_CLOSED_ACTIVE_OPEN_failingBeforeTheKernelsSynSentInAGermanSpeakingJvm_takesNoStep(String family,
            TransitionSource source, @TempDir Path locales) throws Exception {
        Optional<String> noLocale = GermanLocale.compile(locales);
        assumeTrue(noLocale.isEmpty(), () -> noLocale.orElseThrow());
        List<String> out = runChild(GermanLocale.environment(locales), "PROHIBITED", family, source);
        String closed = line(out, "closed ");
        assumeTrue(!closed.contains(ErrnoTexts.DENIED_IN_ENGLISH),
                () -> "glibc's German messages (Debian: libc-l10n) are not installed: " + closed);
        assertEquals(List.of(), lines(out, "step "), "the machine's steps: " + out);
        assertKernel(out, List.of());
        assertTrue(closed.startsWith("closed ERROR connect failed before the kernel sent a SYN"), out.toString());
        assertEquals("state CLOSED", line(out, "state "));
        assertEquals("registry 0", line(out, "registry "));
    }

    @ParameterizedTest
    @CsvSource({"4, TRACEPOINT", "4, POLLING", "6, TRACEPOINT", "6, POLLING"})
    void test_SYN_SENT_ABORT_whenTheKernelFindsNoFreePort_passesSynSentAsTheKernelDid(String family,
            TransitionSource source) throws Exception {
        List<String> out = runChild("NO_FREE_PORT", family, source);
        assertEquals(List.of("step CLOSED --ACTIVE_OPEN--> SYN_SENT", "step SYN_SENT --ABORT--> CLOSED"),
                lines(out, "step "), out.toString());
        assertKernel(out, List.of("kernel CLOSE -> SYN_SENT", "kernel SYN_SENT -> CLOSE"));
        assertTrue(line(out, "closed ").startsWith("closed ERROR java.net.BindException: Cannot assign requested"),
                out.toString());
        assertEquals("state CLOSED", line(out, "state "));
        assertEquals("registry 0", line(out, "registry "));
    }

    private static List<String> runChild(String scenario, String family, TransitionSource source) throws Exception {
        return runChild(Map.of(), scenario, family, source);
    }

    private static List<String> runChild(Map<String, String> environment, String scenario, String family,
            TransitionSource source) throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(source != TransitionSource.TRACEPOINT || KernelTransitionSource.availability().isAvailable(),
                "no tracepoints here");
        return PrivateNetnsJvm.runToEnd(environment, BOUND, "registry ", ImmediateConnectFailureChild.class, scenario,
                family, source.name());
    }

    /** The kernel's changes, when its tracepoint could be read here. */
    private static void assertKernel(List<String> out, List<String> expected) {
        if (!out.contains("kernel unseen")) {
            assertEquals(expected, lines(out, "kernel "), "the kernel's own changes: " + out);
        }
    }

}
