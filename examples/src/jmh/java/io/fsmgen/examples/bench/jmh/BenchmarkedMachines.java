package io.fsmgen.examples.bench.jmh;

import io.fsmgen.Scheduler;
import io.fsmgen.examples.bench.EnumMapTcp;
import io.fsmgen.examples.bench.EnumSwitchTcp;
import io.fsmgen.examples.bench.HandWrittenTcp;
import io.fsmgen.examples.bench.OrdinalSwitchTcp;
import io.fsmgen.examples.bench.PackedSwitchTcp;
import io.fsmgen.examples.bench.StatePatternTcp;
import io.fsmgen.examples.bench.SwitchTcpMachine;
import io.fsmgen.examples.bench.peers.EnumMapWholeTcp;
import io.fsmgen.examples.bench.peers.SquirrelTcp;
import io.fsmgen.examples.bench.peers.Stateless4jTcp;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;

/**
 * The machines the dispatch benchmarks drive, each long-lived and sending its effects to one allocation-free counting
 * sink. The benchmark loops stay in each benchmark class, one per implementation, so that every call site sees one
 * concrete machine type, as an application's would.
 */
abstract class BenchmarkedMachines {

    CountingEffects sink;
    TcpMachine generated;
    SwitchTcpMachine generatedSwitch;
    HandWrittenTcp handWritten;
    EnumSwitchTcp enumSwitch;
    OrdinalSwitchTcp ordinalSwitch;
    PackedSwitchTcp packedSwitch;
    EnumMapTcp enumMap;
    StatePatternTcp statePattern;
    EnumMapWholeTcp enumMapWhole;
    Stateless4jTcp stateless4j;
    SquirrelTcp squirrel;

    /** Builds every machine, after checking that {@code @OperationsPerInvocation(events)} still matches the life. */
    void createMachines(TcpEvent[] life, int events) {
        if (life.length != events) {
            throw new AssertionError("@OperationsPerInvocation is out of date");
        }
        sink = new CountingEffects();
        TcpConfig config = TcpConfig.DEFAULT;
        generated = new TcpMachine(sink, Scheduler.none(), config);
        generatedSwitch = new SwitchTcpMachine(sink, Scheduler.none(), config);
        handWritten = new HandWrittenTcp(sink, Scheduler.none(), config);
        enumSwitch = new EnumSwitchTcp(sink, config);
        ordinalSwitch = new OrdinalSwitchTcp(sink, config);
        packedSwitch = new PackedSwitchTcp(sink, config);
        enumMap = new EnumMapTcp(sink, config);
        statePattern = new StatePatternTcp(sink, config);
        enumMapWhole = new EnumMapWholeTcp(sink, Scheduler.none(), config);
        stateless4j = new Stateless4jTcp(sink, Scheduler.none(), config);
        squirrel = new SquirrelTcp(sink, Scheduler.none(), config);
    }
}
