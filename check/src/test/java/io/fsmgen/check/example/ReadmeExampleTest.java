package io.fsmgen.check.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.check.Budget;
import io.fsmgen.check.Channel;
import io.fsmgen.check.ClosedSystem;
import io.fsmgen.check.Explorer;
import io.fsmgen.check.ModelScheduler;
import io.fsmgen.check.Move;
import io.fsmgen.check.Recording;
import io.fsmgen.check.Replay;
import io.fsmgen.check.Report;
import io.fsmgen.check.example.Payment.ClientEvent;
import io.fsmgen.check.example.Payment.ClientState;
import io.fsmgen.check.example.Payment.ServerEvent;
import io.fsmgen.check.example.Payment.ServerState;
import org.junit.jupiter.api.Test;

/** The README's "Describing a system" example, its method word for word, so that it compiles and says the truth. */
class ReadmeExampleTest {

    static ClosedSystem payments() {                      // a factory: replays build a fresh system
        Recording recording = new Recording();
        Channel requests = new Channel("client", "server", 2, 1, false, m -> "REQUEST", recording); // 2, any order
        Channel replies = new Channel("server", "client", 2, 1, false, m -> "REPLY", recording);
        ModelScheduler clock = new ModelScheduler();
        var client = new RetryingPaymentClientMachine(() -> requests.send(0), clock);
        var server = new IdempotentPaymentServerMachine(() -> replies.send(1));
        Budget losses = new Budget("losses", 1);
        return ClosedSystem.builder("payments")
                .recording(recording)
                .machine("client", client).machine("server", server)
                .component(requests).component(replies).component(losses)
                .move(Move.of("client PAY", true, () -> client.state() == ClientState.IDLE,
                        () -> client.fire(ClientEvent.PAY)))
                .move(clock.expireMove("client timeout", () -> true, () -> "the client's request timeout expires"))
                .move(Move.of("card charged", true, () -> server.state() == ServerState.CHARGING,
                        () -> server.fire(ServerEvent.CHARGED)))
                .moves(requests.deliveries(m -> server.fire(ServerEvent.REQUEST)))
                .moves(replies.deliveries(m -> client.fire(ClientEvent.REPLY)))
                .moves(requests.losses(losses)).moves(replies.losses(losses))
                .invariant("charged-at-most-once", "the card is charged at most once", () -> server.charges() <= 1)
                .eventually("payment-ends", "every payment ends", () -> client.state() == ClientState.PAID
                        || client.state() == ClientState.FAILED)
                .responsive("responsive", "every message is handled by a row")
                .build();
    }

    @Test
    void theReadmeExampleHoldsWhatItSays() {
        Report report = new Explorer().explore(ReadmeExampleTest::payments);
        assertTrue(report.verdict("charged-at-most-once").holds());
        assertTrue(report.verdict("payment-ends").holds());
        assertTrue(report.verdict("responsive").holds());
        report.counterexample("payment-ends")
                .ifPresent(c -> System.out.print(Replay.of(ReadmeExampleTest::payments, c).diagram()));
    }
}
