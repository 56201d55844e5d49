package io.fsmgen.check.example;

import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.Objects;

/**
 * A client that pays once and waits for the reply, however long it takes: no timeout, no retry. If the network loses
 * its request, it waits forever, which the explorer reports as a deadlock.
 */
@SuppressWarnings("fsmgen") // TIMEOUT and FAILED belong to the retrying client that extends this one
@StateMachine(
        states = Payment.ClientState.class,
        events = Payment.ClientEvent.class,
        initial = "IDLE",
        name = "PaymentClientMachine",
        finalStates = {"PAID", "FAILED"},
        transitions = {
            @Transition(from = "IDLE", on = "PAY", action = "sendRequest", to = "WAITING"),
            @Transition(from = "WAITING", on = "REPLY", to = "PAID"),
            @Transition(from = "PAID", on = "REPLY"), // a duplicate reply: already paid
        })
public abstract class PaymentClientSpec {

    /** Where the client's requests go: the model's channel. */
    public interface Network {
        void sendRequest();
    }

    private final Network network;
    private final Scheduler scheduler;

    protected PaymentClientSpec(Network network, Scheduler scheduler) {
        this.network = Objects.requireNonNull(network, "network");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    protected Scheduler scheduler() {
        return scheduler;
    }

    protected void sendRequest() {
        network.sendRequest();
    }
}
