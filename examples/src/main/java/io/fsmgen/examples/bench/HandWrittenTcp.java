package io.fsmgen.examples.bench;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.util.Objects;

/**
 * The fair "practical limit" for the benchmarks: all of {@link TcpSpec}'s 231 (state, event) cells written by hand as
 * a switch on the state, then on the event, with the same effects, the same extended state and the same 2·MSL
 * TIME-WAIT timer (armed and cancelled through {@link Scheduler}) as the generated {@code TcpMachine}. The subset
 * machines of {@link ReferenceTcp} decide only the cells the benchmarked lives visit, so they skip work a real
 * machine must do; this one does not.
 *
 * <p>What it lacks, on purpose, is what the generated machine adds beyond the table: transition listeners, the
 * run-to-completion queue (an event fired from an effect is dispatched at once, re-entrantly) and
 * {@code restore}. {@code HandWrittenTcpTest} checks it against {@code TcpMachine} cell by cell.
 *
 * <p>Not thread-safe, like the generated machine.
 */
public final class HandWrittenTcp {

    private final TcpEffects effects;
    private final Scheduler scheduler;
    private final TcpConfig config;
    /** The TIME-WAIT expiry, allocated once rather than on every entry to TIME_WAIT. */
    private final Runnable timeWaitExpiry = this::timeWaitExpired;

    private TcpState state = TcpState.CLOSED;
    /** MUST-11: SYN_RECEIVED was reached from LISTEN. */
    private boolean passive;
    private boolean remoteKnown;
    /** The armed TIME-WAIT timer, or null when TIME_WAIT's timer is not running. */
    private Scheduler.Cancellable timeWaitTimer;

    public HandWrittenTcp(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        this.effects = Objects.requireNonNull(effects, "effects");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
    }

    public TcpState state() {
        return state;
    }

    /** See {@link TcpSpec#passive()}. */
    public boolean passive() {
        return passive;
    }

    /** See {@link TcpSpec#remoteKnown()}. */
    public boolean remoteKnown() {
        return remoteKnown;
    }

    /** See {@link TcpSpec#setRemoteKnown}. */
    public void setRemoteKnown(boolean known) {
        remoteKnown = known;
    }

    /** Processes one event. Every cell is decided, so this never throws for a non-null event. */
    public void fire(TcpEvent event) {
        switch (state) {
            case CLOSED -> inClosed(event);
            case LISTEN -> inListen(event);
            case SYN_SENT -> inSynSent(event);
            case SYN_RECEIVED -> inSynReceived(event);
            case ESTABLISHED -> inEstablished(event);
            case FIN_WAIT_1 -> inFinWait1(event);
            case FIN_WAIT_2 -> inFinWait2(event);
            case CLOSE_WAIT -> inCloseWait(event);
            case CLOSING -> inClosing(event);
            case LAST_ACK -> inLastAck(event);
            case TIME_WAIT -> inTimeWait(event);
        }
    }

    private void inClosed(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN -> state = TcpState.LISTEN;
            case ACTIVE_OPEN -> activeOpen();
            case SEND, RECEIVE, CLOSE, ABORT, CLOSE_DISCARDING_UNREAD ->
                    effects.error(TcpSpec.CONNECTION_DOES_NOT_EXIST);
            case RCV_SYN, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.RST_ACK);
            case RCV_SYN_ACK, RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN, RCV_FIN_ACK,
                    RCV_DATA_NO_READER -> effects.send(TcpSegment.RST);
            case RCV_RST, TIMEOUT, USER_TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED -> {}
        }
    }

    private void inListen(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case ACTIVE_OPEN -> activeOpen();
            case SEND -> {
                if (remoteKnown) {
                    effects.send(TcpSegment.SYN);
                    state = TcpState.SYN_SENT;
                } else {
                    effects.error(TcpSpec.REMOTE_SOCKET_UNSPECIFIED);
                }
            }
            case CLOSE, ABORT, CLOSE_DISCARDING_UNREAD -> enterClosed();
            case RCV_SYN, RCV_SYN_RETRANSMITTED -> {
                passive = true;
                remoteKnown = true;
                effects.send(TcpSegment.SYN_ACK);
                state = TcpState.SYN_RECEIVED;
            }
            case RCV_SYN_ACK, RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN, RCV_FIN_ACK,
                    RCV_DATA_NO_READER -> effects.send(TcpSegment.RST);
            case USER_TIMEOUT -> userTimeout();
            case RECEIVE, RCV_RST, TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED -> {}
        }
    }

    private void inSynSent(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case CLOSE, ABORT, CLOSE_DISCARDING_UNREAD -> enterClosed();
            case RCV_SYN, RCV_SYN_RETRANSMITTED -> {
                passive = false;
                effects.send(TcpSegment.SYN_ACK);
                state = TcpState.SYN_RECEIVED;
            }
            case RCV_SYN_ACK -> {
                effects.send(TcpSegment.ACK);
                enterEstablished();
            }
            case RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE -> effects.send(TcpSegment.RST);
            case RCV_RST -> reset();
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> timedOut();
            case SEND, RECEIVE, RCV_ACK, RCV_FIN, RCV_FIN_ACK, RCV_DATA_NO_READER, TIMEOUT -> {}
        }
    }

    private void inSynReceived(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case CLOSE -> {
                effects.send(TcpSegment.FIN);
                state = TcpState.FIN_WAIT_1;
            }
            case ABORT, CLOSE_DISCARDING_UNREAD, RCV_DATA_NO_READER -> abortWithRst();
            case RCV_SYN -> {
                if (passive) {
                    state = TcpState.LISTEN;
                } else {
                    effects.send(TcpSegment.CHALLENGE_ACK);
                }
            }
            case RCV_SYN_RETRANSMITTED -> effects.send(passive ? TcpSegment.SYN_ACK : TcpSegment.CHALLENGE_ACK);
            case RCV_SYN_ACK -> {
                if (passive) {
                    state = TcpState.LISTEN;
                } else {
                    enterEstablished();
                }
            }
            case RCV_ACK -> enterEstablished();
            case RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE -> effects.send(TcpSegment.RST);
            case RCV_FIN, RCV_FIN_ACK -> {
                effects.signal(TcpSignal.CONNECTED);
                ackPeerFin();
                state = TcpState.CLOSE_WAIT;
            }
            case RCV_RST -> {
                if (passive) {
                    state = TcpState.LISTEN;
                } else {
                    effects.signal(TcpSignal.REFUSED);
                    enterClosed();
                }
            }
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> {
                if (passive) {
                    state = TcpState.LISTEN;
                } else {
                    timedOut();
                }
            }
            case SEND, RECEIVE, TIMEOUT -> {}
        }
    }

    private void inEstablished(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND -> effects.send(TcpSegment.DATA);
            case CLOSE -> {
                effects.send(TcpSegment.FIN);
                state = TcpState.FIN_WAIT_1;
            }
            case ABORT, CLOSE_DISCARDING_UNREAD, RCV_DATA_NO_READER -> abortWithRst();
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_ACK_UNACCEPTABLE -> effects.send(TcpSegment.ACK);
            case RCV_FIN, RCV_FIN_ACK -> {
                ackPeerFin();
                state = TcpState.CLOSE_WAIT;
            }
            case RCV_RST -> reset();
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> timedOut();
            case RECEIVE, RCV_ACK, RCV_ACK_PARTIAL, TIMEOUT -> {}
        }
    }

    private void inFinWait1(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND, CLOSE -> effects.error(TcpSpec.CONNECTION_CLOSING);
            case ABORT, CLOSE_DISCARDING_UNREAD, RCV_DATA_NO_READER -> abortWithRst();
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_ACK -> state = TcpState.FIN_WAIT_2;
            case RCV_ACK_UNACCEPTABLE -> effects.send(TcpSegment.ACK);
            case RCV_FIN -> {
                ackPeerFin();
                state = TcpState.CLOSING;
            }
            case RCV_FIN_ACK -> {
                ackPeerFin();
                enterTimeWait();
            }
            case RCV_RST -> reset();
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> timedOut();
            case RECEIVE, RCV_ACK_PARTIAL, TIMEOUT -> {}
        }
    }

    private void inFinWait2(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND, CLOSE -> effects.error(TcpSpec.CONNECTION_CLOSING);
            case ABORT, CLOSE_DISCARDING_UNREAD, RCV_DATA_NO_READER -> abortWithRst();
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_ACK_UNACCEPTABLE -> effects.send(TcpSegment.ACK);
            case RCV_FIN, RCV_FIN_ACK -> {
                ackPeerFin();
                enterTimeWait();
            }
            case RCV_RST -> reset();
            case USER_TIMEOUT -> userTimeout();
            // No retransmission queue: our FIN is acknowledged.
            case RECEIVE, RCV_ACK, RCV_ACK_PARTIAL, TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED -> {}
        }
    }

    private void inCloseWait(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND -> effects.send(TcpSegment.DATA);
            case CLOSE -> {
                effects.send(TcpSegment.FIN);
                state = TcpState.LAST_ACK;
            }
            case ABORT, CLOSE_DISCARDING_UNREAD -> abortWithRst();
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_ACK_UNACCEPTABLE, RCV_FIN, RCV_FIN_ACK -> effects.send(TcpSegment.ACK);
            case RCV_RST -> reset();
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> timedOut();
            case RECEIVE, RCV_ACK, RCV_ACK_PARTIAL, RCV_DATA_NO_READER, TIMEOUT -> {}
        }
    }

    private void inClosing(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND, RECEIVE, CLOSE -> effects.error(TcpSpec.CONNECTION_CLOSING);
            case ABORT, RCV_RST -> enterClosed();
            case CLOSE_DISCARDING_UNREAD -> abortWithRst();
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_ACK -> enterTimeWait();
            case RCV_ACK_UNACCEPTABLE, RCV_FIN -> effects.send(TcpSegment.ACK);
            case RCV_FIN_ACK -> {
                effects.send(TcpSegment.ACK);
                enterTimeWait();
            }
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> timedOut();
            case RCV_ACK_PARTIAL, RCV_DATA_NO_READER, TIMEOUT -> {}
        }
    }

    private void inLastAck(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND, RECEIVE, CLOSE -> effects.error(TcpSpec.CONNECTION_CLOSING);
            case ABORT, RCV_ACK, RCV_FIN_ACK, RCV_RST -> enterClosed();
            case CLOSE_DISCARDING_UNREAD -> abortWithRst();
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_FIN -> effects.send(TcpSegment.ACK);
            case USER_TIMEOUT -> userTimeout();
            case RETRANSMISSION_TIMEOUT -> effects.retransmit();
            case RETRANSMISSION_EXHAUSTED -> timedOut();
            case RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_DATA_NO_READER, TIMEOUT -> {}
        }
    }

    private void inTimeWait(TcpEvent event) {
        switch (event) {
            case PASSIVE_OPEN, ACTIVE_OPEN -> effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
            case SEND, RECEIVE, CLOSE -> effects.error(TcpSpec.CONNECTION_CLOSING);
            case ABORT, RCV_RST -> {
                leaveTimeWait(false);
                enterClosed();
            }
            case TIMEOUT -> {
                leaveTimeWait(true);
                enterClosed();
            }
            case RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED -> effects.send(TcpSegment.CHALLENGE_ACK);
            case RCV_FIN, RCV_FIN_ACK -> {
                // A retransmitted FIN restarts the 2·MSL wait: TcpSpec's self-transition exits and re-enters,
                // and, as in the generated machine, stops the timer only once the action is done.
                effects.timeWaitStopped();
                effects.send(TcpSegment.ACK);
                stopTimeWaitTimer();
                enterTimeWait();
            }
            case USER_TIMEOUT -> {
                effects.timeWaitStopped();
                effects.error(TcpSpec.USER_TIMEOUT);
                stopTimeWaitTimer();
                enterClosed();
            }
            // CLOSE_DISCARDING_UNREAD: the 2·MSL runs on (A9).
            case RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED,
                    CLOSE_DISCARDING_UNREAD, RCV_DATA_NO_READER -> {}
        }
    }

    // ---- bodies shared by several cells ----

    private void activeOpen() {
        remoteKnown = true;
        effects.send(TcpSegment.SYN);
        state = TcpState.SYN_SENT;
    }

    /** The peer's first FIN: ACK it and tell the user the connection is closing. */
    private void ackPeerFin() {
        effects.send(TcpSegment.ACK);
        effects.signal(TcpSignal.CLOSING);
    }

    private void abortWithRst() {
        effects.send(TcpSegment.RST);
        enterClosed();
    }

    private void reset() {
        effects.signal(TcpSignal.RESET);
        enterClosed();
    }

    private void timedOut() {
        effects.signal(TcpSignal.TIMED_OUT);
        enterClosed();
    }

    private void userTimeout() {
        effects.error(TcpSpec.USER_TIMEOUT);
        enterClosed();
    }

    // ---- entry and exit actions ----

    /** The TCB is deleted, and with it what it remembered. */
    private void enterClosed() {
        state = TcpState.CLOSED;
        passive = false;
        remoteKnown = false;
    }

    private void enterEstablished() {
        state = TcpState.ESTABLISHED;
        effects.signal(TcpSignal.CONNECTED);
    }

    private void enterTimeWait() {
        state = TcpState.TIME_WAIT;
        // As the generated machine does: the timer is armed before the entry action runs.
        timeWaitTimer = scheduler.schedule(config.timeWait(), timeWaitExpiry);
        effects.timeWaitStarted(config.timeWait());
    }

    /**
     * The engine hears that TIME_WAIT ends unless the timer is what ended it; then the timer stops, as the generated
     * machine stops a state's timers once its exit actions have run.
     */
    private void leaveTimeWait(boolean expired) {
        if (!expired) {
            effects.timeWaitStopped();
        }
        stopTimeWaitTimer();
    }

    private void stopTimeWaitTimer() {
        if (timeWaitTimer != null) {
            timeWaitTimer.cancel();
            timeWaitTimer = null;
        }
    }

    private void timeWaitExpired() {
        if (timeWaitTimer == null) {
            return; // cancelled after the scheduler had already picked the task
        }
        timeWaitTimer = null;
        fire(TcpEvent.TIMEOUT);
    }
}
