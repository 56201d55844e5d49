package io.fsmgen.examples.dispatch;

import io.fsmgen.Dispatch;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import java.util.List;

/** {@link ShapeErrorSpec}'s table and error path with the cell-table dispatch. */
@StateMachine(name = "ShapeErrorTableMachine", dispatch = Dispatch.TABLE)
public abstract class ShapeErrorTableSpec extends ShapeErrorSpec {

    protected ShapeErrorTableSpec(Scheduler scheduler, List<String> log) {
        super(scheduler, log);
    }
}
