package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.SsFormat;
import java.time.Duration;

/**
 * A connection whose peer finished sending and that the application has not closed: the CLOSE_WAIT leak.
 *
 * @param connection the connection, as a registry row
 * @param handler    the handler that owns it (its {@code toString()}), the one that forgot to close
 * @param inCloseWait how long it has been in CLOSE_WAIT
 */
public record CloseWaitLeak(ConnectionInfo connection, String handler, Duration inCloseWait) {
    @Override
    public String toString() {
        return "CLOSE_WAIT leak: " + SsFormat.address(connection.local()) + " <- "
                + SsFormat.address(connection.remote()) + " has been in CLOSE_WAIT for " + inCloseWait.toMillis()
                + " ms: the peer finished sending and handler " + handler + " has not called close()";
    }
}
