package io.fsmgen.tcp;

/**
 * Which segment the machine asks its engine to send. The engine fills in sequence and acknowledgment numbers from
 * its TCB (and from the arriving segment where the RFC says so); the machine only decides the kind.
 */
public enum TcpSegment {
    /** {@code <SEQ=ISS><CTL=SYN>}: active open (§3.10.1). */
    SYN,
    /** {@code <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>}: answer to a SYN (§3.10.7.2, §3.10.7.3). */
    SYN_ACK,
    /** {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}: acknowledges a SYN+ACK, a FIN, or an ACK of unsent data. */
    ACK,
    /** User data with a piggybacked ACK (§3.10.2). */
    DATA,
    /** {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>}: our FIN, once queued SENDs are segmentized (§3.10.4). */
    FIN,
    /**
     * A reset. In answer to an ACK-bearing segment: {@code <SEQ=SEG.ACK><CTL=RST>} (§3.10.7.1–§3.10.7.4); on ABORT or
     * a legacy RFC 793 SYN: {@code <SEQ=SND.NXT><CTL=RST>} (§3.10.5).
     */
    RST,
    /** {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}: answer to a segment without ACK in CLOSED (§3.10.7.1). */
    RST_ACK,
    /** RFC 5961 challenge ACK {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>} (§3.10.7.4 Fourth). Rate-limit it. */
    CHALLENGE_ACK
}
