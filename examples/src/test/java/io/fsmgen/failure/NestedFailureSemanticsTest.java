package io.fsmgen.failure;

import static io.fsmgen.failure.NestedOrderSpec.A_LIMIT;
import static io.fsmgen.failure.NestedOrderSpec.INNER_LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Outcome;
import io.fsmgen.Snapshot;
import io.fsmgen.TransitionException;
import io.fsmgen.TransitionFailure;
import io.fsmgen.TransitionFailure.Phase;
import io.fsmgen.TransitionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failure semantics of {@link FailureSemanticsTest}, in a hierarchical machine ({@link NestedOrderSpec}): a
 * failing exit action of an outer composite after the inner ones ran, a failing entry action or duration method of an
 * inner state, a failing action on a LOCAL row, a failing guard on an inherited row, and what becomes of deferred
 * events, history memories and the timeouts of every level. The snapshot, which holds the active leaf, the armed
 * timeouts, the history memories and the deferred events, is the witness that a failure before the state change
 * leaves nothing half-done.
 */
class NestedFailureSemanticsTest {

    private static final String MACHINE = "NestedOrderSpecMachine";

    /** A machine in A (inside INNER inside OUTER) with its three timeouts armed and its log cleared. */
    private static <M extends NestedOrderSpec> M inA(M machine) {
        assertEquals(Outcome.HANDLED, machine.send(Move.ENTER));
        assertEquals(3, machine.clock.pending(), "OUTER's, INNER's and A's timeouts");
        machine.log.clear();
        return machine;
    }

    /** A machine in B (inside INNER inside OUTER), OUTER's and INNER's timeouts armed, its log cleared. */
    private static <M extends NestedOrderSpec> M inB(M machine) {
        inA(machine);
        assertEquals(Outcome.HANDLED, machine.send(Move.NEXT));
        assertEquals(2, machine.clock.pending());
        machine.log.clear();
        return machine;
    }

    /** Makes {@code method} throw on {@code move}; returns what the {@code TransitionException} reports. */
    private static TransitionFailure<?, ?> failing(NestedOrderSpecMachine machine, String method, Move move) {
        machine.failIn = method;
        TransitionException thrown = assertThrows(TransitionException.class, () -> machine.send(move));
        assertInstanceOf(IllegalArgumentException.class, thrown.getCause());
        assertEquals(method + " failed", thrown.getCause().getMessage());
        assertEquals("", machine.failIn, "the method did run and throw");
        return thrown.failure();
    }

    // ---- guard, exit, action, entry: no error path ---------------------------------------------------------------

    @Test
    void test_inheritedGuard_throws_nothingRanInAnyLevel() {
        NestedOrderSpecMachine machine = inA(new NestedOrderSpecMachine());
        Snapshot before = machine.snapshot();
        TransitionFailure<?, ?> failure = failing(machine, "mayLeave", Move.LEAVE);
        assertEquals(new TransitionFailure<>(MACHINE, Zone.A, Move.LEAVE, Zone.A, Phase.GUARD, "mayLeave",
                failure.cause()), failure, "OUTER's row, tried from the leaf A, reports A as its source");
        assertEquals(List.of("mayLeave"), machine.log);
        assertEquals(before, machine.snapshot(), "leaf, timeouts, history and deferred events untouched");
    }

    @Test
    void test_outerExitAction_throwsAfterTheInnerOnesRan_theMachineStaysInTheLeafWithEveryTimeoutRunning() {
        NestedOrderSpecMachine machine = inB(new NestedOrderSpecMachine());
        Snapshot before = machine.snapshot();
        List<String> heard = new ArrayList<>();
        machine.addListener(recorder(heard));
        TransitionFailure<?, ?> failure = failing(machine, "-OUTER", Move.LEAVE);
        assertEquals(new TransitionFailure<>(MACHINE, Zone.B, Move.LEAVE, Zone.B, Phase.EXIT, "exitOuter",
                failure.cause()), failure);
        assertEquals(List.of("mayLeave", "-B", "-INNER", "-OUTER"), machine.log, "innermost first, up to the failure");
        assertEquals(List.of("failed EXIT exitOuter"), heard, "no transition is reported");
        assertEquals(Zone.B, machine.state());
        assertTrue(machine.isIn(Zone.INNER) && machine.isIn(Zone.OUTER));
        assertEquals(before, machine.snapshot(), "no history recorded, OUTER's and INNER's timeouts still armed");
        machine.clock.advance(INNER_LIMIT);
        assertEquals(Zone.OUTSIDE, machine.state(), "INNER's timeout was still running, and OUTER's row took it");
        assertEquals(0, machine.clock.pending());
    }

    @Test
    void test_exitAction_throws_theExitActionsThatRanRunAgainWhenTheLeafIsLeftLater() {
        NestedOrderSpecMachine machine = inB(new NestedOrderSpecMachine());
        failing(machine, "-INNER", Move.NEXT);
        assertEquals(Zone.B, machine.state());
        assertEquals(Outcome.HANDLED, machine.send(Move.NEXT));
        assertEquals(List.of("-B", "-INNER", "-B", "-INNER", "+C"), machine.log,
                "B was never left, so its exit action runs again; OUTER is not left by B -> C");
        assertEquals(1, machine.clock.pending(), "INNER's timeout cancelled by the successful exit, OUTER's kept");
    }

    @Test
    void test_action_throws_theSourceLeafStaysWithItsTimeoutsAndNoHistoryIsRecorded() {
        NestedOrderSpecMachine machine = inB(new NestedOrderSpecMachine());
        Snapshot before = machine.snapshot();
        TransitionFailure<?, ?> failure = failing(machine, "leaveAction", Move.LEAVE);
        assertEquals(Phase.ACTION, failure.phase());
        assertEquals(Zone.B, failure.state());
        assertEquals(List.of("mayLeave", "-B", "-INNER", "-OUTER", "leaveAction"), machine.log);
        assertEquals(Zone.B, machine.state());
        assertEquals(before, machine.snapshot(), "history is written only once the actions succeeded");
        assertEquals("NestedOrderSpecMachine: action leaveAction threw java.lang.IllegalArgumentException:"
                + " leaveAction failed on LEAVE in B; the machine is in B",
                assertThrows(TransitionException.class, () -> {
                    machine.failIn = "leaveAction";
                    machine.send(Move.LEAVE);
                }).getMessage());
    }

    @Test
    void test_localRowAction_throws_theCompositeSourceAndTheLeafStay() {
        NestedOrderSpecMachine machine = inB(new NestedOrderSpecMachine());
        Snapshot before = machine.snapshot();
        TransitionFailure<?, ?> failure = failing(machine, "restartAction", Move.RESTART);
        assertEquals(new TransitionFailure<>(MACHINE, Zone.B, Move.RESTART, Zone.B, Phase.ACTION, "restartAction",
                failure.cause()), failure);
        assertEquals(List.of("-B", "-INNER", "restartAction"), machine.log, "a LOCAL row never leaves OUTER");
        assertEquals(before, machine.snapshot());
        machine.log.clear();
        assertEquals(Outcome.HANDLED, machine.send(Move.RESTART));
        assertEquals(List.of("-B", "-INNER", "restartAction", "aLimit", "+INNER", "+A"), machine.log);
        assertEquals(3, machine.clock.pending(), "OUTER's kept, INNER's restarted, A's armed");
    }

    @Test
    void test_innerEntryAction_throws_theMachineIsInTheTargetLeafWithEveryTimeoutOfItsConfigurationArmed() {
        NestedOrderSpecMachine machine = new NestedOrderSpecMachine();
        machine.log.clear();
        TransitionFailure<?, ?> failure = failing(machine, "+INNER", Move.ENTER);
        assertEquals(new TransitionFailure<>(MACHINE, Zone.OUTSIDE, Move.ENTER, Zone.A, Phase.ENTRY, "enterInner",
                failure.cause()), failure);
        assertEquals(List.of("enterAction", "aLimit", "+OUTER", "+INNER"), machine.log, "+A skipped");
        assertEquals(Zone.A, machine.state());
        assertEquals(3, machine.clock.pending(), "every timeout armed before the first entry action");
        machine.clock.advance(A_LIMIT);
        assertEquals(Zone.OUTSIDE, machine.state(), "A's own timeout runs");
        assertEquals(0, machine.clock.pending(), "and leaving cancelled OUTER's and INNER's");
    }

    @Test
    void test_durationMethod_throws_theOuterTimeoutsRunAndNoEntryActionRan() {
        NestedOrderSpecMachine machine = new NestedOrderSpecMachine();
        machine.log.clear();
        TransitionFailure<?, ?> failure = failing(machine, "aLimit", Move.ENTER);
        assertEquals(Phase.ENTRY, failure.phase());
        assertEquals("aLimit", failure.method());
        assertEquals(Zone.A, machine.state());
        assertEquals(List.of("enterAction", "aLimit"), machine.log);
        assertEquals(2, machine.clock.pending(), "OUTER's and INNER's armed outermost first; A's could not be");
        machine.clock.advance(A_LIMIT);
        assertEquals(Zone.A, machine.state());
        machine.clock.advance(INNER_LIMIT);
        assertEquals(Zone.OUTSIDE, machine.state());
    }

    // ---- deferred events -----------------------------------------------------------------------------------------

    /** A machine in A with HOLD then PARK deferred by INNER. */
    private static <M extends NestedOrderSpec> M inAWithTwoDeferred(M machine) {
        inA(machine);
        assertEquals(Outcome.DEFERRED, machine.send(Move.HOLD));
        assertEquals(Outcome.DEFERRED, machine.send(Move.PARK));
        return machine;
    }

    @Test
    void test_action_throws_deferredEventsKeepWaitingUntilTheStateChanges() {
        NestedOrderSpecMachine machine = inAWithTwoDeferred(new NestedOrderSpecMachine());
        failing(machine, "leaveAction", Move.LEAVE);
        assertEquals(2, machine.deferredCount());
        machine.log.clear();
        assertEquals(Outcome.HANDLED, machine.send(Move.LEAVE));
        assertEquals(List.of("mayLeave", "-A", "-INNER", "-OUTER", "leaveAction", "+OUTSIDE", "handleHold",
                "handlePark"), machine.log);
        assertEquals(0, machine.deferredCount());
    }

    @Test
    void test_entryAction_throws_theStateChangedSoDeferredEventsComeBeforeTheNextEvent() {
        NestedOrderSpecMachine machine = inAWithTwoDeferred(new NestedOrderSpecMachine());
        TransitionFailure<?, ?> failure = failing(machine, "+OUTSIDE", Move.LEAVE);
        assertEquals(Zone.OUTSIDE, failure.state());
        assertEquals(2, machine.deferredCount(), "the failure ended the step: nothing more ran in it");
        assertEnterRunsAfter(machine, "handleHold", "handlePark"); // offered in OUTSIDE, which handles them
    }

    @Test
    void test_entryAction_throws_aSnapshotKeepsTheDeferredEventsDueForOffering() {
        NestedOrderSpecMachine machine = inAWithTwoDeferred(new NestedOrderSpecMachine());
        failing(machine, "+OUTSIDE", Move.LEAVE);
        NestedOrderSpecMachine restored = new NestedOrderSpecMachine();
        restored.restore(machine.snapshot());
        assertEquals(Zone.OUTSIDE, restored.state());
        assertEquals(2, restored.deferredCount());
        assertEnterRunsAfter(restored, "handleHold", "handlePark");
    }

    @Test
    void test_deferredEventsAction_throws_itLeavesTheRingAndTheOthersAreStillOffered() {
        NestedOrderSpecMachine machine = inAWithTwoDeferred(new NestedOrderSpecMachine());
        machine.failIn = "handleHold";
        TransitionException thrown = assertThrows(TransitionException.class, () -> machine.send(Move.LEAVE));
        assertEquals(new TransitionFailure<>(MACHINE, Zone.OUTSIDE, Move.HOLD, Zone.OUTSIDE, Phase.ACTION,
                "handleHold", thrown.getCause()), thrown.failure(), "LEAVE succeeded; HOLD, offered again, failed");
        assertEquals(1, machine.deferredCount(), "PARK still waits: it was never offered in OUTSIDE");
        assertEnterRunsAfter(machine, "handlePark");
    }

    @Test
    void test_dueDeferredEventFails_theNextEventIsNotProcessedAndTheRestStayDue() {
        NestedOrderSpecMachine machine = inAWithTwoDeferred(new NestedOrderSpecMachine());
        failing(machine, "+OUTSIDE", Move.LEAVE);
        machine.failIn = "handleHold";
        TransitionException thrown = assertThrows(TransitionException.class, () -> machine.send(Move.ENTER));
        assertEquals(Move.HOLD, thrown.failure().event(), "the failure is the deferred event's");
        assertEquals(Zone.OUTSIDE, machine.state(), "ENTER, which came after it, was not processed");
        assertEquals(1, machine.deferredCount());
        assertEnterRunsAfter(machine, "handlePark");
    }

    /** Sends ENTER from OUTSIDE: the deferred events' {@code handlers} run first, each once, then ENTER's work. */
    private static void assertEnterRunsAfter(NestedOrderSpecMachine machine, String... handlers) {
        machine.log.clear();
        assertEquals(Outcome.HANDLED, machine.send(Move.ENTER));
        List<String> expected = new ArrayList<>(List.of(handlers));
        expected.addAll(List.of("enterAction", "aLimit", "+OUTER", "+INNER", "+A"));
        assertEquals(expected, machine.log, "the deferred events come before the newer ENTER");
        assertEquals(0, machine.deferredCount());
    }

    // ---- @OnError ------------------------------------------------------------------------------------------------

    @Test
    void onError_exitFailure_theHandlerSeesItAndTheEventItFiresLeavesTheLeafAgain() {
        NestedHandledMachine machine = inB(new NestedHandledMachine());
        machine.raise = Move.BREAK;
        machine.failIn = "-INNER";
        assertEquals(Outcome.FAILED, machine.send(Move.LEAVE));
        assertEquals(1, machine.failures.size());
        TransitionFailure<Zone, Move> failure = machine.failures.get(0);
        assertEquals(Phase.EXIT, failure.phase());
        assertEquals(Zone.B, failure.state(), "the handler runs in the source leaf");
        assertEquals(List.of("mayLeave", "-B", "-INNER", "-B", "-INNER", "-OUTER", "+FAILED on BREAK", "+RETRYING"),
                machine.log, "BREAK, fired by the handler, leaves B, INNER and OUTER (B's exit ran before)");
        assertEquals(Zone.RETRYING, machine.state());
        assertEquals(0, machine.clock.pending(), "every timeout of OUTER's configuration cancelled");
    }

    @Test
    void onError_timeoutFiredEventFails_theOtherTimeoutsOfTheConfigurationStillRun() {
        NestedHandledMachine machine = inA(new NestedHandledMachine());
        machine.failIn = "-OUTER";
        machine.clock.advance(A_LIMIT);
        assertEquals(1, machine.failures.size());
        assertEquals(Move.EXPIRE, machine.failures.get(0).event());
        assertEquals(Zone.A, machine.state());
        assertEquals(2, machine.clock.pending(), "A's timeout fired; OUTER's and INNER's still run");
        machine.clock.advance(INNER_LIMIT);
        assertEquals(Zone.OUTSIDE, machine.state());
        assertEquals(0, machine.clock.pending());
    }

    @Test
    void onError_entryFailure_deferredEventsAreOfferedAgainAfterTheHandler() {
        NestedHandledMachine machine = inAWithTwoDeferred(new NestedHandledMachine());
        machine.failIn = "+OUTSIDE";
        assertEquals(Outcome.FAILED, machine.send(Move.LEAVE));
        assertEquals(Zone.OUTSIDE, machine.failures.get(0).state());
        assertEquals(List.of("mayLeave", "-A", "-INNER", "-OUTER", "leaveAction", "+OUTSIDE", "handleHold",
                "handlePark"), machine.log);
        assertEquals(0, machine.deferredCount());
    }

    @Test
    void onError_deferredEventsActionFails_theOthersAreStillOffered() {
        NestedHandledMachine machine = inAWithTwoDeferred(new NestedHandledMachine());
        machine.failIn = "handleHold";
        assertEquals(Outcome.HANDLED, machine.send(Move.LEAVE), "LEAVE itself succeeded");
        assertEquals(Move.HOLD, machine.failures.get(0).event());
        assertEquals(List.of("handleHold", "handlePark"), machine.log.subList(machine.log.size() - 2,
                machine.log.size()));
        assertEquals(0, machine.deferredCount());
    }

    // ---- errorState ----------------------------------------------------------------------------------------------

    @Test
    void errorState_exitFailure_abandonsTheConfigurationAndDeepHistoryResumesTheLeaf() {
        NestedErrorStateMachine machine = inB(new NestedErrorStateMachine());
        machine.failIn = "-INNER";
        assertEquals(Outcome.FAILED, machine.send(Move.LEAVE));
        assertEquals(List.of("mayLeave", "-B", "-INNER", "+FAILED on LEAVE", "+RETRYING"), machine.log,
                "OUTER's exit action never runs: the configuration is abandoned, not left");
        assertEquals(Zone.RETRYING, machine.state());
        assertEquals(1, machine.clock.pending(), "OUTER's and INNER's cancelled, RETRYING's retry armed");
        machine.log.clear();
        machine.clock.advance(Duration.ofMinutes(1));
        assertEquals(Zone.B, machine.state(), "RETRY resumes OUTER's deep history, recorded by the error path");
        assertEquals(List.of("+OUTER", "+INNER", "+B"), machine.log);
        assertEquals(2, machine.clock.pending());
    }

    @Test
    void errorState_entryFailure_theHistoryIsTheLeafThatWasEntered() {
        NestedErrorStateMachine machine = new NestedErrorStateMachine();
        machine.log.clear();
        machine.failIn = "+INNER";
        assertEquals(Outcome.FAILED, machine.send(Move.ENTER));
        assertEquals(List.of("enterAction", "aLimit", "+OUTER", "+INNER", "+FAILED on ENTER", "+RETRYING"),
                machine.log);
        assertEquals(1, machine.clock.pending(), "OUTER's, INNER's and A's cancelled");
        machine.log.clear();
        machine.clock.advance(Duration.ofMinutes(1));
        assertEquals(Zone.A, machine.state());
        assertEquals(List.of("aLimit", "+OUTER", "+INNER", "+A"), machine.log);
        assertEquals(3, machine.clock.pending());
    }

    @Test
    void errorState_deferredEventsAreOfferedAgainInTheErrorState() {
        NestedErrorStateMachine machine = inAWithTwoDeferred(new NestedErrorStateMachine());
        List<String> heard = new ArrayList<>();
        machine.addListener(recorder(heard));
        machine.failIn = "leaveAction";
        assertEquals(Outcome.FAILED, machine.send(Move.LEAVE));
        assertEquals(List.of("failed ACTION leaveAction", "unhandled RETRYING HOLD", "unhandled RETRYING PARK"),
                heard, "RETRYING neither handles nor defers them: offered again there, they are dropped");
        assertEquals(0, machine.deferredCount());
    }

    @Test
    void errorState_snapshotAfterTheErrorPathRestoresTheSameMachine() {
        NestedErrorStateMachine machine = inB(new NestedErrorStateMachine());
        machine.failIn = "leaveAction";
        machine.send(Move.LEAVE);
        NestedErrorStateMachine restored = new NestedErrorStateMachine();
        restored.restore(machine.snapshot());
        assertEquals(machine.snapshot(), restored.snapshot());
        restored.clock.advance(Duration.ofMinutes(1));
        assertEquals(Zone.B, restored.state(), "the history the error path recorded was captured");
    }

    @Test
    void errorState_initialEntryFailure_theConstructorTakesTheErrorPathWithANullEvent() {
        NestedStartMachine machine = new NestedStartMachine();
        assertEquals(List.of("aLimit", "+OUTER", "+INNER", "+FAILED on null", "+RETRYING"), machine.log);
        assertEquals(Zone.RETRYING, machine.state());
        assertEquals(1, machine.clock.pending(), "only RETRYING's retry: OUTER's, INNER's and A's cancelled");
        machine.log.clear();
        machine.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of("aLimit", "+OUTER", "+INNER", "+A"), machine.log, "A, the leaf it was in, resumed");
        assertEquals(Zone.A, machine.state());
    }

    private static TransitionListener<Zone, Move> recorder(List<String> heard) {
        return new TransitionListener<>() {
            @Override
            public void transitioned(Zone from, Move event, Zone to) {
                heard.add(from + " " + event + " " + to);
            }

            @Override
            public void unhandled(Zone state, Move event) {
                heard.add("unhandled " + state + " " + event);
            }

            @Override
            public void failed(TransitionFailure<Zone, Move> failure) {
                heard.add("failed " + failure.phase() + " " + failure.method());
            }
        };
    }

    /**
     * An Error from the guard of an event offered again propagates; that event leaves the ring, as a failed one does,
     * and the round it cut short stays due: F runs before the next event.
     */
    @Test
    void anErrorWhileDeferredEventsAreOfferedAgainLeavesTheRestDue() {
        DeferredGuardErrorSpecMachine machine = new DeferredGuardErrorSpecMachine();
        machine.send(DeferredGuardErrorSpec.E.E);
        machine.send(DeferredGuardErrorSpec.E.F);
        machine.breakInvariant = true;
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> machine.send(DeferredGuardErrorSpec.E.MOVE));
        assertEquals(DeferredGuardErrorSpec.S.W2, machine.state());
        assertEquals(1, machine.deferredCount(), "E left the ring, F waits");
        machine.send(DeferredGuardErrorSpec.E.NOP);
        assertEquals(java.util.List.of("F", "nop"), machine.log);
        assertEquals(0, machine.deferredCount());
    }

    /** The events {@code @OnError} fires run right after it, before the deferred events the failed entry released. */
    @Test
    void theErrorPathsEventsRunBeforeReleasedDeferredEvents() {
        OnErrorBeforeDeferredSpecMachine machine = new OnErrorBeforeDeferredSpecMachine();
        assertEquals(io.fsmgen.Outcome.DEFERRED, machine.send(OnErrorBeforeDeferredSpec.E.CMD));
        assertEquals(io.fsmgen.Outcome.FAILED, machine.send(OnErrorBeforeDeferredSpec.E.NEXT));
        assertEquals(java.util.List.of("+P2", "onError", "error", "ignored"), machine.log);
        assertEquals(OnErrorBeforeDeferredSpec.S.SAFE, machine.state());
        assertEquals(0, machine.deferredCount());
    }
}
