package io.fsmgen.tcp;

/** Unsolicited signals to the user (RFC 9293 §3.9.1.x, §3.10.7), with the RFC's wording. */
public enum TcpSignal {
    /** The connection reached ESTABLISHED (the OPEN completed, or a passive connection is ready to accept). */
    CONNECTED("connected"),
    /** The peer sent its FIN: no more data will arrive (§3.10.7.4 Eighth). */
    CLOSING("connection closing"),
    /** An acceptable RST arrived in a synchronized state or in SYN_SENT (§3.10.7.3, §3.10.7.4 Second). */
    RESET("connection reset"),
    /** An acceptable RST arrived in SYN_RECEIVED reached by an active OPEN (§3.10.7.4 Second). */
    REFUSED("connection refused"),
    /** Retransmission reached R2 and the connection was closed (§3.8.3, MUST-20). */
    TIMED_OUT("connection timed out"),
    /**
     * The peer's urgent pointer arrived with no urgent data pending, or advanced: urgent data lies ahead in the
     * stream (§3.10.7.4 Sixth, MUST-31). Sent by the endpoint, not by the machine: urgent data moves no state.
     */
    URGENT("urgent data");

    private final String text;

    TcpSignal(String text) {
        this.text = text;
    }

    /** The text shown to the user. */
    public String text() {
        return text;
    }
}
