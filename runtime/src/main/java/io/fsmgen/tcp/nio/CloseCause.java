package io.fsmgen.tcp.nio;

/** Why a connection ended, as reported to {@link NioTcpHandler#closed}. */
public enum CloseCause {
    /**
     * Both sides finished sending (FIN both ways) and the peer acknowledged ours (as far as the transition source can
     * tell), or the application closed a connection that never opened.
     */
    NORMAL,
    /** A RST ended it: sent by the peer ("connection reset"), or by this side through {@code abort()}. */
    RESET,
    /** The peer refused the connection: a RST in answer to our SYN ({@code ConnectException}). */
    REFUSED,
    /**
     * A timeout declared in {@link NioTcpSpec} expired (connect, FIN_WAIT_2 or idle), or the kernel gave up on the
     * connection without a RST: its retransmissions of our SYN or data went unanswered (ETIMEDOUT), or its own
     * FIN_WAIT_2 timeout expired.
     */
    TIMEOUT,
    /** Another I/O error, or the runtime was closed under the connection. */
    ERROR
}
