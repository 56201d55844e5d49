package io.fsmgen.examples.bench.jmh;

import io.fsmgen.Scheduler;
import io.fsmgen.examples.bench.EnumMapTcp;
import io.fsmgen.examples.bench.EnumSwitchTcp;
import io.fsmgen.examples.bench.HandWrittenTcp;
import io.fsmgen.examples.bench.OrdinalSwitchTcp;
import io.fsmgen.examples.bench.PackedSwitchTcp;
import io.fsmgen.examples.bench.ReferenceTcp;
import io.fsmgen.examples.bench.StatePatternTcp;
import io.fsmgen.examples.spring.QuietLogging;
import io.fsmgen.examples.spring.SpringTcpMachine;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jol.info.GraphLayout;

/**
 * Entry point of {@code examples/target/benchmarks.jar}: prints the heap retained per live machine (JOL), then runs
 * JMH with the given arguments ({@code java -jar benchmarks.jar -h} for JMH's options). With the single argument
 * {@code footprint}, only the JOL part runs; with {@code -l}/{@code -h}/{@code -lp}/{@code -lprof}, only JMH. After
 * the run, {@link ForkSummary} prints every fork's mean and the ratios of the run.
 *
 * <p>Retained per machine = {@code GraphLayout.parseInstance(a, b).totalSize() - parseInstance(a).totalSize()} for two
 * machines {@code a}, {@code b} in ESTABLISHED: the bytes one more live connection costs, without what machines
 * share (enum constants, the sink, the configuration, Spring's shared guards and actions). The whole graph reachable
 * from one machine is printed too.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        QuietLogging.install();
        List<String> list = Arrays.asList(args);
        boolean listing = list.contains("-l") || list.contains("-h") || list.contains("-lp") || list.contains("-lprof");
        if (!listing) {
            footprint();
        }
        if (list.equals(List.of("footprint"))) {
            return;
        }
        if (listing) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        CommandLineOptions options = new CommandLineOptions(args);
        ForkSummary.print(new Runner(options).run(), System.out);
    }

    static void footprint() {
        // JOL on JDK 17: records (TcpConfig) need the "magic" field-offset path; self-attach gives exact sizes.
        System.setProperty("jol.magicFieldOffset", "true");
        System.setProperty("jdk.attach.allowAttachSelf", "true");
        CountingEffects sink = new CountingEffects();
        TcpConfig config = TcpConfig.DEFAULT;
        System.out.println("# Heap per live machine in ESTABLISHED (JOL " + "GraphLayout, bytes)");
        System.out.printf("%-22s %14s %18s%n", "machine", "retained/machine", "graph from one");
        measure("generated TcpMachine", () -> new TcpMachine(sink, Scheduler.none(), config),
                m -> drive(e -> ((TcpMachine) m).fire(e)));
        measure("hand-written, whole", () -> new HandWrittenTcp(sink, Scheduler.none(), config),
                m -> drive(((HandWrittenTcp) m)::fire));
        measure("generated, in TIME_WAIT", () -> new TcpMachine(sink, Scheduler.none(), config),
                m -> driveToTimeWait(e -> ((TcpMachine) m).fire(e)));
        measure("Spring (started)", () -> new SpringTcpMachine(sink, config),
                m -> drive(e -> ((SpringTcpMachine) m).send(e)));
        measure("hand enum switch", () -> new EnumSwitchTcp(sink, config), m -> drive(((ReferenceTcp) m)::fire));
        measure("hand ordinal switch", () -> new OrdinalSwitchTcp(sink, config), m -> drive(((ReferenceTcp) m)::fire));
        measure("hand packed switch", () -> new PackedSwitchTcp(sink, config), m -> drive(((ReferenceTcp) m)::fire));
        measure("hand EnumMap", () -> new EnumMapTcp(sink, config), m -> drive(((ReferenceTcp) m)::fire));
        measure("hand State pattern", () -> new StatePatternTcp(sink, config), m -> drive(((ReferenceTcp) m)::fire));
        System.out.println();
    }

    /** Active open, data, active close, up to TIME_WAIT, where the timer's task has been made. */
    private static void driveToTimeWait(Consumer<TcpEvent> fire) {
        TcpEvent[] life = io.fsmgen.examples.bench.ReferenceTcp.CLIENT_LIFE;
        for (int i = 0; i < life.length - 1; i++) {
            fire.accept(life[i]);
        }
    }

    private static void drive(Consumer<TcpEvent> fire) {
        for (TcpEvent e : Arrays.asList(TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK)) {
            fire.accept(e);
        }
    }

    private static void measure(String name, Supplier<Object> create, Consumer<Object> toEstablished) {
        Object a = create.get();
        Object b = create.get();
        toEstablished.accept(a);
        toEstablished.accept(b);
        long one = GraphLayout.parseInstance(a).totalSize();
        long two = GraphLayout.parseInstance(a, b).totalSize();
        System.out.printf("%-22s %14d B %16d B%n", name, two - one, one);
    }
}
