package io.fsmgen.tcp.endpoint;

/**
 * What an acknowledgment, or the retransmission timer, means for congestion control: the events of
 * {@link CongestionSpec}. {@link AckClassifier} turns an arriving segment into one.
 */
public enum AckEvent {
    /** SND.UNA advanced, outside recovery or past its recovery point: the recovery is over. */
    NEW_ACK,
    /** SND.UNA advanced, but not past the recovery point: more of the window was lost (RFC 6582 §3.2). */
    PARTIAL_ACK,
    /** A duplicate ACK (RFC 5681 §2; with SACK, RFC 6675 §2: one that SACKs new data), below the threshold. */
    DUP_ACK,
    /**
     * The third duplicate ACK in a row, DupThresh, the signal for fast retransmit (RFC 5681 §3.2); with SACK also an
     * earlier duplicate after which the SACKed data marks the first unacknowledged segment lost (RFC 6675 §5 (2)).
     */
    DUP_THRESHOLD,
    /** The retransmission timer expired (RFC 6298 §5.4). */
    TIMEOUT,
    /**
     * RACK deemed a segment lost by its time (RFC 8985 §6.2) while no recovery was under way: a loss as certain as
     * DupThresh's, and one that may lie below an earlier recovery point (a retransmission of that recovery, lost).
     */
    RACK_LOSS,
    /**
     * A tail loss probe that resent the last segment was acknowledged along with more, and no D-SACK said the
     * original had arrived: the probe repaired a loss, which congestion control answers as any loss (RFC 8985
     * §7.4.2).
     */
    LOSS_PROBE_REPAIRED
}
