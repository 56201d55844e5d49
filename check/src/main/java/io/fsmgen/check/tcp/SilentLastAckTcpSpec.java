package io.fsmgen.check.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;

/**
 * {@link TcpSpec} whose LAST_ACK ignores its retransmission timer (one row replaces T99 there): a lost FIN is never
 * sent again. The explorer finds the deadlock: the closer waits in FIN_WAIT_2 (RFC 9293 has no timeout there, A7) for
 * a FIN that will not come, and LAST_ACK waits for an ACK of a FIN nobody received.
 */
@StateMachine(name = "SilentLastAckTcpMachine", transitions = {
    @Transition(from = "LAST_ACK", on = "RETRANSMISSION_TIMEOUT"), // replaces T99 in LAST_ACK
})
public abstract class SilentLastAckTcpSpec extends TcpSpec {

    protected SilentLastAckTcpSpec(TcpEffects effects, Scheduler scheduler) {
        super(effects, scheduler);
    }
}
