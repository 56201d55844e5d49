package io.fsmgen.examples.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;

/**
 * A TCP variant written the way an application would write its own: outside the runtime module, extending the
 * compiled {@link TcpSpec} by one row. RFC 9293 §3.10.4 lets a CLOSE in FIN_WAIT_1 or FIN_WAIT_2 answer either
 * "error: connection closing" (the base machine's choice, A3) or "ok"; this machine says "ok" and does nothing,
 * still never sending a second FIN. Everything else is inherited.
 */
@StateMachine(name = "LenientCloseTcpMachine", transitions = {
    @Transition(from = {"FIN_WAIT_1", "FIN_WAIT_2"}, on = "CLOSE"), // replaces T54, T60: "ok", no second FIN
})
public abstract class LenientCloseTcpSpec extends TcpSpec {

    public LenientCloseTcpSpec() {}

    public LenientCloseTcpSpec(TcpEffects effects, Scheduler scheduler) {
        super(effects, scheduler);
    }
}
