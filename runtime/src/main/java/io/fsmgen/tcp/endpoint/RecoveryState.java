package io.fsmgen.tcp.endpoint;

/**
 * Where a sender stands with respect to loss, as Linux names its {@code tcp_ca_state}s; the states of
 * {@link CongestionSpec}.
 */
public enum RecoveryState {
    /** Nothing amiss: slow start below ssthresh, congestion avoidance above (RFC 5681 §3.1). */
    OPEN,
    /** One or two duplicate ACKs: maybe reordering, maybe a loss; limited transmit (RFC 3042). */
    DISORDER,
    /** Fast retransmit done, recovering by NewReno until everything sent before it is acknowledged (RFC 6582). */
    FAST_RECOVERY,
    /** A retransmission timeout: everything in flight is presumed lost and resent in slow start (RFC 5681 §3.1). */
    LOSS
}
