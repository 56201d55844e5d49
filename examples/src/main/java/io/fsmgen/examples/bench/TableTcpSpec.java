package io.fsmgen.examples.bench;

import io.fsmgen.Dispatch;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;

/**
 * {@link TcpSpec}'s table with the cell-table dispatch forced, so that the benchmarks can put the two shapes side by
 * side on the same TCP lives (the generated {@code TcpMachine} has the nested switch, which AUTO chooses for it).
 */
@StateMachine(name = "TableTcpMachine", dispatch = Dispatch.TABLE)
public abstract class TableTcpSpec extends TcpSpec {

    public TableTcpSpec(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        super(effects, scheduler, config);
    }
}
