package io.fsmgen.tcp.endpoint;

/**
 * RFC 5961 §7: challenge ACKs are rate-limited, or a blind attacker spraying RSTs and SYNs turns every connection into
 * an ACK amplifier. At most {@code perWindow} challenge ACKs go out in any window of {@code windowNanos}, like Linux's
 * {@code tcp_challenge_ack_limit} (per connection here, which avoids the global counter's side channel, CVE-2016-5696).
 */
final class ChallengeAckLimiter {

    private final int perWindow;
    private final long windowNanos;
    private long windowStart = Long.MIN_VALUE;
    private int sent;

    ChallengeAckLimiter(int perWindow, long windowNanos) {
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
    }

    /** Whether a challenge ACK may go out at {@code nowNanos}; counts it if so. */
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
