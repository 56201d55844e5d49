package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a socket's kernel state changes ({@code sock:inet_sock_set_state}) read as RFC 9293 transitions: the table the
 * runtime follows with {@link TransitionSource#TRACEPOINT}, and the one the tests check the machine against. The
 * README's "Linux ↔ RFC" section is this class in prose.
 *
 * <ul>
 *   <li>States map by name ({@link KernelTcpState#rfcName()}), except {@code CLOSE}, whose meaning depends on what
 *       led to it. A full socket that the kernel replaces by a TIME_WAIT minisocket ({@code tcp_time_wait()}, then
 *       {@code tcp_done()}) reports {@code FIN_WAIT2 -> CLOSE} or {@code CLOSING -> CLOSE}; no event reports the
 *       minisocket's start or its end. So {@code FIN_WAIT2 -> CLOSE} and {@code CLOSING -> CLOSE} mean TIME_WAIT,
 *       unless a RST was received just before ({@code tcp:tcp_receive_reset}), which means CLOSED. Every other
 *       {@code -> CLOSE} means CLOSED.</li>
 *   <li>The end of TIME_WAIT is no event: the machine's own 2·MSL timer ends it (Linux: 60 s, the default MSL).</li>
 *   <li>A passive socket is born at the handshake's last ACK as {@code LISTEN -> SYN_RECV} (the request socket before
 *       it, {@code NEW_SYN_RECV}, has no event; LISTEN is copied from the listener). Its RFC path starts at CLOSED,
 *       where the machine, inferred from {@code accept()}, starts too.</li>
 *   <li>A FIN+ACK received in FIN_WAIT_1 is reported as {@code FIN_WAIT1 -> FIN_WAIT2 -> CLOSE}: Linux processes the
 *       ACK first, so the RFC's FIN_WAIT_1 → TIME_WAIT shortcut never shows; FIN_WAIT_2 does.</li>
 * </ul>
 */
public final class LinuxRfcMapping {

    private LinuxRfcMapping() {}

    /** The RFC state a socket is in after the kernel moved it to {@code to} from {@code from}. */
    public static TcpState target(KernelTcpState from, KernelTcpState to, boolean resetReceived) {
        if (to == KernelTcpState.CLOSE) {
            boolean timeWait = from == KernelTcpState.FIN_WAIT2 || from == KernelTcpState.CLOSING
                    || from == KernelTcpState.TIME_WAIT;
            return timeWait && !resetReceived ? TcpState.TIME_WAIT : TcpState.CLOSED;
        }
        return TcpState.valueOf(to.rfcName());
    }

    /**
     * The machine event that takes a socket from {@code from} to {@code to} where no socket call shows it; empty
     * where the step is a user call (CLOSE, ABORT, ACTIVE_OPEN: the runtime fired it already) or not a step.
     */
    public static Optional<TcpEvent> event(TcpState from, TcpState to) {
        if (to == TcpState.CLOSED) {
            return switch (from) {
                case LAST_ACK -> Optional.of(TcpEvent.RCV_ACK);
                case TIME_WAIT, CLOSED, LISTEN -> Optional.empty();
                default -> Optional.of(TcpEvent.RCV_RST);
            };
        }
        TcpEvent e = switch (from) {
            case SYN_SENT -> to == TcpState.ESTABLISHED ? TcpEvent.RCV_SYN_ACK : null;
            case SYN_RECEIVED -> to == TcpState.ESTABLISHED ? TcpEvent.RCV_ACK : null;
            case ESTABLISHED -> to == TcpState.CLOSE_WAIT ? TcpEvent.RCV_FIN : null;
            case FIN_WAIT_1 -> switch (to) {
                case FIN_WAIT_2 -> TcpEvent.RCV_ACK;
                case CLOSING -> TcpEvent.RCV_FIN;
                case TIME_WAIT -> TcpEvent.RCV_FIN_ACK;
                default -> null;
            };
            case FIN_WAIT_2 -> to == TcpState.TIME_WAIT ? TcpEvent.RCV_FIN : null;
            case CLOSING -> to == TcpState.TIME_WAIT ? TcpEvent.RCV_ACK : null;
            default -> null;
        };
        return Optional.ofNullable(e);
    }

    /**
     * One socket's RFC path from its kernel events, in order: states from CLOSED on, each state change mapped by
     * {@link #target}; resets received mark the next {@code -> CLOSE}. Events of other kinds are skipped.
     */
    public static List<TcpState> path(List<? extends KernelTcpEvent> socketEvents) {
        List<TcpState> path = new ArrayList<>();
        boolean reset = false;
        for (KernelTcpEvent e : socketEvents) {
            if (e instanceof KernelTcpEvent.ResetReceived) {
                reset = true;
            } else if (e instanceof KernelTcpEvent.StateChange s) {
                if (path.isEmpty()) {
                    path.add(TcpState.CLOSED);
                    if (s.oldState() == KernelTcpState.LISTEN) {
                        path.add(TcpState.LISTEN); // born from a listener: its passive OPEN
                    }
                }
                TcpState to = target(s.oldState(), s.newState(), reset);
                if (to != path.get(path.size() - 1)) {
                    path.add(to);
                }
                reset = false;
            }
        }
        return path;
    }
}
