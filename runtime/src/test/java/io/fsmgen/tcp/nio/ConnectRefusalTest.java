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
 * A refused connect is a refusal in every language: the JDK tells ECONNREFUSED from ETIMEDOUT only by
 * {@code strerror}'s text, which glibc translates into the process's locale, so a JVM started under
 * {@code LANG=de_DE.UTF-8} read "Verbindungsaufbau abgelehnt" as a kernel timeout (closed TIMEOUT, SYN_SENT
 * --RETRANSMISSION_EXHAUSTED--> CLOSED) although a RST had answered the SYN. The child runs in a German locale compiled
 * here ({@link GermanLocale}), in a private network namespace ({@link RefusedConnectChild}).
 */
class ConnectRefusalTest {

    static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    Path locales;

    @ParameterizedTest
    @EnumSource(value = TransitionSource.class, names = {"TRACEPOINT", "POLLING", "NONE"})
    void test_SYN_SENT_RCV_RST_inAGermanSpeakingJvm_isARefusal(TransitionSource source) throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(source != TransitionSource.TRACEPOINT || KernelTransitionSource.availability().isAvailable(),
                "no tracepoints here");
        Optional<String> noLocale = GermanLocale.compile(locales);
        assumeTrue(noLocale.isEmpty(), () -> noLocale.orElseThrow());
        List<String> out = PrivateNetnsJvm.runToEnd(GermanLocale.environment(locales), BOUND, "registry ",
                RefusedConnectChild.class, source.name());
        String strerror = line(out, "strerror ").substring("strerror ".length());
        assumeTrue(!strerror.equals(ErrnoTexts.REFUSED_IN_ENGLISH),
                () -> "glibc's German messages (Debian: libc-l10n) are not installed: the JDK said " + strerror);
        assertEquals(List.of("step CLOSED --ACTIVE_OPEN--> SYN_SENT", "step SYN_SENT --RCV_RST--> CLOSED"),
                lines(out, "step "), out.toString());
        assertEquals("closed REFUSED " + strerror, line(out, "closed "), out.toString());
        assertEquals("state CLOSED", line(out, "state "));
        assertEquals("registry 0", line(out, "registry "));
    }

}
