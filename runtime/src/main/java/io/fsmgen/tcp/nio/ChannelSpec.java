package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.TransitionListener;
import io.fsmgen.Unhandled;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;
import java.util.Objects;

/**
 * The I/O side of a NIO connection as a state machine, beside the TCP one: which directions of the channel are open,
 * whether a close waits for queued writes, and when the channel is released and the connection leaves the runtime.
 * The fsmgen processor generates {@code ChannelMachine} from it; {@link NioTcpConnection} keeps no lifecycle flag of
 * its own.
 *
 * <p>The two machines split the work: the TCP machine ({@link NioTcpSpec}) decides which segment leaves (its FIN and
 * RST effects arrive here as {@link ChannelEvent#FIN_DUE} and {@link ChannelEvent#RST_DUE}); this one decides what
 * that means for the channel: {@code shutdownOutput()} while the peer may still send, {@code close()} once both
 * directions are done. It also guarantees that the handler hears {@code opened} and {@code closed} once each, since
 * each is the action of the single row that leaves NEW/CONNECTING and of the rows that end the application's part
 * (into {@link ChannelState#RELEASED}, or into {@link ChannelState#DONE} from a state that had not told it); and
 * {@code peerFinished} once, on the row that reads the end of stream.
 *
 * <p><b>A close that the kernel orders.</b> While the TCP machine is ESTABLISHED, the peer's FIN may already be in
 * the kernel (CLOSE_WAIT) without NIO having read it: the same {@code shutdownOutput()} is then CLOSE_WAIT → LAST_ACK
 * in the kernel, not ESTABLISHED → FIN_WAIT_1. Where the runtime's transition source can tell which
 * ({@code kernelOrdersClose}), the FIN leaves first and the channel waits in {@link ChannelState#FIN_UNCONFIRMED}
 * ({@code awaitCloseOrder}); the connection then gives the TCP machine the kernel's events in the kernel's order
 * (RCV_FIN before CLOSE when the peer's FIN came first), and the CLOSE's FIN finds it out already. The channel is
 * released, and the handler told {@code closed}, only after that CLOSE, so that a closed connection's machine has
 * always left ESTABLISHED.
 *
 * <p><b>An abort that the kernel orders.</b> The same unread FIN makes an {@code abort()} in ESTABLISHED the kernel's
 * CLOSE_WAIT → CLOSE, and one in FIN_WAIT_1 or FIN_WAIT_2 may find a TIME_WAIT. Where the transition source reports
 * the socket's change into CLOSE with the state it left, or (polling, in FIN_WAIT_1 or FIN_WAIT_2) whether a TIME_WAIT
 * was left behind ({@code kernelOrdersAbort}), the RST leaves at once and the channel waits in
 * {@link ChannelState#ABORT_UNCONFIRMED} ({@code awaitAbortOrder}) while the connection gives the TCP machine the
 * kernel's steps (RCV_FIN when the abort left CLOSE_WAIT), then ABORT, whose RST finds itself out already.
 *
 * <p><b>Closed means delivered.</b> Once both FINs are out the channel is closed, but our FIN may still wait in the
 * kernel behind unsent data (FIN_WAIT_1, CLOSING, LAST_ACK), and a RST from the peer then loses that data. The
 * channel waits in {@link ChannelState#RELEASED_FIN_UNACKED} until the TCP machine shows the FIN acknowledged
 * ({@link ChannelEvent#FIN_ACKED}, or LAST_ACK's end) or the connection ends otherwise, and only then is the handler
 * told {@code closed}, with the cause the end had.
 *
 * <p><b>The TCP machine's outside world.</b> A channel machine is also its connection's TCP machine's effects, listener
 * and scheduler: the TCP machine's FIN and RST become this machine's {@link ChannelEvent#FIN_DUE} and
 * {@link ChannelEvent#RST_DUE}, its reaching CLOSED becomes {@link ChannelEvent#TCB_DELETED}, and the rest (state
 * changes, signals, errors, timers) is passed on to the connection. One object plays these parts so that an idle
 * connection keeps no adapter object for them.
 *
 * <p>Every (state, event) pair is decided ({@code complete = true}). Pairs the runtime never produces (a FIN due
 * before the connection opened, a second end of stream) are explicit stays, so that a stale event is harmless.
 */
@StateMachine(
        states = ChannelState.class,
        events = ChannelEvent.class,
        initial = "NEW",
        name = "ChannelMachine",
        unhandled = Unhandled.THROW,
        complete = true,
        finalStates = "DONE",
        transitions = {
            // ---- opening ----
            @Transition(from = "NEW", on = "CONNECT_PENDING", to = "CONNECTING"),
            @Transition(from = {"NEW", "CONNECTING"}, on = "CONNECTED", action = "tellOpened", to = "OPEN"),
            @Transition(from = "*", on = {"CONNECT_PENDING", "CONNECTED"}), // stale: the connection moved on

            // ---- the application's abort: the RST now; from which state, the kernel says (its change into CLOSE) ----
            @Transition(from = "ABORT_UNCONFIRMED", on = {"ABORT_ASKED", "CLOSE_ASKED"}, action = "rejectGone"),
            @Transition(from = {"OPEN", "FLUSHING", "FIN_UNCONFIRMED", "INPUT_ENDED_FIN_UNCONFIRMED", "OUTPUT_SHUT"},
                    on = "ABORT_ASKED", guard = "kernelOrdersAbort", action = {"awaitAbortOrder", "resetChannel"},
                    to = "ABORT_UNCONFIRMED"),
            @Transition(from = "*", on = "ABORT_ASKED", action = "tcpAbort"), // the TCP machine answers, RST or error

            // ---- the application's close: after queued writes (RFC 9293 T45/T66), then the TCP machine's CLOSE ----
            @Transition(from = "OPEN", on = "CLOSE_ASKED", guard = "writesQueued", to = "FLUSHING"),
            @Transition(from = "INPUT_ENDED", on = "CLOSE_ASKED", guard = "writesQueued", to = "INPUT_ENDED_FLUSHING"),
            @Transition(from = {"FLUSHING", "INPUT_ENDED_FLUSHING", "FIN_UNCONFIRMED", "INPUT_ENDED_FIN_UNCONFIRMED"},
                    on = "CLOSE_ASKED",
                    action = "rejectClosing"),
            // the peer's FIN may be in the kernel unread: the FIN leaves first, the kernel says which CLOSE it was
            @Transition(from = "OPEN", on = "CLOSE_ASKED", guard = "kernelOrdersClose",
                    action = {"shutdownOutput", "awaitCloseOrder"}, to = "FIN_UNCONFIRMED"),
            @Transition(from = "*", on = "CLOSE_ASKED", action = "tcpClose"), // the TCP machine answers, FIN or error
            @Transition(from = "FLUSHING", on = "DRAINED", guard = "kernelOrdersClose",
                    action = {"shutdownOutput", "awaitCloseOrder"}, to = "FIN_UNCONFIRMED"),
            @Transition(from = {"FLUSHING", "INPUT_ENDED_FLUSHING"}, on = "DRAINED", action = "tcpClose"),
            @Transition(from = "*", on = "DRAINED"),

            // ---- our FIN: half-close while the peer may still send, full close once it has finished ----
            @Transition(from = {"OPEN", "FLUSHING"}, on = "FIN_DUE", action = "shutdownOutput", to = "OUTPUT_SHUT"),
            // both FINs out: the application is done, the kernel keeps the socket until ours is acknowledged
            @Transition(from = {"INPUT_ENDED", "INPUT_ENDED_FLUSHING", "INPUT_ENDED_FIN_UNCONFIRMED"}, on = "FIN_DUE",
                    action = "closeChannel", to = "RELEASED_FIN_UNACKED"),
            @Transition(from = "FIN_UNCONFIRMED", on = "FIN_DUE", to = "OUTPUT_SHUT"), // the CLOSE of a FIN already out
            @Transition(from = "*", on = "FIN_DUE"), // no second FIN; a released channel's FIN left with close()

            // ---- the peer's FIN, read as end of stream ----
            @Transition(from = "OPEN", on = "END_OF_STREAM", action = "tellPeerFinished", to = "INPUT_ENDED"),
            @Transition(from = "FLUSHING", on = "END_OF_STREAM", action = "tellPeerFinished",
                    to = "INPUT_ENDED_FLUSHING"),
            @Transition(from = "FIN_UNCONFIRMED", on = "END_OF_STREAM", action = "tellPeerFinished",
                    to = "INPUT_ENDED_FIN_UNCONFIRMED"), // released once the TCP machine has taken the close
            @Transition(from = "OUTPUT_SHUT", on = "END_OF_STREAM", guard = "finAcknowledged",
                    action = {"tellPeerFinished", "closeChannel", "tellClosed"},
                    to = "RELEASED"), // both FINs out and ours acknowledged: the application is done
            @Transition(from = "OUTPUT_SHUT", on = "END_OF_STREAM",
                    action = {"tellPeerFinished", "closeChannel"}, to = "RELEASED_FIN_UNACKED"),
            @Transition(from = "*", on = "END_OF_STREAM"),

            // ---- our FIN acknowledged: every byte written reached the peer ----
            @Transition(from = "RELEASED_FIN_UNACKED", on = "FIN_ACKED", action = "tellClosed", to = "RELEASED"),
            @Transition(from = "*", on = "FIN_ACKED"),

            // ---- our RST (abort, or a timeout that aborts) ----
            @Transition(from = {"RELEASED_FIN_UNACKED", "RELEASED", "DONE"}, on = "RST_DUE"), // no longer ours to reset
            @Transition(from = "ABORT_UNCONFIRMED", on = "RST_DUE", action = "tellClosed",
                    to = "RELEASED"), // the abort's RST left already
            @Transition(from = "*", on = "RST_DUE", action = {"resetChannel", "tellClosed"}, to = "RELEASED"),

            // ---- the TCB is deleted: the connection leaves the runtime ----
            @Transition(from = "RELEASED", on = "TCB_DELETED", action = "unregister", to = "DONE"),
            // LAST_ACK's FIN acknowledged, or a RST or timeout before it was: closed says which
            @Transition(from = "RELEASED_FIN_UNACKED", on = "TCB_DELETED", action = {"tellClosed", "unregister"},
                    to = "DONE"),
            @Transition(from = "DONE", on = "TCB_DELETED"),
            @Transition(from = "ABORT_UNCONFIRMED", on = "TCB_DELETED", action = {"tellClosed", "unregister"},
                    to = "DONE"), // a RST from the peer came before the abort, or the abort from a state without one
            @Transition(from = "*", on = "TCB_DELETED", action = {"releaseChannel", "tellClosed", "unregister"},
                    to = "DONE"), // refused, reset, timed out, closed before opening, failed before any SYN
        })
public abstract class ChannelSpec implements TcpEffects, TransitionListener<TcpState, TcpEvent>, Scheduler {

    private final ChannelActions actions;

    ChannelSpec(ChannelActions actions) {
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** Fires one of this machine's events; implemented by the generated machine. */
    public abstract boolean fire(ChannelEvent event);

    // ---- the TCP machine's effects: its FIN and RST are this machine's events; the rest goes to the connection ----

    @Override
    public void send(TcpSegment segment) {
        switch (segment) {
            case FIN -> fire(ChannelEvent.FIN_DUE);
            case RST -> fire(ChannelEvent.RST_DUE);
            default -> {
                // SYN, SYN+ACK, ACK, data: the kernel sends them.
            }
        }
    }

    @Override
    public void signal(TcpSignal signal) {
        actions.tcpSignal(signal);
    }

    @Override
    public void error(String text) {
        actions.tcpError(text);
    }

    // ---- the TCP machine's listener and scheduler ----

    @Override
    public void transitioned(TcpState from, TcpEvent event, TcpState to) {
        if (from == to) {
            return; // an internal row, or the idle timer's restart
        }
        actions.tcpTransitioned(from, event, to);
        if (to == TcpState.CLOSED) {
            fire(ChannelEvent.TCB_DELETED);
        } else if ((from == TcpState.FIN_WAIT_1 || from == TcpState.CLOSING) && finAcknowledgedIn(to)) {
            fire(ChannelEvent.FIN_ACKED);
        }
    }

    @Override
    public Scheduler.Cancellable schedule(Duration delay, Runnable task) {
        return actions.schedule(delay, task);
    }

    // ---- this machine's rows, done on the real channel ----

    boolean writesQueued() {
        return actions.writesQueued();
    }

    boolean kernelOrdersClose() {
        return actions.kernelOrdersClose();
    }

    boolean finAcknowledged() {
        return actions.finAcknowledged();
    }

    /** Whether a connection in {@code state} has had its FIN acknowledged by the peer. */
    static boolean finAcknowledgedIn(TcpState state) {
        return state == TcpState.FIN_WAIT_2 || state == TcpState.TIME_WAIT;
    }

    void awaitCloseOrder() {
        actions.awaitCloseOrder();
    }

    boolean kernelOrdersAbort() {
        return actions.kernelOrdersAbort();
    }

    void awaitAbortOrder() {
        actions.awaitAbortOrder();
    }

    void tcpAbort() {
        actions.tcpAbort();
    }

    void rejectGone() {
        actions.rejectGone();
    }

    void tcpClose() {
        actions.tcpClose();
    }

    void rejectClosing() {
        actions.rejectClosing();
    }

    void shutdownOutput() {
        actions.shutdownOutput();
    }

    void closeChannel() {
        actions.closeChannel();
    }

    void resetChannel() {
        actions.resetChannel();
    }

    void releaseChannel() {
        actions.releaseChannel();
    }

    void tellOpened() {
        actions.tellOpened();
    }

    void tellPeerFinished() {
        actions.tellPeerFinished();
    }

    void tellClosed() {
        actions.tellClosed();
    }

    void unregister() {
        actions.unregister();
    }
}
