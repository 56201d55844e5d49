package io.fsmgen.tcp.kernel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs the rows a source of the kernel's table could not parse: a warning the first time, debug level after. Why:
 * a format the parser does not know should be noticed once, not flood the log on every snapshot. Thread-safe.
 */
final class MalformedRows {

    private final Logger log;
    private final String rows;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param rows what the source's rows are called in the message, e.g. {@code "ss line(s)"} */
    MalformedRows(Logger log, String rows) {
        this.log = log;
        this.rows = rows;
    }

    void report(List<ProcNetTcpParser.Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        Level level = warned.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
        log.log(level, () -> "Skipped " + problems.size() + " malformed " + rows + ", first: " + problems.get(0));
    }
}
