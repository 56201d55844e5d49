package io.fsmgen.check.example;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * The payment service with an idempotency key (the request's payment id): a request for a payment already charged
 * gets the reply again instead of a second charge, and a request that arrives while the card is being charged is
 * dropped on purpose (the client retries later). Two rows more than {@link PaymentServerSpec}.
 */
@StateMachine(
        states = Payment.ServerState.class,
        events = Payment.ServerEvent.class,
        initial = "READY",
        name = "IdempotentPaymentServerMachine",
        transitions = {
            @Transition(from = "READY", on = "REQUEST", guard = "alreadyCharged", action = "reply"),
            @Transition(from = "READY", on = "REQUEST", to = "CHARGING"),
            @Transition(from = "CHARGING", on = "CHARGED", action = {"charge", "reply"}, to = "READY"),
            @Transition(from = "CHARGING", on = "REQUEST"), // the retry of the payment being charged: drop it
        })
public abstract class IdempotentPaymentServerSpec extends PaymentService {

    protected IdempotentPaymentServerSpec(Network network) {
        super(network);
    }

    protected boolean alreadyCharged() {
        return charges > 0;
    }
}
