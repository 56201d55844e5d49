package io.fsmgen.examples.bench;

import io.fsmgen.Dispatch;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSpec;

/**
 * {@link TcpSpec}'s table with the nested-switch dispatch forced, so that the benchmarks can put the two shapes side
 * by side on the same TCP lives (the generated {@code TcpMachine} has the cell table, which AUTO chooses for it).
 */
@StateMachine(name = "SwitchTcpMachine", dispatch = Dispatch.SWITCH)
public abstract class SwitchTcpSpec extends TcpSpec {

    public SwitchTcpSpec(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        super(effects, scheduler, config);
    }
}
