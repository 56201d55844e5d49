package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;

/**
 * No kernel view: the ACK of our FIN is assumed after a fixed estimate, a FIN read in FIN_WAIT_1 is taken as a
 * simultaneous close, and TIME_WAIT ends on the machine's own timer. Every such transition is marked unobserved. An
 * armed estimate is kept in its loop's side table ({@link EventLoop#ackEstimates}) and cancelled when its connection
 * leaves, since the timer holds the connection.
 */
final class EstimatedTransitions implements HiddenTransitions {

    private final Duration ackEstimate;
    private final String reason;

    EstimatedTransitions(Duration ackEstimate, String reason) {
        this.ackEstimate = ackEstimate;
        this.reason = reason;
    }

    @Override
    public TransitionSource source() {
        return TransitionSource.NONE;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public void entered(NioTcpConnection c, TcpState state) {
        if (state == TcpState.FIN_WAIT_1 || state == TcpState.CLOSING || state == TcpState.LAST_ACK) {
            Scheduler.Cancellable previous = c.loop.ackEstimates.put(c, c.loop.schedule(ackEstimate, () -> {
                c.loop.ackEstimates.remove(c);
                if (c.state() == state) {
                    c.hiddenStep(TcpEvent.RCV_ACK, false);
                }
            }, null));
            if (previous != null) {
                previous.cancel(); // FIN_WAIT_1 -> CLOSING: the new state's estimate replaces the old one
            }
        }
    }

    @Override
    public void finInFinWait1(NioTcpConnection c) {
        c.hiddenStep(TcpEvent.RCV_FIN, false); // CLOSING is a guess; the ACK estimate then leads to TIME_WAIT
    }

    @Override
    public void forget(NioTcpConnection c) {
        Scheduler.Cancellable armed = c.loop.ackEstimates.remove(c); // an armed estimate holds its connection
        if (armed != null) {
            armed.cancel();
        }
    }

    @Override
    public void close() {}
}
