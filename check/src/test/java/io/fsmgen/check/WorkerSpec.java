package io.fsmgen.check;

import io.fsmgen.StateMachine;
import io.fsmgen.Transition;

/**
 * A worker that takes one job at a time and has no row for a job that arrives while it is busy, nor for a ping:
 * responsiveness must flag both (unless the system lets it ignore pings).
 */
@StateMachine(
        states = WorkerSpec.S.class,
        events = WorkerSpec.E.class,
        initial = "IDLE",
        name = "WorkerMachine",
        transitions = {
            @Transition(from = "IDLE", on = "JOB", to = "BUSY"),
            @Transition(from = "BUSY", on = "DONE", to = "IDLE"),
        })
abstract class WorkerSpec {

    enum S { IDLE, BUSY }

    enum E { JOB, DONE, PING }
}
