package io.fsmgen.tcp;

/**
 * The eleven connection states of RFC 9293 §3.3.2, CLOSED being the fictional state in which no TCB exists.
 *
 * <p>SYN_RECEIVED, FIN_WAIT_1 etc. are spelled with underscores where the RFC uses hyphens.
 */
public enum TcpState {
    /** No TCB, so no connection. */
    CLOSED,
    /** Waiting for a connection request from any remote endpoint. */
    LISTEN,
    /** Our SYN is sent; waiting for the peer's SYN (with or without an ACK of ours). */
    SYN_SENT,
    /** Both SYNs sent and received; waiting for the ACK of ours. Not yet synchronized. */
    SYN_RECEIVED,
    /** Open connection: data flows both ways. */
    ESTABLISHED,
    /** Our FIN is sent; waiting for its ACK or for the peer's FIN. */
    FIN_WAIT_1,
    /** Our FIN is acknowledged; waiting for the peer's FIN. */
    FIN_WAIT_2,
    /** The peer's FIN arrived; waiting for the local user's CLOSE. */
    CLOSE_WAIT,
    /** Both FINs crossed (simultaneous close); waiting for the ACK of ours. */
    CLOSING,
    /** The peer closed first and our FIN is sent; waiting for its ACK. */
    LAST_ACK,
    /** Lingering 2·MSL so that our last ACK can be retransmitted and old duplicates die out. */
    TIME_WAIT;

    /** True for the states of RFC 9293 §3.5.2 group 3: ESTABLISHED and every state after it. */
    public boolean synchronizedState() {
        return ordinal() >= ESTABLISHED.ordinal();
    }
}
