package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.Timer;
import java.time.Duration;

/**
 * The connection's timers and what each expiry becomes: the retransmission timeout and R2's exhaustion as machine
 * events, the FIN-WAIT-2 limit as the machine's USER_TIMEOUT (A7), the persist timer as a zero-window probe. The
 * timers themselves run on the endpoint's scheduler; {@link RetransmissionTimer} keeps RFC 6298's arithmetic, and
 * RACK-TLP's two timers stay with the {@link SendSide} that owns them.
 *
 * <p>An expiry that finds the connection deleted, or no longer in the state the timer was for, does nothing: a timer
 * cancelled in the same instant it fell due may still run.
 */
final class ConnectionTimers {

    private final TcpConnection connection;
    private final Duration finWait2Timeout;
    private final Tcb tcb;
    private final RetransmissionTimer retransmission;
    private final Timer finWait2;
    private SendSide sender;

    ConnectionTimers(TcpConnection connection, TcpEndpoint endpoint, Tcb tcb) {
        this.connection = connection;
        this.tcb = tcb;
        this.finWait2Timeout = endpoint.config().finWait2Timeout();
        this.retransmission = new RetransmissionTimer(endpoint.config().rto(), endpoint.scheduler(),
                endpoint::nanoTime, this::retransmissionExpired, this::persistExpired);
        this.finWait2 = new Timer(endpoint.scheduler(), this::finWait2Expired);
    }

    /** The send side, built after the timers it uses: the persist timer probes through it. */
    void attach(SendSide sendSide) {
        this.sender = sendSide;
    }

    RetransmissionTimer retransmission() {
        return retransmission;
    }

    /** The machine moved: FIN-WAIT-2 starts Linux's {@code tcp_fin_timeout}, leaving it stops it. */
    void stateChanged(TcpState from, TcpState to) {
        if (to == TcpState.FIN_WAIT_2 && !finWait2Timeout.isZero()) {
            finWait2.arm(finWait2Timeout);
        } else if (from == TcpState.FIN_WAIT_2) {
            finWait2.cancel();
        }
    }

    /** A segment arrived: in FIN-WAIT-2 the peer is alive, and it is the silence that is limited. */
    void segmentArrived(TcpState state) {
        if (state == TcpState.FIN_WAIT_2 && finWait2.isArmed()) {
            finWait2.arm(finWait2Timeout);
        }
    }

    /** Data waits behind a closed window: probe it once the persist timer falls due (§3.8.6.1). */
    void windowBlocked() {
        retransmission.armPersistIfIdle();
    }

    /** §3.10.7.4 Eighth: TIME-WAIT turns off the other timers; so does deleting the TCB. */
    void stopSending() {
        retransmission.stop();
        retransmission.stopPersist();
        sender.stop();
    }

    /** The TCB is deleted: no timer may fire. */
    void stopAll() {
        finWait2.cancel();
        stopSending();
    }

    private void retransmissionExpired() {
        if (connection.isDeleted() || tcb.sndUna() == tcb.sndNxt()) {
            return;
        }
        connection.fireAndSettle(retransmission.exhausted() ? TcpEvent.RETRANSMISSION_EXHAUSTED
                : TcpEvent.RETRANSMISSION_TIMEOUT);
    }

    /** Linux's {@code tcp_fin_timeout} through the machine's USER_TIMEOUT row (A7): a peer that never sends its FIN. */
    private void finWait2Expired() {
        if (!connection.isDeleted() && connection.state() == TcpState.FIN_WAIT_2) {
            connection.fireAndSettle(TcpEvent.USER_TIMEOUT);
        }
    }

    /** The persist timer (§3.8.6.1): probe while the window stays shut, backing off up to the maximum RTO. */
    private void persistExpired() {
        if (connection.isDeleted() || !sender.queue().windowBlocked(connection.canSendData())) {
            return;
        }
        sender.queue().probeWindow();
        retransmission.persistProbed();
    }
}
