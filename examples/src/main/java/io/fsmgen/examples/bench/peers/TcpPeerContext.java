package io.fsmgen.examples.bench.peers;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import java.util.Objects;

/**
 * What one peer machine knows besides its state: the effects sink, the extended state ({@code passive},
 * {@code remoteKnown}) and the TIME-WAIT timer, with the same actions and hooks as {@link TcpSpec}. The peers'
 * guards and actions call these methods, so that all of them do exactly what the generated machine does and only
 * their dispatch differs.
 */
public final class TcpPeerContext {

    private final TcpEffects effects;
    private final Scheduler scheduler;
    private final TcpConfig config;
    private final Runnable timeWaitExpiry;

    private boolean passive;
    private boolean remoteKnown;
    private Scheduler.Cancellable timeWaitTimer;

    /** {@code timeWaitExpiry} fires TIMEOUT into the peer machine when the 2·MSL timer runs out. */
    public TcpPeerContext(TcpEffects effects, Scheduler scheduler, TcpConfig config, Runnable timeWaitExpiry) {
        this.effects = Objects.requireNonNull(effects, "effects");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
        this.timeWaitExpiry = Objects.requireNonNull(timeWaitExpiry, "timeWaitExpiry");
    }

    public boolean passive() {
        return passive;
    }

    public boolean remoteKnown() {
        return remoteKnown;
    }

    public void setRemoteKnown(boolean known) {
        remoteKnown = known;
    }

    /** Set on leaving TIME_WAIT: its timer is stopped when the next state is entered, after the actions. */
    private boolean timerToStop;

    private void stopTimerOfStateLeft() {
        if (timerToStop) {
            timerToStop = false;
            if (timeWaitTimer != null) {
                timeWaitTimer.cancel();
                timeWaitTimer = null;
            }
        }
    }

    /** The timer's task: a timer cancelled after the scheduler picked it is ignored, as in the generated machine. */
    void timeWaitExpired(Runnable fireTimeout) {
        if (timeWaitTimer != null) {
            timeWaitTimer = null;
            fireTimeout.run();
        }
    }

    // ---- entry and exit work (TcpSpec's @OnEntry, @OnExit and @Timeout) ----

    // The generated machine's order (failure semantics): a state's timer is stopped once the transition's actions are
    // done, just before the target is entered, and a target's timer is armed before its entry actions.

    void enteredClosed() {
        stopTimerOfStateLeft();
        passive = false;
        remoteKnown = false;
    }

    void enteredEstablished() {
        stopTimerOfStateLeft();
        effects.signal(TcpSignal.CONNECTED);
    }

    void enteredTimeWait() {
        stopTimerOfStateLeft();
        timeWaitTimer = scheduler.schedule(config.timeWait(), timeWaitExpiry);
        effects.timeWaitStarted(config.timeWait());
    }

    void leftTimeWait(TcpEvent event) {
        timerToStop = true;
        if (event != TcpEvent.TIMEOUT) {
            effects.timeWaitStopped();
        }
    }

    // ---- actions (TcpSpec's) ----

    void activeOpen() {
        remoteKnown = true;
    }

    void fromListen() {
        passive = true;
        remoteKnown = true;
    }

    void fromSynSent() {
        passive = false;
    }

    void sendSyn() {
        effects.send(TcpSegment.SYN);
    }

    void sendSynAck() {
        effects.send(TcpSegment.SYN_ACK);
    }

    void sendAck() {
        effects.send(TcpSegment.ACK);
    }

    void sendData() {
        effects.send(TcpSegment.DATA);
    }

    void sendFin() {
        effects.send(TcpSegment.FIN);
    }

    void sendRst() {
        effects.send(TcpSegment.RST);
    }

    void sendRstAck() {
        effects.send(TcpSegment.RST_ACK);
    }

    void sendChallengeAck() {
        effects.send(TcpSegment.CHALLENGE_ACK);
    }

    void retransmit() {
        effects.retransmit();
    }

    void signalConnected() {
        effects.signal(TcpSignal.CONNECTED);
    }

    void signalClosing() {
        effects.signal(TcpSignal.CLOSING);
    }

    void signalReset() {
        effects.signal(TcpSignal.RESET);
    }

    void signalRefused() {
        effects.signal(TcpSignal.REFUSED);
    }

    void signalTimedOut() {
        effects.signal(TcpSignal.TIMED_OUT);
    }

    void errorDoesNotExist() {
        effects.error(TcpSpec.CONNECTION_DOES_NOT_EXIST);
    }

    void errorAlreadyExists() {
        effects.error(TcpSpec.CONNECTION_ALREADY_EXISTS);
    }

    void errorClosing() {
        effects.error(TcpSpec.CONNECTION_CLOSING);
    }

    void errorRemoteUnspecified() {
        effects.error(TcpSpec.REMOTE_SOCKET_UNSPECIFIED);
    }

    void errorUserTimeout() {
        effects.error(TcpSpec.USER_TIMEOUT);
    }
}
