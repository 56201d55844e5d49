package io.fsmgen.tcp;

/**
 * What drives the TCP connection machine: user calls (RFC 9293 §3.10.1–§3.10.5), arriving segments (§3.10.7) and
 * timeouts (§3.10.8).
 *
 * <p>Arriving segments reach the machine already past the acceptability test of §3.10.7.4 (the engine owns the
 * sequence space, answers out-of-window segments with an ACK (T91), drops out-of-window RSTs (T92) and answers an
 * in-window RST that is not exactly at RCV.NXT with a challenge ACK (T93)). What is left is classified by control
 * bits, RST first, then SYN (with or without ACK), then FIN, then ACK, and for ACK-bearing segments by what the ACK
 * covers:
 *
 * <ul>
 *   <li>{@link #RCV_ACK}: the ACK acknowledges everything outstanding (our SYN in SYN_RECEIVED; our FIN in
 *       FIN_WAIT_1, CLOSING and LAST_ACK; our data elsewhere);
 *   <li>{@link #RCV_ACK_PARTIAL}: an acceptable ACK that leaves something of ours unacknowledged
 *       (SND.UNA =&lt; SEG.ACK &lt; SND.NXT), e.g. acknowledges data but not yet our FIN;
 *   <li>{@link #RCV_ACK_UNACCEPTABLE}: the ACK acknowledges something never sent (SEG.ACK &gt; SND.NXT, or in SYN_SENT
 *       SEG.ACK =&lt; ISS).
 * </ul>
 *
 * A FIN or SYN is classified by the same rule as {@link #RCV_FIN} / {@link #RCV_FIN_ACK} / {@link #RCV_SYN_ACK};
 * a FIN is assumed to carry an ACK (RFC 9293 §3.10.7.4 Fifth drops a FIN without ACK in every synchronized state, so
 * the engine drops such segments itself, T96).
 */
public enum TcpEvent {
    /** User call: passive OPEN (§3.10.1). */
    PASSIVE_OPEN,
    /** User call: active OPEN with the remote socket specified (§3.10.1). */
    ACTIVE_OPEN,
    /** User call: SEND (§3.10.2). */
    SEND,
    /** User call: RECEIVE (§3.10.3). */
    RECEIVE,
    /** User call: CLOSE, i.e. "I have no more to send" (§3.10.4). */
    CLOSE,
    /** User call: ABORT (§3.10.5). */
    ABORT,
    /** Segment with SYN and no ACK. */
    RCV_SYN,
    /** Segment with SYN and an acceptable ACK. */
    RCV_SYN_ACK,
    /** ACK (no SYN, no FIN, no RST) that acknowledges everything outstanding; may carry data. */
    RCV_ACK,
    /** ACK (no SYN, no FIN, no RST) that is acceptable but leaves some of our sequence space unacknowledged. */
    RCV_ACK_PARTIAL,
    /** ACK-bearing segment whose ACK acknowledges something not yet sent (or, before ESTABLISHED, not our SYN). */
    RCV_ACK_UNACCEPTABLE,
    /** FIN whose ACK does not cover our FIN (every FIN where no FIN of ours is outstanding). */
    RCV_FIN,
    /** FIN whose ACK also covers our FIN; differs from {@link #RCV_FIN} only in FIN_WAIT_1, CLOSING and LAST_ACK. */
    RCV_FIN_ACK,
    /** An acceptable RST (§3.5.3; RFC 5961: SEG.SEQ == RCV.NXT; in SYN_SENT its ACK acknowledges our SYN). */
    RCV_RST,
    /** The 2·MSL TIME-WAIT timer expired (§3.10.8). Fired by the machine's own {@code @Timeout}. */
    TIMEOUT,
    /** The user timeout expired (§3.10.8); the engine owns that timer. */
    USER_TIMEOUT,
    /**
     * The retransmission timer expired on the head of the retransmission queue and fewer than R2 transmissions
     * were made (§3.10.8, §3.8.1); the engine owns that timer and counts transmissions.
     */
    RETRANSMISSION_TIMEOUT,
    /**
     * The retransmission timer expired and the R2 threshold is reached: give up (§3.8.3, MUST-20; for a SYN, R2 is
     * at least 3 minutes, MUST-23). The engine decides when R2 is reached.
     */
    RETRANSMISSION_EXHAUSTED,
    /**
     * Segment with SYN and no ACK that repeats the peer's SYN already held (SEG.SEQ = IRS, PAWS passed): the peer is
     * still in SYN-SENT and sent its SYN again, because our SYN+ACK (or its answer) was lost. The engine tells it
     * apart from {@link #RCV_SYN} in SYN_RECEIVED only; before that no IRS is held, and after it the segment lies
     * outside the window. Last in the enum so that the other events keep their ordinals.
     */
    RCV_SYN_RETRANSMITTED,
    /**
     * User call: CLOSE from a user that will not read again while received data is unread, Linux's {@code close(2)}
     * with bytes in the receive queue. The data is lost, so the peer is told by a RST (RFC 9293 §3.6.1, RFC 2525
     * §2.17) from every state that has a peer to tell, as Linux's {@code tcp_close} sends it
     * ({@code TCPAbortOnClose}): unlike {@link #ABORT}, whose rows follow §3.10.5 (TcpSpec's A2), also from CLOSING
     * and LAST_ACK. A distinct event because the two calls differ only there, and which segment goes is the table's
     * to decide. Appended so that the other events keep their ordinals.
     */
    CLOSE_DISCARDING_UNREAD,
    /**
     * A segment that would put new text (octets beyond RCV.NXT) in the receive queue of a connection whose user has
     * closed for receiving too ({@link #CLOSE_DISCARDING_UNREAD} or a {@code close(2)} with nothing unread): nobody
     * will ever read it. Linux answers with a RST and drops the connection ({@code TCPAbortOnData} in FIN_WAIT1,
     * the FIN_WAIT2 time-wait socket's "new data after half-duplex close"), as RFC 1122 §4.2.2.13 and RFC 9293 §3.6.1
     * want. The engine tells it apart from the ACK and FIN events only for such a connection, in the states that
     * still take text (§3.10.7.4 Seventh), once the segment has passed the acceptability and ACK checks. Appended so
     * that the other events keep their ordinals.
     */
    RCV_DATA_NO_READER
}
