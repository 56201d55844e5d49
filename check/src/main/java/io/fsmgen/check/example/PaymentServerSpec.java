package io.fsmgen.check.example;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * A payment service written the simple way: every request charges the card, then replies. It has no row for a
 * request that arrives while it is still charging (a retry that overtook the reply), and it charges again for a
 * request it has already charged: the explorer finds both.
 */
@StateMachine(
        states = Payment.ServerState.class,
        events = Payment.ServerEvent.class,
        initial = "READY",
        name = "PaymentServerMachine",
        transitions = {
            @Transition(from = "READY", on = "REQUEST", to = "CHARGING"),
            @Transition(from = "CHARGING", on = "CHARGED", action = {"charge", "reply"}, to = "READY"),
        })
public abstract class PaymentServerSpec extends PaymentService {

    protected PaymentServerSpec(Network network) {
        super(network);
    }
}
