package io.fsmgen.examples.spring;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Silences {@code java.util.logging}, where Spring (through {@code spring-jcl}, without SLF4J or Log4j 2 on the class
 * path) and Reactor send their log records. Tests and benchmarks call {@link #install()} before touching Spring.
 */
public final class QuietLogging {

    /** Held so that the configured loggers are not garbage-collected (JUL keeps loggers weakly). */
    private static final Logger[] HELD = {
        Logger.getLogger(""), Logger.getLogger("org.springframework"), Logger.getLogger("reactor")
    };

    private QuietLogging() {}

    /** Turns JUL off: no handlers, level OFF for the root, Spring and Reactor loggers. Idempotent. */
    public static void install() {
        LogManager.getLogManager().reset();
        for (Logger logger : HELD) {
            logger.setLevel(Level.OFF);
        }
    }
}
