package io.fsmgen.tcp.kernel;

import java.util.Optional;

/**
 * The kernel timer pending on a socket: the {@code tr} ("timer_active") column of {@code /proc/net/tcp}.
 *
 * <p>Why it matters: {@link #TIME_WAIT} marks a timewait minisocket, which is how to recognise an
 * orphaned FIN-WAIT-2 that the kernel already converted (it still prints state {@code 05}).
 */
public enum KernelTimer {
    /** 0: no timer pending. */
    NONE(0),
    /** 1: retransmit timer (also loss probe and RACK reordering; and SYN-ACK for request sockets). */
    RETRANSMIT(1),
    /** 2: another timer, usually keepalive (also an orphaned FIN-WAIT-2 kept as a full socket). */
    KEEPALIVE(2),
    /** 3: a timewait minisocket's timer; not all fields of the row carry data. */
    TIME_WAIT(3),
    /** 4: zero-window probe timer. */
    ZERO_WINDOW_PROBE(4);

    private final int code;

    KernelTimer(int code) {
        this.code = code;
    }

    /** The value printed in the {@code tr} column. */
    public int code() {
        return code;
    }

    /** The timer kind with this code, or empty for an unknown code. */
    public static Optional<KernelTimer> fromCode(int code) {
        for (KernelTimer t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
