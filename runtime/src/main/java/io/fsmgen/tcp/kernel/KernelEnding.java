package io.fsmgen.tcp.kernel;

import java.util.List;
import java.util.Optional;

/**
 * How a socket's life ended, read from its own kernel events ({@link #of}), because the kernel reports no
 * TIME_WAIT: the active closer's full socket goes {@code FIN_WAIT2 -> CLOSE} or {@code CLOSING -> CLOSE} when a
 * timewait minisocket takes over, and neither the start nor the end of TIME_WAIT is a state-change event.
 *
 * <p>What this relies on (Linux {@code net/ipv4}): {@code tcp_time_wait()} hands the connection to a minisocket
 * ({@code inet_twsk_hashdance}) and then calls {@code tcp_done()}, which sets the full socket to CLOSE; it is called
 * from {@code tcp_fin()} when a FIN arrives in FIN_WAIT2 (substate TIME_WAIT), from {@code tcp_rcv_state_process()}
 * when our FIN is acknowledged in CLOSING (TIME_WAIT), and for an orphaned (closed by the application) FIN_WAIT2
 * socket: when the ACK of its FIN arrives without a FIN, from {@code tcp_close()} in FIN_WAIT2, and from the
 * keepalive timer (substate FIN_WAIT2; it turns TIME_WAIT silently when the peer's FIN arrives). A reset received
 * ({@code tcp_reset()}) fires {@code tcp_receive_reset} before the CLOSE; an abort ({@code tcp_disconnect()},
 * {@code SO_LINGER} 0, unread data at close) sets CLOSE and then fires {@code tcp_send_reset}.
 */
public enum KernelEnding {
    /** Our FIN was acknowledged after the FINs crossed (CLOSING), or a FIN arrived in FIN_WAIT2: TIME_WAIT. */
    TIME_WAIT,
    /**
     * {@code FIN_WAIT2 -> CLOSE} with no reset: TIME_WAIT, or an orphaned FIN_WAIT2 handed to a minisocket before the
     * peer's FIN arrived. The events cannot tell; {@link #resolve} with the kernel's table can.
     */
    TIME_WAIT_OR_FIN_WAIT2_MINISOCKET,
    /** An orphaned FIN_WAIT2 held by a minisocket: TIME_WAIT follows, unreported, when the peer's FIN arrives. */
    FIN_WAIT2_MINISOCKET,
    /** {@code LAST_ACK -> CLOSE}: the passive closer's FIN was acknowledged; no TIME_WAIT on this side. */
    CLOSED_AFTER_LAST_ACK,
    /** A reset arrived in SYN_SENT: the connection was refused. */
    REFUSED,
    /** A reset arrived in a synchronized state. */
    RESET_RECEIVED,
    /** The socket was aborted (a reset sent, or given up after retransmissions), from a state other than the above. */
    ABORTED,
    /** A listener closed. */
    LISTENER_CLOSED;

    /**
     * The ending of one socket's events (one {@code skaddr}, in order, as delivered), or empty while it has no
     * {@code -> CLOSE} yet. A {@code tcp_send_reset} that follows the CLOSE belongs to the same ending.
     */
    public static Optional<KernelEnding> of(List<? extends KernelTcpEvent> events) {
        KernelTcpEvent.StateChange close = null;
        boolean resetReceived = false;
        boolean resetSent = false;
        for (KernelTcpEvent e : events) {
            if (e instanceof KernelTcpEvent.StateChange c) {
                if (close != null) {
                    break;
                }
                if (c.newState() == KernelTcpState.CLOSE) {
                    close = c;
                } else {
                    resetReceived = false;
                    resetSent = false;
                }
            } else if (e instanceof KernelTcpEvent.ResetReceived) {
                resetReceived = close == null || resetReceived;
            } else if (e instanceof KernelTcpEvent.ResetSent) {
                resetSent = true;
            }
        }
        if (close == null) {
            return Optional.empty();
        }
        KernelTcpState from = close.oldState();
        if (resetReceived) {
            return Optional.of(from == KernelTcpState.SYN_SENT ? REFUSED : RESET_RECEIVED);
        }
        if (resetSent) {
            return Optional.of(ABORTED);
        }
        return Optional.of(switch (from) {
            case CLOSING -> TIME_WAIT;
            case FIN_WAIT2 -> TIME_WAIT_OR_FIN_WAIT2_MINISOCKET;
            case LAST_ACK -> CLOSED_AFTER_LAST_ACK;
            case LISTEN -> LISTENER_CLOSED;
            default -> ABORTED;
        });
    }

    /**
     * Settles {@link #TIME_WAIT_OR_FIN_WAIT2_MINISOCKET} with the kernel's table row of the same 4-tuple, read after
     * the CLOSE (the minisocket is hashed before the full socket closes): a timewait minisocket in substate
     * TIME_WAIT means {@link #TIME_WAIT}, in substate FIN_WAIT2 means {@link #FIN_WAIT2_MINISOCKET}. Other endings,
     * or no such row (the minisocket already gone, or a row that is no minisocket), are returned unchanged.
     */
    public KernelEnding resolve(Optional<KernelSocketEntry> row) {
        if (this != TIME_WAIT_OR_FIN_WAIT2_MINISOCKET || row.isEmpty() || !row.get().timewaitMinisocket()) {
            return this;
        }
        return row.get().state() == KernelTcpState.FIN_WAIT2 ? FIN_WAIT2_MINISOCKET : TIME_WAIT;
    }

    /**
     * Settles {@link #TIME_WAIT_OR_FIN_WAIT2_MINISOCKET} with the peer's ending, when the peer is on this host
     * (loopback, or a local namespace): a peer whose LAST_ACK was acknowledged got our ACK of its FIN, which only a
     * TIME_WAIT socket sends, so this side is in {@link #TIME_WAIT} by then.
     */
    public KernelEnding resolveByPeer(Optional<KernelEnding> peer) {
        return this == TIME_WAIT_OR_FIN_WAIT2_MINISOCKET && peer.equals(Optional.of(CLOSED_AFTER_LAST_ACK))
                ? TIME_WAIT : this;
    }
}
