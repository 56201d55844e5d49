package io.fsmgen.tcp.watch;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.util.List;
import java.util.Optional;

/**
 * The RFC machine's events for one kernel state change: the mapping {@code watch} feeds every connection's
 * {@code TcpMachine} with. Linux's known deviations from RFC 9293 are mapped here explicitly (and documented in the
 * README), so that only real disagreements are flagged:
 * <ul>
 *   <li>a passive socket is born at the handshake's last ACK as {@code LISTEN -> SYN_RECV} (the request minisocket,
 *       {@code NEW_SYN_RECV}, has no event): the machine takes {@code PASSIVE_OPEN, RCV_SYN};
 *   <li>{@code FIN_WAIT2 -> CLOSE} and {@code CLOSING -> CLOSE} without a reset are the hand-over to a timewait
 *       minisocket: {@code RCV_FIN} and {@code RCV_ACK} into TIME_WAIT (an orphaned FIN_WAIT2 minisocket is still
 *       waiting for that FIN; see {@code KernelEnding});
 *   <li>{@code -> CLOSE} after a reset received is {@code RCV_RST}; any other unexpected {@code -> CLOSE} is the
 *       application's or the kernel's abort, {@code ABORT}.
 * </ul>
 */
final class KernelToRfc {

    /**
     * The events, and the RFC state the machine should then be in.
     *
     * @param events   to fire in order
     * @param expected the RFC state they should lead to
     * @param note     the Linux deviation this mapping absorbs, if any (shown, not flagged)
     */
    record Mapping(List<TcpEvent> events, TcpState expected, Optional<String> note) {}

    private KernelToRfc() {}

    /** The mapping of every pair, worked out once: {@code watch} maps tens of thousands of changes a second. */
    private static final class Table {
        static final Mapping[][][] MAPPINGS = build();

        private static Mapping[][][] build() {
            KernelTcpState[] states = KernelTcpState.values();
            Mapping[][][] m = new Mapping[states.length][states.length][2];
            for (KernelTcpState from : states) {
                for (KernelTcpState to : states) {
                    for (int reset = 0; reset < 2; reset++) {
                        m[from.ordinal()][to.ordinal()][reset] = work(from, to, reset == 1);
                    }
                }
            }
            return m;
        }
    }

    static Mapping map(KernelTcpState from, KernelTcpState to, boolean resetReceived) {
        return Table.MAPPINGS[from.ordinal()][to.ordinal()][resetReceived ? 1 : 0];
    }

    private static Mapping work(KernelTcpState from, KernelTcpState to, boolean resetReceived) {
        if (from == to) {
            // tcp_set_state() reports a state set again, e.g. close() after shutdownOutput() in FIN_WAIT1
            return new Mapping(List.of(), TcpState.valueOf(to.rfcName()), Optional.of("state set again"));
        }
        if (to == KernelTcpState.CLOSE) {
            if (resetReceived) {
                return new Mapping(List.of(TcpEvent.RCV_RST), TcpState.CLOSED, Optional.empty());
            }
            return switch (from) {
                case FIN_WAIT2 -> new Mapping(List.of(TcpEvent.RCV_FIN), TcpState.TIME_WAIT,
                        Optional.of("timewait minisocket took over"));
                case CLOSING -> new Mapping(List.of(TcpEvent.RCV_ACK), TcpState.TIME_WAIT,
                        Optional.of("timewait minisocket took over"));
                case LAST_ACK -> new Mapping(List.of(TcpEvent.RCV_ACK), TcpState.CLOSED, Optional.empty());
                case LISTEN, SYN_SENT -> new Mapping(List.of(TcpEvent.CLOSE), TcpState.CLOSED, Optional.empty());
                default -> new Mapping(List.of(TcpEvent.ABORT), TcpState.CLOSED, Optional.empty());
            };
        }
        TcpState target = TcpState.valueOf(to.rfcName());
        return switch (from) {
            case CLOSE -> new Mapping(List.of(to == KernelTcpState.LISTEN ? TcpEvent.PASSIVE_OPEN
                    : TcpEvent.ACTIVE_OPEN), target, Optional.empty());
            case LISTEN -> new Mapping(List.of(TcpEvent.PASSIVE_OPEN, TcpEvent.RCV_SYN), target,
                    Optional.of("child of a listener, born at the last ACK of the handshake"));
            case SYN_SENT -> new Mapping(List.of(to == KernelTcpState.ESTABLISHED ? TcpEvent.RCV_SYN_ACK
                    : TcpEvent.RCV_SYN), target, Optional.empty());
            case ESTABLISHED, CLOSE_WAIT -> new Mapping(List.of(to == KernelTcpState.CLOSE_WAIT ? TcpEvent.RCV_FIN
                    : TcpEvent.CLOSE), target, Optional.empty());
            case FIN_WAIT1 -> new Mapping(List.of(to == KernelTcpState.CLOSING ? TcpEvent.RCV_FIN
                    : TcpEvent.RCV_ACK), target, Optional.empty());
            default -> new Mapping(List.of(TcpEvent.RCV_ACK), target, Optional.empty());
        };
    }
}
