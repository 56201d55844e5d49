package io.fsmgen.check.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;

/**
 * {@link TcpSpec} without TIME-WAIT: the side that closes first goes straight to CLOSED where RFC 9293 sends it to
 * TIME_WAIT. Four rows replace T50, T56, T69 and T71; TIME_WAIT becomes unreachable. The explorer shows what it costs:
 * when the last ACK is lost, the peer's retransmitted FIN meets a connection that no longer exists and its close ends
 * in a reset; and a segment still in flight can reach the next incarnation of the connection.
 */
@SuppressWarnings("fsmgen") // TIME_WAIT is unreachable on purpose
@StateMachine(name = "NoTimeWaitTcpMachine", transitions = {
    @Transition(from = "FIN_WAIT_1", on = "RCV_FIN_ACK", action = {"sendAck", "signalClosing"}, to = "CLOSED"), // T50
    @Transition(from = "FIN_WAIT_2", on = {"RCV_FIN", "RCV_FIN_ACK"}, action = {"sendAck", "signalClosing"},
            to = "CLOSED"), // T56
    @Transition(from = "CLOSING", on = "RCV_ACK", to = "CLOSED"), // T69
    @Transition(from = "CLOSING", on = "RCV_FIN_ACK", action = "sendAck", to = "CLOSED"), // T71
})
public abstract class NoTimeWaitTcpSpec extends TcpSpec {

    protected NoTimeWaitTcpSpec(TcpEffects effects, Scheduler scheduler) {
        super(effects, scheduler);
    }
}
