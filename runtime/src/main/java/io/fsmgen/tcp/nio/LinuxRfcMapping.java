package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a socket's kernel state changes ({@code sock:inet_sock_set_state}) read as RFC 9293 transitions: the one table
 * the runtime follows with {@link TransitionSource#TRACEPOINT}, {@code watch} feeds every host connection's machine
 * with ({@link #step}), and the tests check the machine against. The README's "Linux ↔ RFC" section is this class in
 * prose. Linux's known deviations from RFC 9293 are mapped here explicitly, each with a note, so that only real
 * disagreements are flagged:
 *
 * <ul>
 *   <li>States map by name ({@link KernelTcpState#rfcName()}), except {@code CLOSE}, whose meaning depends on what
 *       led to it. A full socket that the kernel replaces by a TIME_WAIT minisocket ({@code tcp_time_wait()}, then
 *       {@code tcp_done()}) reports {@code FIN_WAIT2 -> CLOSE} or {@code CLOSING -> CLOSE}; no event reports the
 *       minisocket's start or its end. So {@code FIN_WAIT2 -> CLOSE} and {@code CLOSING -> CLOSE} mean TIME_WAIT
 *       (RCV_FIN, RCV_ACK), unless a RST was received just before ({@code tcp:tcp_receive_reset}), which means
 *       CLOSED (RCV_RST). {@code LAST_ACK -> CLOSE} is the ACK of our FIN; {@code LISTEN -> CLOSE} and
 *       {@code SYN_SENT -> CLOSE} a CLOSE; any other {@code -> CLOSE} without a reset an ABORT (the application's
 *       or the kernel's). All mean CLOSED. An abort ({@code tcp_disconnect()}) from FIN_WAIT2 or CLOSING reports
 *       the same change as the minisocket, then its RST: only a whole life tells them apart ({@link #path}).</li>
 *   <li>{@code TIME_WAIT -> CLOSE} means CLOSED, by the 2·MSL timer (TIMEOUT) or a RST: once a socket is in
 *       TIME_WAIT, its end is the only change left. A full socket does not report it (the minisocket that holds
 *       TIME_WAIT has no event), so it is mapped for completeness, with the one answer every user reads.</li>
 *   <li>A state set again ({@code tcp_set_state()} to the state it is in, e.g. {@code close()} after
 *       {@code shutdownOutput()} in FIN_WAIT1) is no step.</li>
 *   <li>The end of TIME_WAIT is no event: the machine's own 2·MSL timer ends it (Linux: 60 s, the default MSL).</li>
 *   <li>A passive socket is born at the handshake's last ACK as {@code LISTEN -> SYN_RECV} (the request socket before
 *       it, {@code NEW_SYN_RECV}, has no event; LISTEN is copied from the listener). Its RFC path starts at CLOSED,
 *       where the machine, inferred from {@code accept()}, starts too.</li>
 *   <li>A FIN+ACK received in FIN_WAIT_1 is reported as {@code FIN_WAIT1 -> FIN_WAIT2 -> CLOSE}: Linux processes the
 *       ACK first, so the RFC's FIN_WAIT_1 → TIME_WAIT shortcut never shows; FIN_WAIT_2 does.</li>
 * </ul>
 */
public final class LinuxRfcMapping {

    /**
     * One kernel state change as the RFC machine's events.
     *
     * @param events the events that take an RFC machine from the old state to {@code target}, in order
     * @param target the RFC state the socket is in after the change
     * @param note   the Linux deviation this step absorbs, if any (shown by {@code watch}, not flagged)
     */
    public record Step(List<TcpEvent> events, TcpState target, Optional<String> note) {
        public Step {
            events = List.copyOf(events);
        }
    }

    private LinuxRfcMapping() {}

    /** Every pair worked out once: {@code watch} maps tens of thousands of changes a second. */
    private static final class Table {
        static final Step[][][] STEPS = build();

        private static Step[][][] build() {
            KernelTcpState[] states = KernelTcpState.values();
            Step[][][] m = new Step[states.length][states.length][2];
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

    /** The RFC step the kernel's change from {@code from} to {@code to} is ({@code resetReceived}: just before). */
    public static Step step(KernelTcpState from, KernelTcpState to, boolean resetReceived) {
        return Table.STEPS[from.ordinal()][to.ordinal()][resetReceived ? 1 : 0];
    }

    /** The RFC state a socket is in after the kernel moved it to {@code to} from {@code from}. */
    public static TcpState target(KernelTcpState from, KernelTcpState to, boolean resetReceived) {
        return step(from, to, resetReceived).target();
    }

    private static Step work(KernelTcpState from, KernelTcpState to, boolean resetReceived) {
        if (from == to) {
            return new Step(List.of(), TcpState.valueOf(to.rfcName()), Optional.of("state set again"));
        }
        if (to == KernelTcpState.CLOSE) {
            if (resetReceived) {
                return new Step(List.of(TcpEvent.RCV_RST), TcpState.CLOSED, Optional.empty());
            }
            return switch (from) {
                case FIN_WAIT2 -> new Step(List.of(TcpEvent.RCV_FIN), TcpState.TIME_WAIT,
                        Optional.of("timewait minisocket took over"));
                case CLOSING -> new Step(List.of(TcpEvent.RCV_ACK), TcpState.TIME_WAIT,
                        Optional.of("timewait minisocket took over"));
                case TIME_WAIT -> new Step(List.of(TcpEvent.TIMEOUT), TcpState.CLOSED,
                        Optional.of("end of TIME_WAIT, which a full socket does not report"));
                case LAST_ACK -> new Step(List.of(TcpEvent.RCV_ACK), TcpState.CLOSED, Optional.empty());
                case LISTEN, SYN_SENT -> new Step(List.of(TcpEvent.CLOSE), TcpState.CLOSED, Optional.empty());
                default -> new Step(List.of(TcpEvent.ABORT), TcpState.CLOSED, Optional.empty());
            };
        }
        TcpState target = TcpState.valueOf(to.rfcName());
        return switch (from) {
            case CLOSE -> new Step(List.of(to == KernelTcpState.LISTEN ? TcpEvent.PASSIVE_OPEN
                    : TcpEvent.ACTIVE_OPEN), target, Optional.empty());
            case LISTEN -> new Step(List.of(TcpEvent.PASSIVE_OPEN, TcpEvent.RCV_SYN), target,
                    Optional.of("child of a listener, born at the last ACK of the handshake"));
            case SYN_SENT -> new Step(List.of(to == KernelTcpState.ESTABLISHED ? TcpEvent.RCV_SYN_ACK
                    : TcpEvent.RCV_SYN), target, Optional.empty());
            case ESTABLISHED, CLOSE_WAIT -> new Step(List.of(to == KernelTcpState.CLOSE_WAIT ? TcpEvent.RCV_FIN
                    : TcpEvent.CLOSE), target, Optional.empty());
            case FIN_WAIT1 -> new Step(List.of(to == KernelTcpState.CLOSING ? TcpEvent.RCV_FIN
                    : TcpEvent.RCV_ACK), target, Optional.empty());
            default -> new Step(List.of(TcpEvent.RCV_ACK), target, Optional.empty());
        };
    }

    /**
     * {@link #event(TcpState, TcpState)} for a step the kernel reported together with whether it had just received a
     * RST: a reset that closed the socket is RCV_RST from any state that has one, even where the states alone read
     * as something else (LAST_ACK to CLOSED is otherwise the ACK of our FIN).
     */
    public static Optional<TcpEvent> event(TcpState from, TcpState to, boolean resetReceived) {
        Optional<TcpEvent> event = event(from, to);
        return resetReceived && to == TcpState.CLOSED && event.isPresent() ? Optional.of(TcpEvent.RCV_RST) : event;
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
     * {@link #target}; resets received mark the next {@code -> CLOSE}. A {@code -> CLOSE} that the socket follows with
     * a reset of its own ({@code tcp:tcp_send_reset}, which the kernel fires after the change) is an abort
     * ({@code tcp_disconnect()}: SO_LINGER 0, or a close with unread data) and means CLOSED, also after FIN_WAIT2 and
     * CLOSING, where a plain {@code -> CLOSE} is the TIME_WAIT minisocket taking over (which sends no RST). Events of
     * other kinds are skipped.
     */
    public static List<TcpState> path(List<? extends KernelTcpEvent> socketEvents) {
        List<TcpState> path = new ArrayList<>();
        boolean reset = false;
        for (int i = 0; i < socketEvents.size(); i++) {
            KernelTcpEvent e = socketEvents.get(i);
            if (e instanceof KernelTcpEvent.ResetReceived) {
                reset = true;
            } else if (e instanceof KernelTcpEvent.StateChange s) {
                if (path.isEmpty()) {
                    path.add(TcpState.CLOSED);
                    if (s.oldState() == KernelTcpState.LISTEN) {
                        path.add(TcpState.LISTEN); // born from a listener: its passive OPEN
                    }
                }
                TcpState to = s.newState() == KernelTcpState.CLOSE && abortedBy(socketEvents, i + 1)
                        ? TcpState.CLOSED : target(s.oldState(), s.newState(), reset);
                if (to != path.get(path.size() - 1)) {
                    path.add(to);
                }
                reset = false;
            }
        }
        return path;
    }

    /** Whether the socket's next state change or reset, from {@code from} on, is a reset it sent. */
    private static boolean abortedBy(List<? extends KernelTcpEvent> socketEvents, int from) {
        for (int i = from; i < socketEvents.size(); i++) {
            KernelTcpEvent e = socketEvents.get(i);
            if (e instanceof KernelTcpEvent.ResetSent) {
                return true;
            }
            if (e instanceof KernelTcpEvent.StateChange || e instanceof KernelTcpEvent.ResetReceived) {
                return false;
            }
        }
        return false;
    }
}
