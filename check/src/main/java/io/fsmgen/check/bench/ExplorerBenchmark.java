package io.fsmgen.check.bench;

import io.fsmgen.check.Explorer;
import io.fsmgen.check.ExplorerOptions;
import io.fsmgen.check.Report;
import io.fsmgen.check.tcp.TcpModel;
import io.fsmgen.check.tcp.TcpModelConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The explorer's throughput on the TCP model as its bounds grow: states per second of search and bytes per stored
 * state, for BENCHMARKS.md. A command of its own, never part of {@code mvn verify}:
 *
 * <pre>
 * mvn -q -B -DskipTests package
 * java -Xmx1g -cp examples/target/fsmgen-examples.jar io.fsmgen.check.bench.ExplorerBenchmark [--quick]
 * </pre>
 *
 * Each model runs once to warm the JIT up on a smaller bound, then once measured. The target model of the issue (at
 * least 2 segments in flight per direction, one loss and one duplication, explored exhaustively) is marked; its
 * time is the whole run, fairness analysis included.
 */
public final class ExplorerBenchmark {

    private ExplorerBenchmark() {}

    public static void main(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        for (String arg : args) {
            if (!arg.equals("--quick")) {
                System.err.println("usage: ExplorerBenchmark [--quick]");
                System.exit(2);
            }
        }
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JVM %s, %d processors, max heap %d MiB%n", Runtime.version(),
                runtime.availableProcessors(), runtime.maxMemory() >> 20);
        TcpModelConfig base = TcpModelConfig.defaults().opening(TcpModelConfig.Opening.ANY_ORDER);
        List<TcpModelConfig> models = new ArrayList<>(List.of(
                base.network(1, true, 1, 1),
                base.network(2, true, 1, 1),
                base.network(2, true, 1, 1).aborting(true),
                base.network(2, true, 2, 1).aborting(true)));
        if (!quick) {
            models.add(base.network(3, true, 1, 1).aborting(true));
            models.add(base.network(3, true, 2, 2).aborting(true).eagerRetransmission(true));
            models.add(base.network(4, true, 2, 2).aborting(true).eagerRetransmission(true));
        }
        new Explorer().explore(TcpModel.system(base.network(2, true, 1, 0))); // warm-up
        System.out.printf(Locale.ROOT, "%-115s %12s %12s %6s %9s %9s %12s %8s %s%n", "model", "states",
                "transitions", "depth", "search s", "total s", "states/s", "B/state", "verdicts");
        for (TcpModelConfig model : models) {
            ExplorerOptions options = ExplorerOptions.defaults().withProgress(Duration.ofSeconds(10),
                    line -> System.err.println("  " + line));
            Report report = new Explorer(options).explore(TcpModel.system(model));
            String violated = report.verdicts().stream()
                    .filter(v -> v.status() == io.fsmgen.check.Verdict.Status.VIOLATED)
                    .map(v -> v.property().name())
                    .collect(java.util.stream.Collectors.joining(" "));
            System.out.printf(Locale.ROOT, "%-115s %,12d %,12d %6d %9.2f %9.2f %,12.0f %8.1f %s%s%n",
                    model.describe(), report.states(), report.transitions(), report.depth(),
                    report.search().toNanos() / 1e9, report.elapsed().toNanos() / 1e9, report.statesPerSecond(),
                    report.bytesPerState(), violated.isEmpty() ? "all hold" : "violated: " + violated,
                    report.complete() ? "" : "  INCOMPLETE: " + report.stopReason());
        }
    }
}
