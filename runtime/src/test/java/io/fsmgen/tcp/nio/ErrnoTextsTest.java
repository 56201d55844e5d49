package io.fsmgen.tcp.nio;

import static io.fsmgen.tcp.testing.PrivateNetnsJvm.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.testing.GermanLocale;
import io.fsmgen.tcp.testing.PrivateNetnsJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error texts in a German-speaking JVM: learnt when the runtime opens, on the opening thread, not at a loop's
 * first failure (reading every glibc catalogue paused the loop for 100-300 ms); and ENOBUFS told by its German text,
 * which the English words missed, taking a connect whose SYN had left SYN_SENT for one that never entered it.
 */
class ErrnoTextsTest {

    static final Duration BOUND = Duration.ofSeconds(90);
    static final Path GERMAN_LIBC = LibcMessages.LOCALE_DIR.resolve("de/LC_MESSAGES/libc.mo");

    @TempDir
    Path locales;

    @Test
    void test_CLOSED_ACTIVE_OPEN_inAGermanSpeakingJvm_learnsNoTextOnTheLoop() throws Exception {
        Optional<String> unavailable = PrivateNetnsJvm.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        Optional<String> noLocale = GermanLocale.compile(locales);
        assumeTrue(noLocale.isEmpty(), () -> noLocale.orElseThrow());
        Optional<Map<String, String>> german = Files.isRegularFile(GERMAN_LIBC)
                ? LibcMessages.read(GERMAN_LIBC, Set.of(ErrnoTexts.NO_BUFFERS_IN_ENGLISH)) : Optional.empty();
        String noBuffers = german.map(m -> m.get(ErrnoTexts.NO_BUFFERS_IN_ENGLISH)).orElse(null);
        assumeTrue(noBuffers != null, "glibc's German messages (Debian: libc-l10n) are not installed");
        List<String> out = PrivateNetnsJvm.runToEnd(GermanLocale.environment(locales), BOUND,
                "enobufs-passed-syn-sent ", ErrnoTextsChild.class, noBuffers);
        String strerror = line(out, "strerror ").substring("strerror ".length());
        assumeTrue(!strerror.equals(ErrnoTexts.REFUSED_IN_ENGLISH), () -> "the child spoke English: " + strerror);
        assertEquals("closed REFUSED", line(out, "closed "), out.toString());
        assertEquals("learnt-on main", line(out, "learnt-on "), out.toString());
        assertEquals("enobufs-passed-syn-sent true", line(out, "enobufs-passed-syn-sent "), out.toString());
    }
}
