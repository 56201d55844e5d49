package io.fsmgen.tcp.engine;

import java.util.Objects;

/**
 * Tracks one segment's retransmissions against its {@link RetransmissionLimits}, so that the retransmission timer's
 * handler asks one question, "retransmit or give up?", instead of keeping counters itself.
 *
 * <p>Times are in nanoseconds from whatever monotonic clock the caller uses (a {@link VirtualClock} in simulation).
 */
public final class RetransmissionBudget {

    /** The answer to a retransmission timeout. */
    public enum Verdict {
        /** Retransmit. */
        RETRANSMIT,
        /** Retransmit, and this is the R1-th retransmission: tell the application the path is suspect (MUST-20). */
        RETRANSMIT_PAST_R1,
        /** R2 has elapsed: close the connection and report the failure (§3.8.3). */
        GIVE_UP
    }

    private final RetransmissionLimits limits;
    private long firstSentNanos;
    private boolean started;
    private int retransmissions;

    public RetransmissionBudget(RetransmissionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The segment was sent for the first time at {@code nowNanos}; any previous count is forgotten. */
    public void start(long nowNanos) {
        firstSentNanos = nowNanos;
        started = true;
        retransmissions = 0;
    }

    /** The segment was acknowledged: nothing is being timed any more. */
    public void reset() {
        started = false;
        retransmissions = 0;
    }

    /**
     * The retransmission timer expired at {@code nowNanos}. Returns whether to retransmit, and counts the
     * retransmission if so. Called without {@link #start} it starts the budget now and retransmits.
     */
    public Verdict onTimeout(long nowNanos) {
        if (!started) {
            start(nowNanos);
        }
        if (isExhausted(nowNanos)) {
            return Verdict.GIVE_UP;
        }
        retransmissions++;
        return retransmissions == limits.r1() ? Verdict.RETRANSMIT_PAST_R1 : Verdict.RETRANSMIT;
    }

    /** Whether R2 has elapsed since the first transmission. */
    public boolean isExhausted(long nowNanos) {
        return started && nowNanos - firstSentNanos >= limits.r2().toNanos();
    }

    public int retransmissions() {
        return retransmissions;
    }

    public boolean isStarted() {
        return started;
    }

    public RetransmissionLimits limits() {
        return limits;
    }
}
