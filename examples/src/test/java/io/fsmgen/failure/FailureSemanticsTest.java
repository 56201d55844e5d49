package io.fsmgen.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.TransitionException;
import io.fsmgen.TransitionFailure;
import io.fsmgen.TransitionFailure.Phase;
import io.fsmgen.TransitionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a machine looks like after a guard, exit action, action or entry action throws: the state, the armed timeouts
 * and the hooks that ran agree, the failure says where it happened, and a declared error path (error state,
 * {@code @OnError}) takes over from the exception. The order expires 30 minutes after it is placed or paid; that
 * timer is the witness of what the machine believes.
 */
class FailureSemanticsTest {

    private static final Duration EXPIRY = Duration.ofMinutes(30);

    private static TransitionFailure<?, ?> failPaying(OrderSpecMachine order, String method) {
        order.failIn = method;
        TransitionException thrown = assertThrows(TransitionException.class, () -> order.fire(Step.PAY));
        assertInstanceOf(IllegalArgumentException.class, thrown.getCause());
        assertEquals(method + " failed", thrown.getCause().getMessage());
        return thrown.failure();
    }

    @Test
    void test_guard_throws_theOrderStaysNewAndStillExpires() {
        OrderSpecMachine order = new OrderSpecMachine();
        TransitionFailure<?, ?> failure = failPaying(order, "canPay");
        assertEquals(new TransitionFailure<>("OrderSpecMachine", Stage.NEW, Step.PAY, Stage.NEW, Phase.GUARD,
                "canPay", failure.cause()), failure);
        assertEquals(Stage.NEW, order.state());
        assertEquals(List.of("canPay"), order.log);
        assertEquals(1, order.clock.pending(), "NEW's expiry still armed");
        order.clock.advance(EXPIRY);
        assertEquals(Stage.EXPIRED, order.state());
    }

    @Test
    void test_exitAction_throws_theOrderStaysNewAndStillExpires() {
        OrderSpecMachine order = new OrderSpecMachine();
        TransitionFailure<?, ?> failure = failPaying(order, "leaveNew");
        assertEquals(Phase.EXIT, failure.phase());
        assertEquals("leaveNew", failure.method());
        assertEquals(Stage.NEW, failure.state());
        assertEquals(List.of("canPay", "leaveNew"), order.log);
        assertEquals(1, order.clock.pending());
        order.clock.advance(EXPIRY);
        assertEquals(Stage.EXPIRED, order.state());
    }

    @Test
    void test_action_throws_theOrderStaysNewStillExpiresAndItsQueuedEventIsDropped() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.queueBeforeFailing = Step.BREAK;
        TransitionFailure<?, ?> failure = failPaying(order, "charge");
        assertEquals(Phase.ACTION, failure.phase());
        assertEquals("charge", failure.method());
        assertEquals(Stage.NEW, order.state(), "BREAK, queued by the failed action, never ran");
        assertEquals(List.of("canPay", "leaveNew", "charge"), order.log);
        assertEquals(1, order.clock.pending(), "the expiry is cancelled only once the actions succeeded");
        order.clock.advance(EXPIRY);
        assertEquals(Stage.EXPIRED, order.state());
    }

    @Test
    void test_entryAction_throws_theOrderIsPaidWithItsExpiryArmedAndLaterEntryActionsSkipped() {
        OrderSpecMachine order = new OrderSpecMachine();
        TransitionFailure<?, ?> failure = failPaying(order, "enterPaid");
        assertEquals(Phase.ENTRY, failure.phase());
        assertEquals(Stage.NEW, failure.from());
        assertEquals(Stage.PAID, failure.state());
        assertEquals(Stage.PAID, order.state());
        assertEquals(List.of("canPay", "leaveNew", "charge", "enterPaid"), order.log, "notifyPaid skipped");
        assertEquals(1, order.clock.pending(), "NEW's expiry cancelled, PAID's armed before its entry actions");
        order.clock.advance(EXPIRY);
        assertEquals(Stage.EXPIRED, order.state());
    }

    @Test
    void aFailureIsDescribedAndTheMachineWorksAfterIt() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.failIn = "charge";
        TransitionException thrown = assertThrows(TransitionException.class, () -> order.fire(Step.PAY));
        assertEquals("OrderSpecMachine: action charge threw java.lang.IllegalArgumentException: charge failed on PAY"
                + " in NEW; the machine is in NEW", thrown.getMessage());
        assertTrue(order.fire(Step.PAY));
        assertEquals(Stage.PAID, order.state());
        assertEquals(1, order.clock.pending());
    }

    @Test
    void listenersHearTheFailureAndNoTransition() {
        OrderSpecMachine order = new OrderSpecMachine();
        List<String> heard = new ArrayList<>();
        order.addListener(new TransitionListener<>() {
            @Override
            public void transitioned(Stage from, Step event, Stage to) {
                heard.add(from + " " + event + " " + to);
            }

            @Override
            public void failed(TransitionFailure<Stage, Step> failure) {
                heard.add("failed " + failure.phase() + " " + failure.method());
            }
        });
        failPaying(order, "leaveNew");
        assertEquals(List.of("failed EXIT leaveNew"), heard);
    }

    @Test
    void anErrorIsNotATransitionFailureButLeavesTheMachineConsistent() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.errorIn = "charge";
        StackOverflowError thrown = assertThrows(StackOverflowError.class, () -> order.fire(Step.PAY));
        assertEquals("charge", thrown.getMessage());
        assertEquals(Stage.NEW, order.state());
        assertEquals(1, order.clock.pending());
        assertTrue(order.fire(Step.BREAK), "and it goes on processing events");
    }

    /**
     * The machine's own steps after a spec method ran (here cancelling NEW's expiry, after {@code charge}) are not
     * that method's: what they throw propagates as it is, as it did before any spec method ran.
     */
    @Test
    void aFailureOfTheMachinesOwnStepAfterAnActionIsNotTheActions() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.cancelFails = true;
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> order.fire(Step.PAY));
        assertEquals("cancel failed", thrown.getMessage());
        assertEquals(List.of("canPay", "leaveNew", "charge"), order.log);
    }

    /**
     * Likewise after a guard that said no: the unhandled event's report (here a listener that throws on it) is not
     * the guard's failure.
     */
    @Test
    void theUnhandledEventsReportAfterAGuardSaidNoIsNotTheGuardsFailure() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.payable = false;
        order.addListener(new TransitionListener<>() {
            @Override
            public void unhandled(Stage state, Step event) {
                throw new IllegalStateException("unhandled " + event + " in " + state);
            }
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> order.fire(Step.PAY));
        assertEquals("unhandled PAY in NEW", thrown.getMessage());
        assertEquals(Stage.NEW, order.state());
    }

    @Test
    void aCheckedExceptionThrownUndeclaredIsATransitionFailureToo() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.checkedIn = "charge";
        TransitionException thrown = assertThrows(TransitionException.class, () -> order.fire(Step.PAY));
        assertInstanceOf(java.io.IOException.class, thrown.getCause());
        assertEquals("charge failed", thrown.getCause().getMessage());
        assertEquals(Phase.ACTION, thrown.failure().phase());
        assertEquals("charge", thrown.failure().method());
        assertEquals(Stage.NEW, order.state());
        assertEquals(1, order.clock.pending(), "NEW's expiry still armed");
    }

    @Test
    void aPlainThrowableIsATransitionFailureToo() {
        OrderSpecMachine order = new OrderSpecMachine();
        order.throwableIn = "canPay";
        TransitionException thrown = assertThrows(TransitionException.class, () -> order.fire(Step.PAY));
        assertEquals(Throwable.class, thrown.getCause().getClass());
        assertEquals(Phase.GUARD, thrown.failure().phase());
        assertEquals(Stage.NEW, order.state());
    }

    @Test
    void errorState_entryOfTheErrorStateFails_itsOwnExceptionPropagatesAsItIs() {
        ErrorStateOrderMachine order = new ErrorStateOrderMachine();
        order.failIn = "charge";
        order.alsoFailIn = "enterFailed";
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> order.fire(Step.PAY));
        assertEquals("enterFailed failed", thrown.getMessage(), "the entry's exception, not a wrapper of it");
        assertEquals(1, thrown.getSuppressed().length, "with the failure that led to the error state");
        assertEquals("charge failed", thrown.getSuppressed()[0].getMessage());
        assertEquals(Stage.FAILED, order.state());
        assertEquals(List.of("canPay", "leaveNew", "charge", "enterFailed"), order.log);
        assertEquals(1, order.clock.pending(), "FAILED's retry was armed before its entry ran");
        order.clock.advance(Duration.ofMinutes(1));
        assertEquals(Stage.NEW, order.state(), "and the machine goes on");
    }

    @Test
    void errorState_actionFailure_endsInFailedWithOnlyItsOwnTimeoutArmed() {
        ErrorStateOrderMachine order = new ErrorStateOrderMachine();
        order.failIn = "charge";
        assertFalse(order.fire(Step.PAY), "a failure handled by the error path returns false");
        assertEquals(Stage.FAILED, order.state());
        assertEquals(List.of("canPay", "leaveNew", "charge", "enterFailed"), order.log);
        assertEquals(1, order.clock.pending(), "NEW's expiry cancelled, FAILED's retry armed");
        order.clock.advance(Duration.ofMinutes(1));
        assertEquals(Stage.NEW, order.state(), "retried by FAILED's own timeout");
        assertEquals(1, order.clock.pending(), "NEW's expiry armed again");
    }

    @Test
    void errorState_entryFailure_cancelsTheTargetsTimeouts() {
        ErrorStateOrderMachine order = new ErrorStateOrderMachine();
        order.failIn = "notifyPaid";
        assertFalse(order.fire(Step.PAY));
        assertEquals(Stage.FAILED, order.state());
        assertEquals(1, order.clock.pending(), "PAID's expiry cancelled; only the retry is armed");
        assertEquals(List.of("canPay", "leaveNew", "charge", "enterPaid", "notifyPaid", "enterFailed"), order.log);
    }

    @Test
    void onError_handlerSeesTheFailureAndItsEventRunsAfterIt() {
        HandledOrderMachine order = new HandledOrderMachine();
        order.failIn = "canPay";
        assertFalse(order.fire(Step.PAY));
        assertEquals(1, order.failures.size());
        TransitionFailure<Stage, Step> failure = order.failures.get(0);
        assertEquals(Phase.GUARD, failure.phase());
        assertEquals("canPay", failure.method());
        assertEquals(Stage.NEW, failure.state());
        assertEquals(Stage.FAILED, order.state(), "BREAK, fired by the handler, ran after it");
        assertEquals(0, order.clock.pending(), "FAILED has no timeout");
    }

    @Test
    void onError_aQueuedEventsFailureIsReportedWithThatEvent() {
        HandledOrderMachine order = new HandledOrderMachine();
        order.queueBeforeFailing = Step.SHIP;
        order.failIn = "ship";
        assertTrue(order.fire(Step.PAY), "PAY itself succeeds; SHIP, queued by its action, fails afterwards");
        assertEquals(1, order.failures.size());
        TransitionFailure<Stage, Step> failure = order.failures.get(0);
        assertEquals(Step.SHIP, failure.event());
        assertEquals(Stage.PAID, failure.from());
        assertEquals(Phase.ACTION, failure.phase());
        assertEquals(Stage.FAILED, order.state());
    }

    /**
     * A queued event whose transition fails takes only the events that transition queued with it: the ones queued
     * before it, by transitions that succeeded, still run, after the error path.
     */
    @Test
    void aFailingQueuedEventDropsOnlyWhatItsOwnTransitionQueued() {
        BurstSpecMachine burst = new BurstSpecMachine();
        burst.fire(BurstSpec.E.BURST);
        assertEquals(java.util.List.of("burst", "first", "error in first on FIRST", "second"), burst.log);
        assertEquals(BurstSpec.S.BROKEN, burst.state());
    }
}
