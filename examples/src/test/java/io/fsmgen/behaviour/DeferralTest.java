package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fsmgen.Outcome;
import io.fsmgen.TransitionListener;
import io.fsmgen.behaviour.DeferralSpec.E;
import io.fsmgen.behaviour.DeferralSpec.S;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deferred events: kept while the configuration defers them, offered again in arrival order after the next state
 * change and before any newer event, deferred again in place, and dropped oldest-first beyond the limit.
 */
class DeferralTest {

    private final DeferralSpecMachine machine = new DeferralSpecMachine();

    @Test
    void sendSaysWhetherAnEventWasHandledOrDeferred() {
        assertEquals(Outcome.HANDLED, machine.send(E.JOB, "j1"));
        assertEquals(S.BUSY, machine.state());
        assertEquals(Outcome.DEFERRED, machine.send(E.JOB, "j2"));
        assertEquals(Outcome.DEFERRED, machine.send(E.PING, "p1"), "WORKING defers PING for BUSY too");
        assertEquals(2, machine.deferredCount());
        assertEquals(false, machine.fire(E.JOB, "j3"), "fire is send(...) == HANDLED");
        assertEquals(3, machine.deferredCount());
    }

    @Test
    void deferredEventsAreOfferedAgainInArrivalOrderAfterTheNextStateChange() {
        machine.send(E.JOB, "j1");
        machine.send(E.JOB, "j2");
        machine.send(E.PING, "p1");
        machine.send(E.JOB, "j3");
        machine.log.clear();
        machine.fire(E.FINISH); // BUSY -> COOLING: JOB is handled there, PING still deferred by WORKING
        assertEquals(List.of("finish", "refuse j2", "refuse j3"), machine.log);
        assertEquals(1, machine.deferredCount());
        machine.log.clear();
        machine.fire(E.COOL); // -> IDLE, which answers PING
        assertEquals(List.of("pong p1"), machine.log);
        assertEquals(0, machine.deferredCount());
    }

    @Test
    void aStateChangeCausedByADeferredEventStartsTheRoundAgainFromTheOldest() {
        machine.send(E.JOB, "j1");
        machine.send(E.PING, "p1");
        machine.send(E.JOB, "j2");
        machine.send(E.JOB, "j3");
        machine.log.clear();
        // -> IDLE: p1 is answered, j2 starts a job (BUSY again), so j3 is deferred again, in place.
        machine.fire(E.ABORT);
        assertEquals(List.of("abort", "queued: QUEUED", "pong p1", "start j2"), machine.log.subList(0, 4));
        assertEquals(S.BUSY, machine.state());
    }

    @Test
    void deferredEventsComeBeforeEventsQueuedByTheTransition() {
        machine.send(E.JOB, "j1");
        machine.send(E.JOB, "j2");
        machine.log.clear();
        machine.fire(E.ABORT); // its action queues JOB "after-abort", newer than j2
        assertEquals(List.of("abort", "queued: QUEUED", "start j2"), machine.log);
        assertEquals(S.BUSY, machine.state());
        assertEquals(1, machine.deferredCount(), "after-abort arrived in BUSY and waits");
        machine.log.clear();
        machine.fire(E.FINISH);
        assertEquals(List.of("finish", "refuse after-abort"), machine.log);
    }

    @Test
    void theOldestIsDroppedBeyondTheLimitAndListenersHearIt() {
        List<String> heard = new ArrayList<>();
        machine.addListener(new TransitionListener<>() {
            @Override
            public void deferred(S state, E event) {
                heard.add("deferred " + event + " in " + state);
            }

            @Override
            public void unhandled(S state, E event) {
                heard.add("dropped " + event + " in " + state);
            }
        });
        machine.send(E.JOB, "j1");
        machine.send(E.JOB, "j2");
        machine.send(E.JOB, "j3");
        machine.send(E.JOB, "j4");
        machine.send(E.JOB, "j5");
        assertEquals(List.of("deferred JOB in BUSY", "deferred JOB in BUSY", "deferred JOB in BUSY",
                "dropped JOB in BUSY", "deferred JOB in BUSY"), heard);
        machine.log.clear();
        machine.fire(E.FINISH);
        assertEquals(List.of("finish", "refuse j3", "refuse j4", "refuse j5"), machine.log);
    }

    @Test
    void aSnapshotHoldsDeferredEventsInOrder() {
        machine.send(E.JOB, "j1");
        machine.send(E.JOB, null);
        machine.send(E.PING, null);
        DeferralSpecMachine copy = new DeferralSpecMachine();
        copy.restore(machine.snapshot());
        assertEquals(S.BUSY, copy.state());
        assertEquals(2, copy.deferredCount());
        copy.fire(E.FINISH);
        assertEquals(List.of("finish", "refuse null"), copy.log);
        copy.fire(E.COOL);
        assertEquals(List.of("finish", "refuse null", "pong null"), copy.log);
    }

    @Test
    void aDeferredPayloadCannotBeCaptured() {
        machine.send(E.JOB, "j1");
        machine.send(E.JOB, "j2");
        IllegalStateException refused = assertThrows(IllegalStateException.class, machine::snapshot);
        assertEquals("DeferralSpecMachine: deferred event JOB carries a payload, which a snapshot cannot hold",
                refused.getMessage());
    }

    @Test
    void anUnhandledEventStillThrowsButAReofferedOneIsDroppedQuietly() {
        assertThrows(IllegalStateException.class, () -> machine.fire(E.COOL));
        machine.send(E.JOB, "j1");
        machine.send(E.PING, "p1");
        machine.fire(E.FINISH); // COOLING: PING still deferred by WORKING
        machine.restore(S.IDLE);
        assertEquals(0, machine.deferredCount(), "restore forgets deferred events");
    }

    /**
     * A snapshot keeps whether the deferred events are due: here they are not (READY changed no state), so a restored
     * machine, like the original, handles NOP and keeps E waiting until the next state change.
     */
    @Test
    void aRestoredMachineKeepsDeferredEventsWaitingUntilTheNextStateChange() {
        GuardedDeferralSpecMachine original = new GuardedDeferralSpecMachine();
        original.fire(GuardedDeferralSpec.E.GO);
        assertEquals(Outcome.DEFERRED, original.send(GuardedDeferralSpec.E.E));
        original.fire(GuardedDeferralSpec.E.READY);
        GuardedDeferralSpecMachine copy = new GuardedDeferralSpecMachine();
        copy.restore(original.snapshot());
        for (GuardedDeferralSpecMachine m : List.of(original, copy)) {
            m.fire(GuardedDeferralSpec.E.NOP);
            assertEquals(List.of("nop"), m.log, m == original ? "original" : "restored");
            assertEquals(GuardedDeferralSpec.S.W1, m.state());
            assertEquals(1, m.deferredCount());
            m.fire(GuardedDeferralSpec.E.MOVE); // W1 -> W2: due now, but W2 defers E (W's deferral)
            m.fire(GuardedDeferralSpec.E.MOVE); // W2 -> W1: offered again, and ready now
            assertEquals(List.of("nop", "E handled"), m.log);
            assertEquals(GuardedDeferralSpec.S.DONE, m.state());
        }
    }
}
