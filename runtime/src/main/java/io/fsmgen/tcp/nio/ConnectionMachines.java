package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The two machines of a {@link NioTcpConnection} and the steps that drive them: a TCP event fired, its callbacks
 * delivered after it; a user call whose rejection (the RFC's error text) becomes a {@link TcpCallException}; hidden
 * transitions learned from the kernel or estimated; the TCP machine's state published to other threads, the
 * runtime's listeners and its transition source. Also the channel machine's rows that need the TCP machine or the
 * runtime, and the TCP machine's callbacks, which reach the connection through the channel machine.
 *
 * <p>A layer of the connection object (see {@link ConnectionSocket}). Loop-confined, save the published state.
 */
abstract class ConnectionMachines extends ConnectionCallbacks {

    final NioTcpMachine machine;
    final ChannelMachine channel;

    /** The TCP machine's state, published for other threads. */
    volatile TcpState state = TcpState.CLOSED;
    volatile long stateSince = System.nanoTime();
    /** Whether {@link #state} was read from the kernel (or is a NIO-visible state); false when estimated. */
    volatile boolean observed = true;
    /** Whether the event being fired is an estimate rather than an observation (the provenance of one step). */
    private boolean estimating;

    ConnectionMachines(EventLoop loop, SocketChannel socket, NioTcpHandler handler) {
        super(loop, socket, handler);
        this.channel = new ChannelMachine(this);
        NioTcpOptions options = loop.runtime.options();
        this.machine = new NioTcpMachine(channel, channel, options.tcp(), options.timeouts());
        this.machine.addListener(channel);
    }

    // ---- steps ----

    /**
     * Runs a step for a user call; the machine's error effect becomes a {@link TcpCallException}. The error text
     * waits on the loop ({@link EventLoop#rejection}) while the step runs: saved and restored here, so that a call
     * made from inside the step (a listener's) keeps its own.
     */
    final void userCall(Runnable step) {
        TcpState before = state;
        String outer = loop.rejection;
        loop.rejection = null;
        String text;
        try {
            step.run();
        } finally {
            text = loop.rejection;
            loop.rejection = outer;
        }
        afterStep();
        if (text != null) {
            throw new TcpCallException(text, before);
        }
    }

    // ---- driving the machines ----

    /** Fires one TCP event, then delivers what its effects asked for, outside the machines. */
    final void drive(TcpEvent event) {
        String outer = loop.rejection;
        loop.rejection = null;
        String text;
        try {
            machine.fire(event);
        } finally {
            text = loop.rejection;
            loop.rejection = outer;
        }
        afterStep();
        if (text != null) {
            // Not a user call: a rejection here means the event came late (the connection already moved on).
            NioTcpRuntime.LOG.log(Level.DEBUG, this + ": " + event + " rejected: " + text);
        }
    }

    /** A transition no socket call shows, learned from the runtime's source ({@code observed}) or estimated. */
    void hiddenStep(TcpEvent event, boolean fromKernel) {
        estimating = !fromKernel;
        try {
            drive(event);
        } finally {
            estimating = false;
        }
    }

    /** Hidden transitions in a row, as one step: the callbacks they ask for are delivered after the last. */
    void hiddenSteps(boolean fromKernel, TcpEvent... events) {
        estimating = !fromKernel;
        try {
            for (TcpEvent event : events) {
                machine.fire(event);
            }
        } finally {
            estimating = false;
        }
        afterStep();
    }

    /** The kernel says a RST ended the connection while no socket call could see it. */
    void kernelReset(String why) {
        setCause(CloseCause.RESET, why);
        hiddenStep(TcpEvent.RCV_RST, true);
    }

    /** The states whose retransmissions the kernel can give up on: RETRANSMISSION_EXHAUSTED closes them (T100). */
    private static final Set<TcpState> RETRANSMITTING = EnumSet.of(TcpState.SYN_SENT, TcpState.ESTABLISHED,
            TcpState.FIN_WAIT_1, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK);

    /**
     * The kernel ended the connection without a RST: its retransmissions (or keepalives) went unanswered, or, in
     * FIN_WAIT_2, its {@code tcp_fin_timeout} expired. A timeout, not a reset: RETRANSMISSION_EXHAUSTED where the
     * machine retransmits, else USER_TIMEOUT, the row the runtime's own FIN_WAIT_2 timeout takes.
     */
    void kernelTimedOut(String why) {
        setCause(CloseCause.TIMEOUT, why);
        hiddenStep(RETRANSMITTING.contains(state) ? TcpEvent.RETRANSMISSION_EXHAUSTED : TcpEvent.USER_TIMEOUT, true);
    }

    /**
     * The transition source's word on a close made ahead of the TCP machine (see {@link CloseOrder}). Ignored when no
     * such close waits (answered already, or the connection moved on by a RST or an abort).
     */
    void closeOrdered(boolean peerFinFirst, boolean fromKernel) {
        CloseOrder waiting = loop.closeOrders.remove(connection());
        if (waiting != null) {
            waiting.answer(peerFinFirst, fromKernel);
        }
    }

    @Override
    final boolean endRead() {
        return endHeld() && state != TcpState.CLOSED;
    }

    /**
     * Takes an end (a RST, a timeout) that a read found while a close waited ({@link #endRead}), if it is still held:
     * the transition source's words on the path to it never came.
     */
    final void takeHeldEnd() {
        if (!endRead()) {
            return;
        }
        if (endedByTimeout()) {
            kernelTimedOut("connection timed out in the kernel");
        } else {
            kernelReset("connection reset");
        }
    }

    /**
     * Arms the bound of a held end ({@link #endRead}) whose close has its answer: should the kernel's words that end
     * the path never come (lost, with no table to look in), the end is taken after {@link CloseOrder#BOUND}. Kept in
     * the loop's side table so that the connection's end cancels it: an armed timer holds its connection.
     */
    final void boundHeldEnd() {
        Scheduler.Cancellable previous = loop.heldEnds.put(connection(),
                loop.schedule(CloseOrder.BOUND, this::takeHeldEnd, connection()));
        if (previous != null) {
            previous.cancel();
        }
    }

    /** Whether an abort's RST left ahead of the TCP machine's ABORT, which waits for the kernel's word. */
    final boolean abortHeld() {
        return channel.state() == ChannelState.ABORT_UNCONFIRMED && state != TcpState.CLOSED;
    }

    /**
     * The kernel's word on an abort made ahead of the TCP machine: its socket's change into CLOSE, out of
     * {@code kernelFrom} (an RFC state), stamped {@code stampNanos}, which the mapping reads as {@code target}
     * ({@code reset}: a RST had just come in). The machine first takes the step the kernel took and no event showed
     * (the peer's FIN, unread: CLOSE_WAIT). A change stamped after the abort began is the abort's own: then ABORT. One
     * stamped before it ended the socket before the abort reached it, and is taken as the mapping reads it (TIME_WAIT:
     * the peer's FIN came in unread and a minisocket took over; a RST; the kernel's timeout), then ABORT where a
     * state is left to abort; the end it found is what {@code closed} reports (a TIME_WAIT: a normal close). Returns
     * false, doing nothing, when no abort waits.
     */
    final boolean abortOrdered(TcpState kernelFrom, TcpState target, boolean reset, long stampNanos) {
        if (!abortHeld()) {
            return false;
        }
        AbortWait waiting = loop.abortsWaiting.get(connection());
        boolean abortsOwn = waiting == null || stampNanos - waiting.sinceNanos() >= 0;
        if (kernelFrom == TcpState.CLOSE_WAIT && state == TcpState.ESTABLISHED) {
            hiddenStep(TcpEvent.RCV_FIN, true); // the peer's FIN, in the kernel but never read
        }
        if (reset) {
            String why = "connection reset (the kernel received a RST before the abort)";
            endedBeforeAbort(CloseCause.RESET, why); // the abort's own cause gives way: the peer's RST ended it
            kernelReset(why);
        } else if (!abortsOwn && target == TcpState.CLOSED && state != TcpState.LAST_ACK) {
            String why = "connection timed out in the kernel before the abort";
            endedBeforeAbort(CloseCause.TIMEOUT, why);
            kernelTimedOut(why);
        } else if (!abortsOwn) {
            if (target == TcpState.TIME_WAIT) {
                endedBeforeAbort(CloseCause.NORMAL, CLOSED_BEFORE_ABORT);
            }
            LinuxRfcMapping.event(state, target).ifPresent(e -> hiddenStep(e, true));
        }
        if (state != TcpState.CLOSED) {
            drive(TcpEvent.ABORT);
        }
        return true;
    }

    /**
     * Takes a held abort without the kernel's word (its event was lost, or never came within the bound): ABORT from
     * where the machine is, an estimate of where the kernel was.
     */
    final void takeHeldAbort() {
        if (abortHeld()) {
            NioTcpRuntime.LOG.log(Level.WARNING, this + ": no word from the kernel on its abort: ABORT taken from "
                    + state + ", an estimate");
            hiddenStep(TcpEvent.ABORT, false);
        }
    }

    /** Whether a close made ahead of the TCP machine waits for the transition source's word. */
    boolean awaitingCloseOrder() {
        return loop.closeOrders.containsKey(connection());
    }

    /** Called by the loop after a machine timer fired. */
    void afterTimer() {
        afterStep();
    }

    // ---- the TCP machine's callbacks (through the channel machine): public state, the close cause ----

    @Override
    void tcpTransitioned(TcpState from, TcpEvent event, TcpState to) {
        state = to;
        stateSince = System.nanoTime();
        observed = !estimating;
        loop.runtime.transitioned(connection(), from, event, to, observed);
        loop.runtime.hidden().entered(connection(), to);
    }

    @Override
    void tcpSignal(TcpSignal signal) {
        switch (signal) {
            case RESET -> setCause(state == TcpState.SYN_SENT ? CloseCause.REFUSED : CloseCause.RESET, signal.text());
            case REFUSED -> setCause(CloseCause.REFUSED, signal.text());
            case TIMED_OUT -> setCause(CloseCause.TIMEOUT, signal.text());
            default -> {
                // CONNECTED and CLOSING: the channel machine tells the handler (opened, peerFinished) once each.
            }
        }
    }

    @Override
    void tcpError(String text) {
        if (TcpSpec.USER_TIMEOUT.equals(text)) {
            String which = switch (state) {
                case SYN_SENT -> "connect timeout";
                case FIN_WAIT_2 -> "FIN_WAIT_2 timeout";
                case ESTABLISHED -> "idle timeout";
                default -> "user timeout";
            };
            setCause(CloseCause.TIMEOUT, which + ": " + text);
        } else {
            loop.rejection = text;
        }
    }

    /** The TCP machine's timers run on this loop, then this connection's callbacks. */
    @Override
    Scheduler.Cancellable schedule(Duration delay, Runnable task) {
        return loop.schedule(delay, task, connection());
    }

    // ---- the channel machine's rows that need the TCP machine or the runtime ----

    @Override
    boolean kernelOrdersClose() {
        return state == TcpState.ESTABLISHED && loop.runtime.hidden().ordersClose();
    }

    /** Where the kernel may be ahead of the machine by a FIN not read yet, or by an event not applied yet. */
    private static final Set<TcpState> ABORT_ORDERED_IN = EnumSet.of(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
            TcpState.FIN_WAIT_2);
    /**
     * Where the peer's FIN may have taken the kernel to TIME_WAIT before the machine knew: FIN_WAIT_2, and FIN_WAIT_1,
     * whose FIN's ACK came with the peer's FIN or just before it, not applied yet.
     */
    private static final Set<TcpState> ABORT_LOOKED_UP_IN = EnumSet.of(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);

    /**
     * Why a connection whose kernel socket was in TIME_WAIT when the application aborted it ended: both FINs were
     * exchanged and ours acknowledged, a normal close; the abort found only the TIME_WAIT minisocket, which it cannot
     * reset (the kernel sends no RST, unread data or not).
     */
    static final String CLOSED_BEFORE_ABORT = "closed before the abort: the peer's FIN came in unread and the kernel"
            + " took the connection to TIME_WAIT, which the abort left alone (no RST was sent)";

    @Override
    boolean kernelOrdersAbort() {
        HiddenTransitions hidden = loop.runtime.hidden();
        return ABORT_ORDERED_IN.contains(state) && hidden.showsResetPath()
                || ABORT_LOOKED_UP_IN.contains(state) && hidden.looksAfterAbort();
    }

    @Override
    void awaitAbortOrder() {
        // Nothing to ask: the socket's change into CLOSE answers (TracedTransitions); stamped before this moment, it
        // is not the abort's own. The bound, should no word come.
        long since = System.nanoTime();
        loop.abortsWaiting.put(connection(), new AbortWait(since,
                loop.schedule(CloseOrder.BOUND, this::takeHeldAbort, connection())));
        loop.runtime.hidden().abortAhead(connection()); // a source that only looks answers so
    }

    /**
     * What the kernel's table showed once an abort in FIN_WAIT_1 or FIN_WAIT_2, made ahead of the machine, had closed
     * the socket ({@link HiddenTransitions#abortAhead}): a TIME_WAIT minisocket for its addresses ({@code timeWait}),
     * which only a kernel already in TIME_WAIT leaves, is a change made before the abort, taken as the kernel's word on
     * it (a normal close: RCV_FIN_ACK from FIN_WAIT_1, RCV_FIN from FIN_WAIT_2, then ABORT from TIME_WAIT, no RST); no
     * such socket, the abort's own RST from the machine's state.
     */
    final void abortLookedUp(boolean timeWait) {
        AbortWait waiting = loop.abortsWaiting.get(connection());
        if (waiting != null) {
            abortOrdered(state, timeWait ? TcpState.TIME_WAIT : TcpState.CLOSED, false,
                    timeWait ? waiting.sinceNanos() - 1 : waiting.sinceNanos());
        }
    }

    @Override
    void tcpAbort() {
        // A close sent ahead of the machine waits for a word this source cannot give for an abort: our FIN left, so
        // the CLOSE comes first (estimated, as for a RST read meanwhile), and the machine never aborts from a state
        // the kernel had left.
        closeOrdered(false, false);
        machine.fire(TcpEvent.ABORT);
    }

    @Override
    void rejectGone() {
        loop.rejection = TcpSpec.CONNECTION_DOES_NOT_EXIST;
    }

    @Override
    boolean finAcknowledged() {
        return ChannelSpec.finAcknowledgedIn(state);
    }

    @Override
    void awaitCloseOrder() {
        loop.closeOrders.put(connection(), new CloseOrder(connection()));
    }

    @Override
    void tcpClose() {
        machine.fire(TcpEvent.CLOSE);
    }

    @Override
    void rejectClosing() {
        loop.rejection = TcpSpec.CONNECTION_CLOSING;
    }

    @Override
    void releaseChannel() {
        close(endedInFailure());
    }

    @Override
    void unregister() {
        // Every wait for the kernel's word ends here, and its bound with it: no timer may hold a connection gone.
        AbortWait aborting = loop.abortsWaiting.remove(connection());
        if (aborting != null) {
            aborting.bound().cancel();
        }
        Scheduler.Cancellable heldEnd = loop.heldEnds.remove(connection());
        if (heldEnd != null) {
            heldEnd.cancel();
        }
        CloseOrder waiting = loop.closeOrders.remove(connection());
        if (waiting != null) {
            waiting.cancel();
        }
        loop.runtime.registry().remove(connection());
        loop.runtime.hidden().forget(connection());
    }
}
