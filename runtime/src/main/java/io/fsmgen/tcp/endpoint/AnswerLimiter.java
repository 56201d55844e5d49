package io.fsmgen.tcp.endpoint;

/**
 * At most {@code perWindow} answers in a window of {@code windowNanos}, the window starting with the first answer after
 * the last one ended. A connection keeps two ({@link TcpConnection}): the challenge ACKs' budget, and, at one per
 * window, the out-of-window answers' clock.
 */
final class AnswerLimiter {

    private final int perWindow;
    private final long windowNanos;
    private long windowStart = Long.MIN_VALUE;
    private int sent;

    AnswerLimiter(int perWindow, long windowNanos) {
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
    }

    /** Whether an answer may go out at {@code nowNanos}; counts it if so. */
    boolean tryAcquire(long nowNanos) {
        if (windowStart == Long.MIN_VALUE || nowNanos - windowStart >= windowNanos) {
            windowStart = nowNanos;
            sent = 0;
        }
        if (sent >= perWindow) {
            return false;
        }
        sent++;
        return true;
    }
}
