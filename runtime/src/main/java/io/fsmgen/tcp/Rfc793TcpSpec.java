package io.fsmgen.tcp;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * {@link TcpSpec} with the legacy RFC 793 answer to a SYN in a synchronized state (RFC 9293 §3.10.7.4 Fourth, last
 * paragraph; T95) instead of RFC 5961's challenge ACK: the SYN is an error, a RST is sent, the user gets
 * "connection reset" and the connection is CLOSED. Two rows replace T94 and T35 (A5). A SYN+ACK in SYN_RECEIVED
 * after a simultaneous open still completes the handshake (A1), a SYN in SYN_RECEIVED from a passive OPEN still
 * returns to LISTEN (T34), and the peer's SYN again there still gets the SYN+ACK again (A8): lying outside the window,
 * that SYN is no error under RFC 793 either.
 */
@StateMachine(name = "Rfc793TcpMachine", transitions = {
    @Transition(from = {"ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"},
            on = {"RCV_SYN", "RCV_SYN_ACK"}, action = {"sendRst", "signalReset"}, to = "CLOSED"), // replaces T94, T87
    @Transition(from = "SYN_RECEIVED", on = "RCV_SYN", action = {"sendRst", "signalReset"}, to = "CLOSED"), // replaces T35
})
public abstract class Rfc793TcpSpec extends TcpSpec {

    public Rfc793TcpSpec() {}

    public Rfc793TcpSpec(TcpEffects effects, Scheduler scheduler) {
        super(effects, scheduler);
    }

    public Rfc793TcpSpec(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        super(effects, scheduler, config);
    }
}
