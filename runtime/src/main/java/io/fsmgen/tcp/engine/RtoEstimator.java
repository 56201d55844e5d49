package io.fsmgen.tcp.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The retransmission timeout of RFC 6298: a smoothed RTT and its variation from samples, exponential backoff on
 * expiry, and Karn's rule that a retransmitted segment yields no sample (its ACK could belong to either copy).
 *
 * <p>Arithmetic is in whole nanoseconds with the RFC's shifts (alpha = 1/8, beta = 1/4), truncating, which is far
 * below any clock granularity. Not thread-safe: one per connection, used on the connection's thread.
 */
public final class RtoEstimator {

    /** What happened to an offered RTT measurement. */
    public enum SampleOutcome {
        /** The sample updated SRTT and RTTVAR and cleared any backoff. */
        USED,
        /** Karn's algorithm: the timed segment was retransmitted, so the sample is ambiguous and was dropped. */
        IGNORED_RETRANSMITTED,
        /** The sample was zero or negative, which no clock should produce; dropped. */
        IGNORED_NOT_POSITIVE
    }

    private static final long HANDSHAKE_FALLBACK_NANOS = Duration.ofSeconds(3).toNanos();

    private final RtoConfig config;
    private long srtt = -1;
    private long rttvar = -1;
    private long rto;
    private int backoffs;

    public RtoEstimator(RtoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.rto = config.initial().toNanos();
    }

    /** The timeout to arm now, backoff included. */
    public Duration rto() {
        return Duration.ofNanos(rto);
    }

    /** SRTT, once a sample has been taken. */
    public Optional<Duration> srtt() {
        return srtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(srtt));
    }

    /** RTTVAR, once a sample has been taken. */
    public Optional<Duration> rttvar() {
        return rttvar < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rttvar));
    }

    /** How many times the timer has been backed off since the last usable sample. */
    public int backoffCount() {
        return backoffs;
    }

    /**
     * Offers a measured round trip. The caller says whether the timed segment was ever retransmitted, because only
     * the caller knows; Karn's algorithm then discards the sample.
     */
    public SampleOutcome addSample(Duration rtt, boolean timedSegmentWasRetransmitted) {
        if (timedSegmentWasRetransmitted) {
            return SampleOutcome.IGNORED_RETRANSMITTED;
        }
        if (rtt == null || (rtt.isNegative() || rtt.isZero())) {
            return SampleOutcome.IGNORED_NOT_POSITIVE;
        }
        long r = rtt.toNanos();
        if (srtt < 0) {
            srtt = r;                                   // (2.2)
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4; // (2.3), with the old SRTT
            srtt = (7 * srtt + r) / 8;
        }
        backoffs = 0;
        rto = clamp(srtt + Math.max(config.granularity().toNanos(), RtoConfig.K * rttvar));
        return SampleOutcome.USED;
    }

    /** The timer expired (§5.5): doubles the RTO up to the maximum and returns the new value. */
    public Duration backOff() {
        rto = Math.min(saturatedDouble(rto), config.maximum().toNanos());
        backoffs++;
        return rto();
    }

    /**
     * §5, last paragraph: if the SYN or SYN,ACK had to be retransmitted and no sample was taken, the RTO is set back
     * to 3 s once the handshake is done, rather than staying at the backed-off value.
     */
    public void onHandshakeDoneAfterSynRetransmission() {
        if (srtt < 0 && config.initial().toNanos() < HANDSHAKE_FALLBACK_NANOS) {
            rto = Math.min(HANDSHAKE_FALLBACK_NANOS, config.maximum().toNanos());
            backoffs = 0;
        }
    }

    /**
     * Forgets SRTT and RTTVAR and returns to the initial RTO, which §5 allows after repeated backoffs when the
     * history is likely stale.
     */
    public void clearHistory() {
        srtt = -1;
        rttvar = -1;
        backoffs = 0;
        rto = config.initial().toNanos();
    }

    private long clamp(long nanos) {
        return Math.min(Math.max(nanos, config.minimum().toNanos()), config.maximum().toNanos());
    }

    private static long saturatedDouble(long nanos) {
        return nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : nanos * 2;
    }
}
