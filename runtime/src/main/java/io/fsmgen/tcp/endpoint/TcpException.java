package io.fsmgen.tcp.endpoint;

/**
 * A user call the machine refused, carrying the RFC's error text ("connection does not exist", "connection closing",
 * ...) exactly as {@link io.fsmgen.tcp.TcpSpec} words it, so a caller can match on {@link #text()}.
 */
public final class TcpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String text;

    public TcpException(String text) {
        super("error: " + text);
        this.text = text;
    }

    /** The RFC's text without the "error: " prefix. */
    public String text() {
        return text;
    }
}
