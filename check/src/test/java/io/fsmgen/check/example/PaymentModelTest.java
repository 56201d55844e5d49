package io.fsmgen.check.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.check.Counterexample;
import io.fsmgen.check.Explorer;
import io.fsmgen.check.Replay;
import io.fsmgen.check.Report;
import io.fsmgen.check.Verdict;
import io.fsmgen.check.example.PaymentModel.ClientKind;
import io.fsmgen.check.example.PaymentModel.Config;
import io.fsmgen.check.example.PaymentModel.ServerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payment example's properties, each with a system where it holds and one where it fails. */
class PaymentModelTest {

    private static final Config NAIVE = new Config(ClientKind.RETRYING, ServerKind.NAIVE, 2, 1, 1);
    private static final Config IDEMPOTENT = new Config(ClientKind.RETRYING, ServerKind.IDEMPOTENT, 2, 1, 1);
    private static final Config PATIENT = new Config(ClientKind.PATIENT, ServerKind.IDEMPOTENT, 2, 1, 1);
    private static final Config OPTIMISTIC = new Config(ClientKind.RETRYING, ServerKind.OPTIMISTIC, 2, 1, 1);

    private static Verdict verdict(Config config, String property) {
        Report report = new Explorer().explore(PaymentModel.system(config));
        assertTrue(report.complete(), report.summary());
        Verdict verdict = report.verdict(property);
        verdict.counterexample().ifPresent(counterexample -> {
            Replay replay = Replay.of(PaymentModel.system(config), counterexample);
            assertTrue(replay.reproduced(), replay.outcome() + "\n" + replay.diagram());
        });
        return verdict;
    }

    @Test
    void chargedAtMostOnce_withAnIdempotencyKey_twiceWithout() {
        assertTrue(verdict(IDEMPOTENT, PaymentModel.CHARGED_ONCE).holds());
        Counterexample twice = verdict(NAIVE, PaymentModel.CHARGED_ONCE).counterexample().orElseThrow();
        assertEquals(6, twice.steps().size(), twice.describe()); // pay, timeout, request, charge, retry, charge
        assertEquals("the client's request timeout expires", twice.steps().get(1).description());
    }

    @Test
    void responsive_whenTheServerDeclaresTheRetry_notWhenARetryFindsItCharging() {
        assertTrue(verdict(IDEMPOTENT, PaymentModel.RESPONSIVE).holds());
        Verdict naive = verdict(NAIVE, PaymentModel.RESPONSIVE);
        Counterexample counterexample = naive.counterexample().orElseThrow();
        assertEquals(Counterexample.Kind.UNRESPONSIVE, counterexample.kind());
        assertTrue(counterexample.violation().startsWith("server has no row for REQUEST in CHARGING"),
                counterexample.violation());
    }

    @Test
    void noDeadlock_withATimeout_butAPatientClientWaitsForeverForALostRequest() {
        assertTrue(verdict(IDEMPOTENT, PaymentModel.NO_DEADLOCK).holds());
        Counterexample counterexample = verdict(PATIENT, PaymentModel.NO_DEADLOCK).counterexample().orElseThrow();
        assertEquals(Counterexample.Kind.DEADLOCK, counterexample.kind());
        assertEquals("the network loses REQUEST client->server", counterexample.steps().get(1).description());
    }

    @Test
    void paymentEnds_withATimeout_notForAPatientClient() {
        assertTrue(verdict(IDEMPOTENT, PaymentModel.PAYMENT_ENDS).holds());
        assertEquals(Counterexample.Kind.STUCK,
                verdict(PATIENT, PaymentModel.PAYMENT_ENDS).counterexample().orElseThrow().kind());
    }

    @Test
    void paidMeansCharged_holds_butNotWhenTheServerRepliesBeforeItCharges() {
        assertTrue(verdict(NAIVE, PaymentModel.PAID_MEANS_CHARGED).holds());
        assertTrue(verdict(IDEMPOTENT, PaymentModel.PAID_MEANS_CHARGED).holds());
        Counterexample early = verdict(OPTIMISTIC, PaymentModel.PAID_MEANS_CHARGED).counterexample().orElseThrow();
        assertEquals(Counterexample.Kind.INVARIANT, early.kind());
        assertEquals(List.of("the user pays", "the network delivers REQUEST client->server",
                "the network delivers REPLY server->client"),
                early.steps().stream().map(Counterexample.Step::description).toList(), early.describe());
        assertEquals("the invariant paid-means-charged fails: client PAID, server CHARGING", early.violation());
    }

    @Test
    void failedMeansNotCharged_failsForEveryServerOnceTheClientGivesUp_holdsForAClientThatNeverDoes() {
        assertEquals(Verdict.Status.VIOLATED, verdict(IDEMPOTENT, PaymentModel.FAILED_MEANS_NOT_CHARGED).status());
        assertEquals(Verdict.Status.VIOLATED, verdict(NAIVE, PaymentModel.FAILED_MEANS_NOT_CHARGED).status());
        assertTrue(verdict(PATIENT, PaymentModel.FAILED_MEANS_NOT_CHARGED).holds());
    }
}
