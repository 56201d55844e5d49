package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.SsTcpTable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hidden transitions read from snapshots of the kernel's TCP table (see {@link KernelWatcher}): while a connection
 * waits on one, the watcher looks its 4-tuple up and this class turns what it saw into the machine's event. A
 * snapshot shows a state, not the changes that led to it, so a state the kernel passed between two looks (a short
 * FIN_WAIT_2, a CLOSING) is missed; {@link TracedTransitions} has no such gap.
 *
 * <p>A close in ESTABLISHED is {@linkplain #ordersClose() ordered} as with the tracepoint: the FIN leaves first and a
 * snapshot taken after the syscall says which transition it made: FIN_WAIT1 (or a state after it: FIN_WAIT2,
 * CLOSING, TIME_WAIT) means ours went first; LAST_ACK means the peer's FIN had arrived unread. A socket already gone
 * is read as the peer's FIN first and its LAST_ACK over (a RST would end it the same way, and a snapshot cannot tell
 * them apart), so that step is marked estimated, not observed. So polling never shows a close the kernel did not
 * make; what it still cannot promise is every state, since a state shorter than the poll is not seen.
 */
final class PolledTransitions implements HiddenTransitions {

    /**
     * A socket that vanished from the table while our FIN waited for its ACK: a RST, or the kernel giving up on it (a
     * FIN acknowledged would have left a TIME_WAIT minisocket); the table cannot tell which.
     */
    private static final String GONE_BEFORE_THE_ACK = "connection reset, or given up by the kernel: gone from its"
            + " table before our FIN was acknowledged";

    private final KernelWatcher watcher;
    private final String reason;
    /** Looks once per request instead of following each wait to its end: see {@link #resync}. */
    private final boolean once;
    /** What {@link #lookUp} callers wait for, by connection; touched on the connections' loops. */
    private final Map<NioTcpConnection, Consumer<KernelTcpState>> lookUps = new ConcurrentHashMap<>();
    /** Connections whose look was under way when a {@link #lookUp} came: its answer is older than the question. */
    private final Set<NioTcpConnection> stale = ConcurrentHashMap.newKeySet();

    PolledTransitions(SsTcpTable table, String reason) {
        this(table, reason, false);
    }

    private PolledTransitions(SsTcpTable table, String reason, boolean once) {
        this.watcher = new KernelWatcher(table, this::saw);
        this.reason = reason;
        this.once = once;
    }

    /**
     * The tracepoint's complement, for what its events cannot say alone: after the kernel dropped events, one look
     * at each connection {@linkplain #lookOnce asked about} and the step that look shows; an end it reported, checked
     * to be this namespace's socket's ({@link #lookUp}); a socket known gone ({@link #gone}). One look each (two
     * when the socket seems gone, to confirm it); it follows nothing further: the tracepoint reports every change.
     */
    static PolledTransitions resync(SsTcpTable table) {
        return new PolledTransitions(table, "one look at a time, for the tracepoint", true);
    }

    /**
     * On {@code c}'s loop, for {@link #resync}: looks once at {@code c}'s socket if its machine waits on a step that
     * only the kernel shows (the answer to a close sent ahead, the ACK of our FIN, a RST after the peer's FIN). Asked
     * once the kernel's stream has caught up after the loss: what still waits had its words among those lost.
     */
    void lookOnce(NioTcpConnection c) {
        if (c.abortHeld()) {
            c.takeHeldAbort(); // its socket is gone since the RST: no look can say from where, so an estimate
            return;
        }
        if (c.awaitingCloseOrder() || c.endRead()) {
            watch(c, 0);
            return;
        }
        switch (c.state()) {
            case FIN_WAIT_1, CLOSING, LAST_ACK, CLOSE_WAIT -> watch(c, 0);
            case FIN_WAIT_2 -> {
                if (c.channelState().released()) {
                    watch(c, 0); // no read shows the peer's FIN: only the kernel's TIME_WAIT does
                }
            }
            default -> { } // nothing hidden is awaited; TIME_WAIT ends by the machine's own timer
        }
    }

    @Override
    public TransitionSource source() {
        return TransitionSource.POLLING;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public long reads() {
        return watcher.snapshots();
    }

    int waiting() {
        return watcher.waiting();
    }

    @Override
    public void entered(NioTcpConnection c, TcpState state) {
        switch (state) {
            case FIN_WAIT_1, CLOSING, LAST_ACK -> watch(c, 1_000_000L); // let the ACK arrive; batch the round
            case TIME_WAIT -> watch(c, 500_000_000L);
            case CLOSE_WAIT -> watch(c, 50_000_000L); // after EOF a RST is invisible to NIO
            default -> watcher.unwatch(c);
        }
    }

    @Override
    public boolean ordersClose() {
        return true;
    }

    @Override
    public boolean looksAfterAbort() {
        return true;
    }

    /**
     * Looks once the abort's step is over and its socket closed: a look before the close could see FIN_WAIT2 and miss
     * the peer's FIN coming in before the close. Closed, the socket is gone, or its TIME_WAIT minisocket remains. A
     * channel closed while registered keeps its socket until the loop's next select, so the look is asked after it
     * ({@link EventLoop#afterNextSelect}), as a resync's look at a held abort is.
     */
    @Override
    public void abortAhead(NioTcpConnection c) {
        c.loop.execute(() -> c.loop.afterNextSelect(
                () -> lookUp(c, k -> c.abortLookedUp(k == KernelTcpState.TIME_WAIT))));
    }

    @Override
    public void closeAhead(NioTcpConnection c) {
        watch(c, 1_000_000L);
    }

    @Override
    public void finInFinWait1(NioTcpConnection c) {
        watch(c, 0);
    }

    /** On {@code c}'s loop, for {@link #resync}: {@code c}'s socket is known to be gone, without a look. */
    void gone(NioTcpConnection c) {
        onLoop(c, KernelTcpState.CLOSE, 0, 0);
    }

    /**
     * On {@code c}'s loop: one look at {@code c}'s socket for a caller that decides what it means. {@code seen} gets
     * the kernel's state, on {@code c}'s loop: CLOSE once two rounds have missed the socket.
     */
    void lookUp(NioTcpConnection c, Consumer<KernelTcpState> seen) {
        lookUps.put(c, seen);
        if (watcher.watching(c)) {
            stale.add(c); // a look begun before this request may answer first: it does not count for it
        } else {
            watch(c, 0);
        }
    }

    @Override
    public void forget(NioTcpConnection c) {
        lookUps.remove(c);
        stale.remove(c);
        watcher.unwatch(c);
    }

    private void watch(NioTcpConnection c, long delayNanos) {
        if (once && watcher.watching(c)) {
            return; // a look is due already: a new one would restart the two rounds that confirm a socket gone
        }
        if (c.localAddress() != null && c.remoteAddress() != null) {
            watcher.watch(c, c.localAddress(), c.remoteAddress(), delayNanos);
        }
    }

    /** From the watcher's thread: the kernel holds {@code c}'s socket in {@code k} (CLOSE: no such socket). */
    private void saw(NioTcpConnection c, KernelTcpState k, long timerNanos, long backoffNanos) {
        c.loop.execute(() -> onLoop(c, k, timerNanos, backoffNanos));
    }

    private void onLoop(NioTcpConnection c, KernelTcpState k, long timerNanos, long backoffNanos) {
        if (once) {
            watcher.unwatch(c); // a report is final here: the next request starts a look of its own
        }
        if (lookUps.containsKey(c)) {
            if (stale.remove(c)) {
                watch(c, 0); // this look began before the question: ask the table again
                return;
            }
            lookUps.remove(c).accept(k);
            return;
        }
        if (c.endRead() && k == KernelTcpState.CLOSE) {
            // A read found the end (a RST, a timeout) while the close waited for the tracepoint's word, and the
            // words were lost.
            c.closeOrdered(false, false);
            c.takeHeldEnd();
            return;
        }
        if (c.awaitingCloseOrder()) {
            switch (k) {
                case FIN_WAIT1, FIN_WAIT2, CLOSING, TIME_WAIT -> c.closeOrdered(false, true);
                case LAST_ACK -> c.closeOrdered(true, true);
                case CLOSE -> c.closeOrdered(true, false); // gone: LAST_ACK over, or a RST; not told apart
                default -> {
                    again(c, backoffNanos); // the table does not show the close yet
                    return;
                }
            }
            if (!once) {
                return; // the state the close led to is watched on entry, as every state is
            }
            // A single look: what the table shows past the close (FIN_WAIT2: the ACK of our FIN) counts now.
        }
        switch (c.state()) {
            case FIN_WAIT_1 -> {
                if (c.channelState().released()) {
                    // The peer's FIN was read: did it also ACK ours (TIME_WAIT) or did they cross (CLOSING)? Gone,
                    // the socket was reset: one that left by our FIN's ACK would stay in the table as TIME_WAIT.
                    if (k == KernelTcpState.CLOSE) {
                        c.kernelReset(GONE_BEFORE_THE_ACK);
                    } else {
                        c.hiddenStep(k == KernelTcpState.TIME_WAIT ? TcpEvent.RCV_FIN_ACK : TcpEvent.RCV_FIN, true);
                    }
                    return;
                }
                if (k == KernelTcpState.FIN_WAIT2) {
                    c.hiddenStep(TcpEvent.RCV_ACK, true); // a FIN already there comes through read()
                    return;
                }
                if (k == KernelTcpState.TIME_WAIT) {
                    // Both FINs are in and ours is acknowledged, by FIN_WAIT2 or CLOSING: the table cannot say which,
                    // so the machine goes straight to TIME_WAIT rather than through a state that may never have been.
                    c.hiddenStep(TcpEvent.RCV_FIN_ACK, true);
                    return;
                }
            }
            case CLOSING -> {
                if (k == KernelTcpState.TIME_WAIT) {
                    c.hiddenStep(TcpEvent.RCV_ACK, true);
                    return;
                }
                if (k == KernelTcpState.CLOSE) {
                    // A socket leaving CLOSING by our FIN's ACK stays in the table as TIME_WAIT; gone, it was reset.
                    c.kernelReset(GONE_BEFORE_THE_ACK);
                    return;
                }
            }
            case FIN_WAIT_2 -> {
                if (once && k == KernelTcpState.TIME_WAIT && c.channelState().released()) {
                    c.hiddenStep(TcpEvent.RCV_FIN, true); // the peer's FIN, which no read of a released channel shows
                }
                watcher.unwatch(c); // otherwise a read shows the peer's FIN
                return;
            }
            case LAST_ACK -> {
                if (k == KernelTcpState.CLOSE) {
                    c.hiddenStep(TcpEvent.RCV_ACK, true);
                    return;
                }
            }
            case CLOSE_WAIT -> {
                if (k == KernelTcpState.CLOSE) {
                    c.kernelReset("connection reset, or timed out in the kernel: gone from its table, which cannot"
                            + " tell which");
                    return;
                }
                again(c, 100_000_000L);
                return;
            }
            case TIME_WAIT -> {
                if (once) {
                    return; // the machine's timer ends it; the look was asked in an earlier state
                }
                if (k == KernelTcpState.CLOSE) {
                    c.hiddenStep(TcpEvent.TIMEOUT, true); // the kernel's TIME-WAIT ended
                    return;
                }
                if (k == KernelTcpState.TIME_WAIT && timerNanos > 0) {
                    again(c, timerNanos + 20_000_000L);
                    return;
                }
            }
            default -> {
                watcher.unwatch(c);
                return;
            }
        }
        again(c, backoffNanos);
    }

    /**
     * {@code c} still waits: look again after {@code delayNanos}, unless this looks only once (its look was
     * forgotten when it reported).
     */
    private void again(NioTcpConnection c, long delayNanos) {
        if (!once) {
            watcher.again(c, delayNanos);
        }
    }

    @Override
    public void close() {
        watcher.stop();
    }
}
