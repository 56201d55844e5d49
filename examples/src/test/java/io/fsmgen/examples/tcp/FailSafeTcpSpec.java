package io.fsmgen.examples.tcp;

import io.fsmgen.OnError;
import io.fsmgen.StateMachine;
import io.fsmgen.TransitionFailure;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.List;

/**
 * A child of the compiled {@link TcpSpec}, in another module, with what an unusual application might add: an error
 * state (a connection whose effects sink fails is closed), an {@code @OnError} handler, and a member type named like
 * the {@code io.fsmgen.Scheduler} its own constructor and the generated machine need.
 */
@StateMachine(name = "FailSafeTcpMachine", errorState = "CLOSED")
abstract class FailSafeTcpSpec extends TcpSpec {

    /** Shadows {@code io.fsmgen.Scheduler} inside the spec and its machine. */
    static final class Scheduler {}

    final List<TransitionFailure<TcpState, TcpEvent>> failures = new ArrayList<>();

    FailSafeTcpSpec(TcpEffects effects, io.fsmgen.Scheduler scheduler) {
        super(effects, scheduler);
    }

    @OnError
    void failed(TransitionFailure<TcpState, TcpEvent> failure) {
        failures.add(failure);
    }
}
