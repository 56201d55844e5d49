package io.fsmgen.examples.spring;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences Spring and Reactor, which log through {@code java.util.logging} here: Spring through {@code spring-jcl}
 * (neither SLF4J nor Log4j 2 is on the class path) and Reactor through its JDK logger fallback. Tests and benchmarks
 * call {@link #install()} before touching Spring. Other loggers, and the root logger's handlers, are left alone.
 */
public final class QuietLogging {

    /** Held so that the configured loggers are not garbage-collected (JUL keeps loggers weakly). */
    private static final Logger[] HELD = {Logger.getLogger("org.springframework"), Logger.getLogger("reactor")};

    private QuietLogging() {}

    /** Sets the {@code org.springframework} and {@code reactor} loggers to OFF. Idempotent. */
    public static void install() {
        for (Logger logger : HELD) {
            logger.setLevel(Level.OFF);
        }
    }
}
