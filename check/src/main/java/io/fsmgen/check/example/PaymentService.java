package io.fsmgen.check.example;

import io.fsmgen.ExtendedState;
import java.util.Objects;

/**
 * What both payment servers share: the card charges, counted, and the replies. Not a spec itself: each server
 * declares its own table on top of it, and its {@link ExtendedState} field is captured by both generated machines.
 */
public abstract class PaymentService {

    /** Where the server's replies go: the model's channel. */
    public interface Network {
        void sendReply();
    }

    private final Network network;

    /** How many times the card was charged: at most once per request the client can send, plus a duplicate. */
    @ExtendedState(min = 0, max = 7)
    protected int charges;

    protected PaymentService(Network network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    public int charges() {
        return charges;
    }

    protected void charge() {
        charges++;
    }

    protected void reply() {
        network.sendReply();
    }
}
