package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;

/**
 * A user call (SEND, CLOSE, ABORT, OPEN) that RFC 9293 rejects in the connection's current state. The message is the
 * RFC's error text, e.g. "connection closing" for a write after close, or "connection does not exist".
 */
public final class TcpCallException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String rfcText;
    private final transient TcpState state;

    public TcpCallException(String rfcText, TcpState state) {
        super("error: " + rfcText + " (state " + state + ")");
        this.rfcText = rfcText;
        this.state = state;
    }

    /** The RFC's error text without the "error: " prefix, e.g. "connection closing". */
    public String rfcText() {
        return rfcText;
    }

    /** The connection's state when the call was made. */
    public TcpState state() {
        return state;
    }
}
