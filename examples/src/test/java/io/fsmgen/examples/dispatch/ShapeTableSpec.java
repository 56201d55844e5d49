package io.fsmgen.examples.dispatch;

import io.fsmgen.Dispatch;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import java.util.List;

/** {@link ShapeSpec}'s table with the cell-table dispatch. */
@StateMachine(name = "ShapeTableMachine", dispatch = Dispatch.TABLE)
public abstract class ShapeTableSpec extends ShapeSpec {

    protected ShapeTableSpec(Scheduler scheduler, List<String> log) {
        super(scheduler, log);
    }
}
