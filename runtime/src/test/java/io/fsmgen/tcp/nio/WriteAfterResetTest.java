package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.testing.PrivateNetnsJvm.line;
import static io.fsmgen.tcp.testing.PrivateNetnsJvm.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.testing.GermanLocale;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A write that meets the peer's RST is a reset in every language: the JDK gives a failed write only
 * {@code strerror}'s text, which glibc translates into the process's locale, so a JVM started under
 * {@code LANG=de_DE.UTF-8} read "Die Verbindung wurde vom Kommunikationspartner zurückgesetzt" (ECONNRESET) as an
 * unknown error (closed ERROR, ESTABLISHED --ABORT--> CLOSED) although the peer had reset. The child runs in a German
 * locale compiled here ({@link GermanLocale}), in a private network namespace ({@link WriteAfterResetChild}); the
 * kernel's events tell it when the RST is in.
 */
class WriteAfterResetTest {

    static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    Path locales;

    @ParameterizedTest
    @EnumSource(value = TransitionSource.class, names = {"POLLING", "NONE"})
    void test_ESTABLISHED_RCV_RST_metByAWriteInAGermanSpeakingJvm_isAReset(TransitionSource source) throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(KernelTransitionSource.availability().isAvailable(), "no tracepoints here to see the RST come in");
        Optional<String> noLocale = GermanLocale.compile(locales);
        assumeTrue(noLocale.isEmpty(), () -> noLocale.orElseThrow());
        List<String> out = PrivateNetnsJvm.runToEnd(GermanLocale.environment(locales), BOUND, "registry ",
                WriteAfterResetChild.class, source.name());
        String strerror = line(out, "strerror ").substring("strerror ".length());
        assumeTrue(!strerror.equals(ErrnoTexts.BROKEN_PIPE_IN_ENGLISH),
                () -> "glibc's German messages (Debian: libc-l10n) are not installed: the JDK said " + strerror);
        assertEquals("write FAILED", line(out, "write "), out.toString());
        assertEquals(List.of("step CLOSED --ACTIVE_OPEN--> SYN_SENT", "step SYN_SENT --RCV_SYN_ACK--> ESTABLISHED",
                "step ESTABLISHED --RCV_RST--> CLOSED"), lines(out, "step "), out.toString());
        assertEquals("closed RESET connection reset", line(out, "closed "), out.toString());
        assertEquals("state CLOSED", line(out, "state "));
        assertEquals("registry 0", line(out, "registry "));
    }

}
