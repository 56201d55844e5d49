package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Capturable;
import io.fsmgen.HierarchicalMachine;
import io.fsmgen.Machine;
import io.fsmgen.check.WorkerSpec.E;
import io.fsmgen.check.WorkerSpec.S;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * P's responsiveness on a worker fed two jobs and pinged at any time: an event no row handles is a violation, a
 * deferred one is not (a deferral is a row), and an event the system declares ignorable is not either. The deferred
 * job is part of the global state: the explorer tells "busy, one job waiting" from "busy".
 */
class ResponsivenessTest {

    private static <M extends Machine<S, E> & Capturable> Supplier<ClosedSystem> worker(
            Supplier<M> machines, boolean pingsMayBeIgnored) {
        return () -> {
            M worker = machines.get();
            Budget jobs = new Budget("jobs", 2);
            ClosedSystem.Builder system = ClosedSystem.builder("worker")
                    .machine("worker", worker)
                    .component(jobs)
                    .move(Move.of("submit", true, jobs::available, () -> {
                        jobs.spend();
                        worker.fire(E.JOB);
                    }))
                    .move(Move.of("done", true, () -> worker.state() == S.BUSY, () -> worker.fire(E.DONE)))
                    .move(Move.of("ping", false, () -> true, () -> worker.fire(E.PING)))
                    .deadlockFree("no-deadlock", "every job done", () -> !jobs.available()
                            && worker.state() == S.IDLE
                            && !(worker instanceof HierarchicalMachine<?, ?> deferring && deferring.deferredCount() > 0))
                    .responsive("responsive", "every event reaches a row");
            if (pingsMayBeIgnored) {
                system.mayIgnore("worker", E.PING);
            }
            return system.build();
        };
    }

    @Test
    void aDeferredEventIsHandled_andTheDeferredQueueIsPartOfTheState() {
        Report report = new Explorer().explore(worker(DeferringWorkerMachine::new, true));
        assertTrue(report.verdict("responsive").holds(), report.summary());
        assertTrue(report.verdict("no-deadlock").holds());
        // jobs used 0, 1, 2 x IDLE/BUSY x jobs waiting: (0 IDLE) (1 BUSY) (1 IDLE) (2 BUSY, 1 waiting) (2 BUSY) (2 IDLE)
        assertEquals(6, report.states());
    }

    @Test
    void anEventNoRowHandlesIsAViolation_replayedOnTheRealMachine() {
        Supplier<ClosedSystem> plain = worker(WorkerMachine::new, true);
        Counterexample counterexample = new Explorer().explore(plain).counterexample("responsive").orElseThrow();
        assertEquals(Counterexample.Kind.UNRESPONSIVE, counterexample.kind());
        assertEquals(2, counterexample.steps().size(), counterexample.describe()); // submit, submit
        assertEquals("worker has no row for JOB in BUSY, and the system does not declare that it may ignore it",
                counterexample.violation());
        Replay replay = Replay.of(plain, counterexample);
        assertTrue(replay.reproduced(), replay.outcome());
        assertEquals("worker has no row for JOB in BUSY", replay.outcome());
    }

    @Test
    void anEventTheSystemMayIgnoreIsNoViolation_anyOtherIs() {
        Counterexample ping = new Explorer().explore(worker(DeferringWorkerMachine::new, false))
                .counterexample("responsive").orElseThrow();
        assertEquals(1, ping.steps().size(), ping.describe());
        assertEquals("worker has no row for PING in IDLE, and the system does not declare that it may ignore it",
                ping.violation());
    }
}
