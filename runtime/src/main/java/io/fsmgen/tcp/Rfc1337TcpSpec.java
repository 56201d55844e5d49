package io.fsmgen.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * {@link TcpSpec} hardened against TIME-WAIT assassination (RFC 1337 §3, "fix" 1; Linux {@code tcp_rfc1337=1};
 * lwIP): a RST in TIME_WAIT is ignored, so the connection still lingers its 2·MSL. One row replaces T85 (A4).
 */
@StateMachine(name = "Rfc1337TcpMachine", transitions = {
    @Transition(from = "TIME_WAIT", on = "RCV_RST"), // replaces T85: ignore, keep the 2·MSL timer running
})
public abstract class Rfc1337TcpSpec extends TcpSpec {

    public Rfc1337TcpSpec() {}

    public Rfc1337TcpSpec(TcpEffects effects, Scheduler scheduler) {
        super(effects, scheduler);
    }

    public Rfc1337TcpSpec(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        super(effects, scheduler, config);
    }
}
