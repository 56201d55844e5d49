package io.fsmgen.tcp.endpoint;

import java.time.Duration;

/**
 * How often a connection answers a segment it does not take in with a segment that could start a loop: once, then
 * not again until 500 ms have passed since the last answer, as Linux's {@code tcp_oow_rate_limited} limits its answers
 * on each socket's own clock ({@code last_oow_ack_time}, {@code tcp_invalid_ratelimit} 500 ms). Two answers share it:
 * the ACK to a segment without text outside the window or failing PAWS (two endpoints that disagree on the window
 * would otherwise ACK each other's ACKs for ever; text is always answered, as Linux answers it), and the SYN+ACK again
 * to the peer's SYN again in SYN_RECEIVED (TcpSpec's A8, Linux's {@code tcp_check_req}, whose request socket answers
 * both on one clock). It is not the challenge-ACK budget (10 a second): a peer whose SYN+ACK was lost should not find
 * that budget spent, nor a challenge to a blind RST refused for an old ACK's sake. The retransmission timer's
 * SYN+ACKs do not count, as Linux's do not.
 */
final class OutOfWindowAnswerLimiter {

    /** Linux's {@code tcp_invalid_ratelimit}: HZ / 2. */
    static final Duration INTERVAL = Duration.ofMillis(500);

    private long lastAnswerNanos;
    private boolean answered;

    /** Whether an answer may go out at {@code nowNanos}; counts it if so. */
    boolean tryAcquire(long nowNanos) {
        if (answered && nowNanos - lastAnswerNanos < INTERVAL.toNanos()) {
            return false;
        }
        answered = true;
        lastAnswerNanos = nowNanos;
        return true;
    }
}
