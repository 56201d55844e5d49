package io.fsmgen.check.example;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * The idempotent payment service with one common mistake, declared in two rows that replace the parent's: it
 * acknowledges before it commits, replying as soon as a request arrives and charging the card afterwards. A client
 * can then be told PAID while the card is not charged yet (and would never be, if the service failed in between):
 * the explorer finds it in four steps.
 */
@StateMachine(name = "OptimisticPaymentServerMachine", transitions = {
    @Transition(from = "READY", on = "REQUEST", action = "reply", to = "CHARGING"),
    @Transition(from = "CHARGING", on = "CHARGED", action = "charge", to = "READY"),
})
public abstract class OptimisticPaymentServerSpec extends IdempotentPaymentServerSpec {

    protected OptimisticPaymentServerSpec(Network network) {
        super(network);
    }
}
