package io.fsmgen.examples.bench.jmh;

import io.fsmgen.examples.bench.EnumMapTcp;
import io.fsmgen.examples.bench.EnumSwitchTcp;
import io.fsmgen.examples.bench.HandWrittenTcp;
import io.fsmgen.examples.bench.OrdinalSwitchTcp;
import io.fsmgen.examples.bench.PackedSwitchTcp;
import io.fsmgen.examples.bench.ReferenceTcp;
import io.fsmgen.examples.bench.StatePatternTcp;
import io.fsmgen.examples.bench.SwitchTcpMachine;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Dispatch over the server life only (passive open, RECEIVE, data, passive close: 9 events, CLOSED to CLOSED). It
 * never enters TIME_WAIT, so no timer is armed or cancelled: this isolates the cost of dispatch itself. Spring is
 * left out (see {@link DispatchBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServerLifeBenchmark extends BenchmarkedMachines {

    static final TcpEvent[] LIFE = ReferenceTcp.SERVER_LIFE;
    static final int EVENTS = 9;

    @Setup
    public void setUp() {
        createMachines(LIFE, EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState generated() {
        TcpMachine m = generated;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    /** The same table generated with the nested-switch dispatch ({@code SwitchTcpSpec}), for the shape comparison. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState generatedSwitch() {
        SwitchTcpMachine m = generatedSwitch;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    /** The whole table by hand, with the TIME-WAIT timer: the fair practical limit. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState handWritten() {
        HandWrittenTcp m = handWritten;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState handEnumSwitch() {
        EnumSwitchTcp m = enumSwitch;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState handOrdinalSwitch() {
        OrdinalSwitchTcp m = ordinalSwitch;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState handPackedSwitch() {
        PackedSwitchTcp m = packedSwitch;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState handEnumMap() {
        EnumMapTcp m = enumMap;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState handStatePattern() {
        StatePatternTcp m = statePattern;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }
}
