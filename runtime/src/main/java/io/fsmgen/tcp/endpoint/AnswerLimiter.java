package io.fsmgen.tcp.endpoint;

/**
 * One answer, then none until {@code intervalNanos} after it: the clock on which a connection answers segments it does
 * not take in, as Linux's {@code __tcp_oow_rate_limited} keeps one per socket ({@code last_oow_ack_time}). Only an
 * answer that goes out sets the clock; one refused does not push it on. {@link TcpConnection} says which answers share
 * it.
 */
final class AnswerLimiter {

    private final long intervalNanos;
    private long lastAnswer;
    private boolean answered;

    AnswerLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether an answer may go out at {@code nowNanos}; if so, it is the last answer from now on. */
    boolean tryAcquire(long nowNanos) {
        if (answered && nowNanos - lastAnswer < intervalNanos) {
            return false;
        }
        answered = true;
        lastAnswer = nowNanos;
        return true;
    }
}
