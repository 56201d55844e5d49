package io.fsmgen.examples.dispatch;

import io.fsmgen.OnError;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.TransitionFailure;
import java.util.List;

/**
 * {@link ShapeSpec}'s table with a declared error path: a failing guard or action takes the machine to {@code H}
 * (whose entry hook runs and whose timeout is armed) and runs {@link #failed}, instead of {@code fire} throwing.
 * Generated with the nested switch; {@link ShapeErrorTableSpec} inherits it with the cell table.
 */
@StateMachine(name = "ShapeErrorSwitchMachine", errorState = "H")
public abstract class ShapeErrorSpec extends ShapeSpec {

    protected ShapeErrorSpec(Scheduler scheduler, List<String> log) {
        super(scheduler, log);
    }

    @OnError
    protected void failed(TransitionFailure<S, E> failure) {
        log.add("on error: " + failure.phase() + " " + failure.method() + " on " + failure.event() + " in "
                + failure.from() + ", now in " + failure.state());
    }
}
