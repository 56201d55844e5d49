package io.fsmgen.tcp.endpoint;

import java.time.Duration;

/**
 * How often the peer's SYN again in SYN_RECEIVED (TcpSpec's A8) earns our SYN+ACK again: once, then not again until
 * 500 ms have passed since the last one it earned, as Linux's {@code tcp_check_req} answers it through
 * {@code tcp_oow_rate_limited} on the request's own clock ({@code last_oow_ack_time}, {@code tcp_invalid_ratelimit}
 * 500 ms). It is not the challenge-ACK budget (10 a second): a peer whose SYN+ACKs are lost should not find that budget
 * spent by them, nor a challenge to a blind RST refused for a SYN's sake, and a flood of copies of the SYN draws two
 * answers a second, not ten. The retransmission timer's SYN+ACKs do not count, as Linux's do not.
 */
final class RepeatedSynAckLimiter {

    /** Linux's {@code tcp_invalid_ratelimit}: HZ / 2. */
    static final Duration INTERVAL = Duration.ofMillis(500);

    private long lastAnswerNanos;
    private boolean answered;

    /** Whether a SYN+ACK may answer the SYN again at {@code nowNanos}; counts it if so. */
    boolean tryAcquire(long nowNanos) {
        if (answered && nowNanos - lastAnswerNanos < INTERVAL.toNanos()) {
            return false;
        }
        answered = true;
        lastAnswerNanos = nowNanos;
        return true;
    }
}
