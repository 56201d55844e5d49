package io.fsmgen.tcp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * glibc's {@code de_DE.UTF-8}, compiled with {@code localedef} into a directory of the test's (nothing is installed):
 * a child JVM given {@link #environment} speaks German, {@code strerror}'s texts included (glibc's message catalogue,
 * Debian's {@code libc-l10n}). For tests of what the runtime reads from the JDK's error texts.
 */
public final class GermanLocale {

    private GermanLocale() {}

    /** Compiles the locale into {@code dir}; empty when done, else why not (for {@code assumeTrue}). */
    public static Optional<String> compile(Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("localedef", "-i", "de_DE", "-f", "UTF-8", dir.resolve("de_DE.UTF-8").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of("no localedef (glibc's locales): " + e.getMessage());
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return Optional.of("localedef did not finish in 60 s");
        }
        return p.exitValue() == 0 ? Optional.empty()
                : Optional.of("localedef de_DE.UTF-8 exited " + p.exitValue() + ": " + said);
    }

    /** The environment that makes a child speak the locale compiled into {@code dir}. */
    public static Map<String, String> environment(Path dir) {
        return Map.of("LOCPATH", dir.toString(), "LANG", "de_DE.UTF-8", "LC_ALL", "de_DE.UTF-8");
    }
}
