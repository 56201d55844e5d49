package io.fsmgen.tcp.kernel;

import java.util.Optional;

/**
 * Linux's TCP states ({@code include/net/tcp_states.h}), with the numeric code printed in the
 * {@code st} column of {@code /proc/net/tcp}, the label {@code ss} prints, and the name of the
 * matching RFC 9293 state.
 *
 * <p>Why a separate enum rather than the RFC one: Linux numbers states differently, has
 * implementation-only states ({@link #NEW_SYN_RECV}, {@link #BOUND_INACTIVE}) and calls RFC CLOSED
 * {@code TCP_CLOSE}. {@link #rfcName()} is a plain string so that this package does not depend on
 * {@code io.fsmgen.tcp.TcpState}; map with {@code TcpState.valueOf(state.rfcName())}.
 */
public enum KernelTcpState {
    /** {@code TCP_ESTABLISHED}. */
    ESTABLISHED(1, "ESTAB", "ESTABLISHED"),
    /** {@code TCP_SYN_SENT}. */
    SYN_SENT(2, "SYN-SENT", "SYN_SENT"),
    /** {@code TCP_SYN_RECV}: also how /proc prints passive request sockets (with inode 0). */
    SYN_RECV(3, "SYN-RECV", "SYN_RECEIVED"),
    /** {@code TCP_FIN_WAIT1}. */
    FIN_WAIT1(4, "FIN-WAIT-1", "FIN_WAIT_1"),
    /**
     * {@code TCP_FIN_WAIT2}. An orphaned FIN-WAIT-2 turned into a timewait minisocket is printed with
     * this code (its substate), timer kind 3 and inode 0, not with {@link #TIME_WAIT}.
     */
    FIN_WAIT2(5, "FIN-WAIT-2", "FIN_WAIT_2"),
    /** {@code TCP_TIME_WAIT}. */
    TIME_WAIT(6, "TIME-WAIT", "TIME_WAIT"),
    /** {@code TCP_CLOSE}: the RFC's CLOSED. */
    CLOSE(7, "UNCONN", "CLOSED"),
    /** {@code TCP_CLOSE_WAIT}. */
    CLOSE_WAIT(8, "CLOSE-WAIT", "CLOSE_WAIT"),
    /** {@code TCP_LAST_ACK}. */
    LAST_ACK(9, "LAST-ACK", "LAST_ACK"),
    /** {@code TCP_LISTEN}. */
    LISTEN(10, "LISTEN", "LISTEN"),
    /** {@code TCP_CLOSING}. */
    CLOSING(11, "CLOSING", "CLOSING"),
    /**
     * {@code TCP_NEW_SYN_RECV}: a passive request socket. Never printed by /proc (which shows
     * {@link #SYN_RECV}); {@code ss} would label it UNDEF.
     */
    NEW_SYN_RECV(12, "UNDEF", "SYN_RECEIVED"),
    /**
     * {@code TCP_BOUND_INACTIVE}: an inet_diag pseudo-state for bound-only sockets (Linux 6.8+);
     * never in /proc, and reported by {@code ss} as UNCONN.
     */
    BOUND_INACTIVE(13, "UNCONN", "CLOSED");

    private final int code;
    private final String ssLabel;
    private final String rfcName;

    KernelTcpState(int code, String ssLabel, String rfcName) {
        this.code = code;
        this.ssLabel = ssLabel;
        this.rfcName = rfcName;
    }

    /** The kernel's numeric value, as printed (in hex) in the {@code st} column. */
    public int code() {
        return code;
    }

    /** The label in the "State" column of {@code ss -tan}, e.g. {@code ESTAB}, {@code FIN-WAIT-1}. */
    public String ssLabel() {
        return ssLabel;
    }

    /**
     * The RFC 9293 state this corresponds to, spelled as the constant of {@code io.fsmgen.tcp.TcpState}
     * (e.g. {@code "FIN_WAIT_1"}; {@link #CLOSE} gives {@code "CLOSED"}).
     */
    public String rfcName() {
        return rfcName;
    }

    /** The state with this kernel code, or empty for a code this enum does not know. */
    public static Optional<KernelTcpState> fromCode(int code) {
        return Optional.ofNullable(ofCode(code));
    }

    /** The state with this kernel code, or null: {@link #fromCode} without an allocation, for the trace decoder. */
    static KernelTcpState ofCode(int code) {
        return code >= 0 && code < ByCode.STATES.length ? ByCode.STATES[code] : null;
    }

    /** The states indexed by code; never written after it is built. */
    private static final class ByCode {
        static final KernelTcpState[] STATES = build();

        private static KernelTcpState[] build() {
            int max = 0;
            for (KernelTcpState s : values()) {
                max = Math.max(max, s.code);
            }
            KernelTcpState[] states = new KernelTcpState[max + 1];
            for (KernelTcpState s : values()) {
                states[s.code] = s;
            }
            return states;
        }
    }
}
