package io.fsmgen.examples.bench.jmh;

import io.fsmgen.examples.bench.EnumMapTcp;
import io.fsmgen.examples.bench.EnumSwitchTcp;
import io.fsmgen.examples.bench.HandWrittenTcp;
import io.fsmgen.examples.bench.OrdinalSwitchTcp;
import io.fsmgen.examples.bench.PackedSwitchTcp;
import io.fsmgen.examples.bench.ReferenceTcp;
import io.fsmgen.examples.bench.StatePatternTcp;
import io.fsmgen.examples.bench.SwitchTcpMachine;
import io.fsmgen.examples.bench.peers.EnumMapWholeTcp;
import io.fsmgen.examples.bench.peers.SquirrelTcp;
import io.fsmgen.examples.bench.peers.Stateless4jTcp;
import io.fsmgen.examples.spring.QuietLogging;
import io.fsmgen.examples.spring.SpringTcpMachine;
import io.fsmgen.tcp.TcpConfig;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Event dispatch over whole connection lives: one client life (active open, data, active close, TIME_WAIT, TIMEOUT)
 * and one server life (passive open, data, passive close), 17 events from CLOSED back to CLOSED. The score is per
 * event ({@code @OperationsPerInvocation(17)}); with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per event.
 *
 * <p>Both lives enter TIME_WAIT once: every implementation reports the 2·MSL duration, a {@code TcpConfig} component
 * computed once, and the generated machine and {@code handWritten} also arm a timer through {@code Scheduler.none()}.
 * {@link ServerLifeBenchmark} measures a life without TIME_WAIT.
 *
 * <p>Each implementation gets a long-lived machine and the same allocation-free counting sink. The generated machine,
 * Spring, {@code handWritten} ({@link HandWrittenTcp}) and the {@code peer*} machines (stateless4j, squirrel-foundation,
 * a whole-table {@code EnumMap}) implement all 231 cells; the other hand-written ones only the 15 cells these lives
 * visit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark extends BenchmarkedMachines {

    static final TcpEvent[] LIFE = ReferenceTcp.BOTH_LIVES;
    static final int EVENTS = 17;

    @Setup
    public void setUp() {
        QuietLogging.install();
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

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState spring(SpringState state) {
        SpringTcpMachine m = state.machine;
        for (TcpEvent e : LIFE) {
            m.send(e);
        }
        return m.state();
    }

    /**
     * Spring's machine, in its own state object so that only the {@code spring} benchmark pays for it. Spring's code
     * path needs tens of thousands of events before the JIT has compiled it (the first 10,000 events run about ten
     * times slower than the steady state), far more than a few seconds of JMH warm-up give at ~50 µs per event, so
     * the setup sends {@value #SPRING_WARMUP_LIVES} connection lives (about 100,000 events) first, untimed.
     */
    @State(Scope.Thread)
    public static class SpringState {
        static final int SPRING_WARMUP_LIVES = 6_000;
        CountingEffects sink;
        SpringTcpMachine machine;

        @Setup
        public void setUp() {
            QuietLogging.install();
            sink = new CountingEffects();
            machine = new SpringTcpMachine(sink, TcpConfig.DEFAULT);
            for (int i = 0; i < SPRING_WARMUP_LIVES; i++) {
                for (TcpEvent e : LIFE) {
                    machine.send(e);
                }
            }
        }

        @TearDown
        public void tearDown() {
            machine.stop();
            if (sink.count == 0) {
                throw new AssertionError("no effects");
            }
        }
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

    /** The whole table in {@code EnumMap<TcpState, EnumMap<TcpEvent, Row[]>>}, with the timer. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState peerEnumMap() {
        EnumMapWholeTcp m = enumMapWhole;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    /** The whole table on stateless4j, with the timer. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState peerStateless4j() {
        Stateless4jTcp m = stateless4j;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }

    /** The whole table on squirrel-foundation, with the timer. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TcpState peerSquirrel() {
        SquirrelTcp m = squirrel;
        for (TcpEvent e : LIFE) {
            m.fire(e);
        }
        return m.state();
    }
}
