package io.fsmgen.examples.bench.jmh;

import io.fsmgen.Scheduler;
import io.fsmgen.examples.bench.EnumSwitchTcp;
import io.fsmgen.examples.bench.HandWrittenTcp;
import io.fsmgen.examples.spring.QuietLogging;
import io.fsmgen.examples.spring.SpringTcpMachine;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost to create one machine, ready for its first event. Spring: {@code factory.getStateMachine()} (the factory,
 * i.e. the table, is built once) with and without {@code startReactively().block()}; the generated and hand-written
 * machines: a constructor call.
 *
 * <p>Each fork runs with a fixed, pre-touched heap ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}). Creation allocates
 * gigabytes a second, so without it every fresh page of the growing heap costs a first touch, and on a virtual
 * machine whose memory the host seems to back lazily that first touch dominated: 3–280 ns per machine from iteration to
 * iteration, in every implementation (BENCHMARKS.md, section 4). {@code -jvmArgsAppend} on the command line replaces
 * these flags.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CreateBenchmark {

    CountingEffects sink;
    TcpConfig config;
    org.springframework.statemachine.config.StateMachineFactory<TcpState, TcpEvent> factory;

    @Setup
    public void setUp() {
        QuietLogging.install();
        sink = new CountingEffects();
        config = TcpConfig.DEFAULT;
        factory = SpringTcpMachine.sharedFactory();
    }

    @Benchmark
    public TcpMachine generated() {
        return new TcpMachine(sink, Scheduler.none(), config);
    }

    /** The whole table by hand, with its timer: the machine {@code TcpMachine} is measured against. */
    @Benchmark
    public HandWrittenTcp handWritten() {
        return new HandWrittenTcp(sink, Scheduler.none(), config);
    }

    @Benchmark
    public EnumSwitchTcp handEnumSwitch() {
        return new EnumSwitchTcp(sink, config);
    }

    /** Spring's creation path, JIT-compiled first: {@value #SPRING_WARMUP} machines created and started, untimed. */
    @State(Scope.Thread)
    public static class SpringWarm {
        static final int SPRING_WARMUP = 2_000;

        @Setup
        public void setUp() {
            QuietLogging.install();
            for (int i = 0; i < SPRING_WARMUP; i++) {
                new SpringTcpMachine(SpringTcpMachine.sharedFactory(), TcpEffects.NONE, TcpConfig.DEFAULT).stop();
            }
        }
    }

    @Benchmark
    public Object springGetStateMachine(SpringWarm warm) {
        return factory.getStateMachine();
    }

    @Benchmark
    public SpringTcpMachine springGetAndStart(SpringWarm warm) {
        return new SpringTcpMachine(factory, sink, config);
    }
}
