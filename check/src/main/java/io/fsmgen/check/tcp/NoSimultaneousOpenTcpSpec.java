package io.fsmgen.check.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;

/**
 * {@link TcpSpec} that drops a SYN in SYN_SENT instead of answering it (one row replaces T20): a stack that forgot
 * simultaneous open. Two sides opening actively at once then retransmit their SYNs forever, which the explorer finds
 * as a fair cycle that never reaches ESTABLISHED.
 */
@StateMachine(name = "NoSimultaneousOpenTcpMachine", transitions = {
    @Transition(from = "SYN_SENT", on = "RCV_SYN"), // replaces T20: drop
})
public abstract class NoSimultaneousOpenTcpSpec extends TcpSpec {

    protected NoSimultaneousOpenTcpSpec(TcpEffects effects, Scheduler scheduler) {
        super(effects, scheduler);
    }
}
