package io.fsmgen.check.example;

import io.fsmgen.Capturable;
import io.fsmgen.Machine;
import io.fsmgen.Scheduler;
import io.fsmgen.check.Budget;
import io.fsmgen.check.Channel;
import io.fsmgen.check.ClosedSystem;
import io.fsmgen.check.ModelScheduler;
import io.fsmgen.check.Move;
import io.fsmgen.check.Recording;
import io.fsmgen.check.example.Payment.ClientEvent;
import io.fsmgen.check.example.Payment.ClientState;
import io.fsmgen.check.example.Payment.ServerEvent;
import io.fsmgen.check.example.Payment.ServerState;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client paying through a payment service over a network that may lose and duplicate messages: the classic
 * "timeouts, retries and idempotency" system, checked with the same explorer as TCP, to show that nothing in it is
 * TCP-shaped. The user pays once; the client's request timeout may expire at any moment (a timeout cannot know
 * whether the request or the reply is merely slow); the card takes a while to charge.
 *
 * <p>Properties: the card is charged at most once; every payment ends PAID or FAILED; a client that is told PAID was
 * charged; a client told FAILED was not charged; no deadlock; and P's responsiveness.
 */
public final class PaymentModel {

    public static final String CLIENT = "client";
    public static final String SERVER = "server";

    public static final String CHARGED_ONCE = "charged-at-most-once";
    public static final String PAYMENT_ENDS = "payment-ends";
    public static final String PAID_MEANS_CHARGED = "paid-means-charged";
    public static final String FAILED_MEANS_NOT_CHARGED = "failed-means-not-charged";
    public static final String NO_DEADLOCK = "no-deadlock";
    public static final String RESPONSIVE = "responsive";

    private static final int REQUEST = 0;
    private static final int REPLY = 1;

    private PaymentModel() {}

    /** Which client. */
    public enum ClientKind {
        /** Waits for the reply forever. */
        PATIENT(PaymentClientMachine::new),
        /** A request timeout, two retries, then FAILED. */
        RETRYING(RetryingPaymentClientMachine::new);

        final BiFunction<PaymentClientSpec.Network, Scheduler, PaymentClientSpec> create;

        <M extends PaymentClientSpec & Machine<ClientState, ClientEvent> & Capturable> ClientKind(
                BiFunction<PaymentClientSpec.Network, Scheduler, M> create) {
            this.create = create::apply;
        }
    }

    /** Which server. */
    public enum ServerKind {
        /** Charges on every request; no row for a request while charging. */
        NAIVE(PaymentServerMachine::new),
        /** Remembers the payment it charged; drops a retry while charging. */
        IDEMPOTENT(IdempotentPaymentServerMachine::new),
        /** Idempotent, but replies before it charges (acknowledges before it commits). */
        OPTIMISTIC(OptimisticPaymentServerMachine::new);

        final Function<PaymentService.Network, PaymentService> create;

        <M extends PaymentService & Machine<ServerState, ServerEvent> & Capturable> ServerKind(
                Function<PaymentService.Network, M> create) {
            this.create = create::apply;
        }
    }

    /**
     * @param inFlight at most this many messages in flight per direction
     * @param losses how many messages the network may lose
     * @param duplications how many it may duplicate
     */
    public record Config(ClientKind client, ServerKind server, int inFlight, int losses, int duplications) {
        public Config {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(server, "server");
        }

        public String describe() {
            return client.name().toLowerCase(java.util.Locale.ROOT) + " client, "
                    + server.name().toLowerCase(java.util.Locale.ROOT) + " server, " + inFlight + " in flight, "
                    + losses + (losses == 1 ? " loss, " : " losses, ") + duplications
                    + (duplications == 1 ? " duplication" : " duplications") + ", reordering";
        }
    }

    public static Supplier<ClosedSystem> system(Config config) {
        return () -> build(config);
    }

    @SuppressWarnings("unchecked") // the generated classes are these machines; the kinds' constructors say so
    private static ClosedSystem build(Config config) {
        Recording recording = new Recording();
        Channel requests = new Channel(CLIENT, SERVER, config.inFlight(), 1, false, PaymentModel::label, recording);
        Channel replies = new Channel(SERVER, CLIENT, config.inFlight(), 1, false, PaymentModel::label, recording);
        ModelScheduler clock = new ModelScheduler();
        PaymentClientSpec clientSpec = config.client().create.apply(() -> requests.send(REQUEST), clock);
        PaymentService serverSpec = config.server().create.apply(() -> replies.send(REPLY));
        Machine<ClientState, ClientEvent> client = (Machine<ClientState, ClientEvent>) clientSpec;
        Machine<ServerState, ServerEvent> server = (Machine<ServerState, ServerEvent>) serverSpec;
        Budget losses = new Budget("losses", config.losses());
        Budget duplications = new Budget("duplications", config.duplications());

        ClosedSystem.Builder system = ClosedSystem.builder("payments: " + config.describe())
                .recording(recording)
                .machine(CLIENT, client, (Capturable) clientSpec)
                .machine(SERVER, server, (Capturable) serverSpec)
                .component(requests)
                .component(replies)
                .component(losses)
                .component(duplications)
                .move(Move.of("client PAY", true, () -> client.state() == ClientState.IDLE,
                        () -> client.fire(ClientEvent.PAY), () -> "the user pays"))
                .move(clock.expireMove("client timeout", () -> true, () -> "the client's request timeout expires"))
                .move(Move.of("card charged", true, () -> server.state() == ServerState.CHARGING,
                        () -> server.fire(ServerEvent.CHARGED), () -> "the card is charged"))
                .moves(requests.deliveries(message -> server.fire(ServerEvent.REQUEST)))
                .moves(replies.deliveries(message -> client.fire(ClientEvent.REPLY)));
        if (config.losses() > 0) {
            system.moves(requests.losses(losses)).moves(replies.losses(losses));
        }
        if (config.duplications() > 0) {
            system.moves(requests.duplications(duplications)).moves(replies.duplications(duplications));
        }
        system.invariant(CHARGED_ONCE, "the card is charged at most once", () -> serverSpec.charges() <= 1)
                .eventually(PAYMENT_ENDS, "every payment ends, PAID or FAILED",
                        () -> client.state() == ClientState.PAID || client.state() == ClientState.FAILED)
                .invariant(PAID_MEANS_CHARGED, "a client told PAID was charged",
                        () -> client.state() != ClientState.PAID || serverSpec.charges() > 0)
                .invariant(FAILED_MEANS_NOT_CHARGED, "a client told FAILED was not charged",
                        () -> client.state() != ClientState.FAILED || serverSpec.charges() == 0)
                .deadlockFree(NO_DEADLOCK, "no reachable state where nothing moves before the payment ended",
                        () -> client.state() == ClientState.PAID || client.state() == ClientState.FAILED)
                .responsive(RESPONSIVE, "every request and reply that reaches a machine is handled by a row");
        return system.build();
    }

    private static String label(int message) {
        return message == REQUEST ? "REQUEST" : "REPLY";
    }
}
