package io.fsmgen.check.example;

import io.fsmgen.ExtendedState;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * The client as it is usually written: a request timeout, two retries, then it gives up. Its attempts are
 * {@link ExtendedState}, so the explorer (and a snapshot) captures them with its state.
 */
@StateMachine(name = "RetryingPaymentClientMachine", transitions = {
    @Transition(from = "WAITING", on = "TIMEOUT", guard = "mayRetry", action = "retry", to = "WAITING"),
    @Transition(from = "WAITING", on = "TIMEOUT", to = "FAILED"),
    @Transition(from = "FAILED", on = "REPLY"), // a late reply after giving up
})
public abstract class RetryingPaymentClientSpec extends PaymentClientSpec {

    /** Requests sent so far, the first included. */
    @ExtendedState(min = 0, max = 3)
    protected int attempts;

    protected RetryingPaymentClientSpec(Network network, Scheduler scheduler) {
        super(network, scheduler);
    }

    @Override
    protected void sendRequest() {
        attempts++;
        super.sendRequest();
    }

    @Timeout(state = "WAITING", fire = "TIMEOUT")
    protected Duration requestTimeout() {
        return Duration.ofSeconds(2);
    }

    protected boolean mayRetry() {
        return attempts < 3;
    }

    protected void retry() {
        sendRequest();
    }
}
