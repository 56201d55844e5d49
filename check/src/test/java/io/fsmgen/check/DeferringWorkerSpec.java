package io.fsmgen.check;

import io.fsmgen.Defer;
import io.fsmgen.StateMachine;

/** The worker keeping a job that arrives while it is busy for later: a deferral, which is not an unhandled event. */
@StateMachine(name = "DeferringWorkerMachine", deferrals = @Defer(state = "BUSY", events = "JOB"))
abstract class DeferringWorkerSpec extends WorkerSpec {}
