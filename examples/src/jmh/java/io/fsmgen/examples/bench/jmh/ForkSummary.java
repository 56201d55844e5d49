package io.fsmgen.examples.bench.jmh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/**
 * What JMH's own summary leaves out, printed after it: every fork's mean, how far the forks spread around their
 * median (a fork more than 10 % away is flagged), how many forks changed speed between their own iterations, and,
 * within one benchmark class and one set of parameters, each score as a ratio to the class's reference ({@code table}
 * or {@code handWritten}) and to {@code generated}: ratios from one run, where the machine's load fell on both.
 *
 * <p>The count of forks that changed speed helps tell causes of spread apart. A fork that runs at one speed throughout
 * and differs from the others was compiled differently, or placed differently in memory. A fork whose own iterations
 * differ by more than 30 % ({@link #SHIFT}) changed speed while running: if {@code -XX:+LogCompilation} shows
 * nothing of the benchmark recompiled in between, the same machine code ran at two speeds, and the cause is the host.
 */
final class ForkSummary {

    /** Forks further than this from their median are flagged. */
    static final double SPREAD = 0.10;

    /** A fork whose iterations lie further than this from the fork's own median changed speed inside. */
    static final double SHIFT = 0.30;

    private ForkSummary() {}

    static void print(Collection<RunResult> results, PrintStream out) {
        if (results.isEmpty()) {
            return;
        }
        out.println();
        out.println("# Per-fork means (score unit per fork; spread = largest distance of a fork from the median)");
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            List<Double> forks = new ArrayList<>();
            int shifted = 0;
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                forks.add(fork.getPrimaryResult().getScore());
                if (changedSpeed(fork)) {
                    shifted++;
                }
            }
            double median = median(forks);
            double spread = spread(forks, median);
            String name = name(params);
            scores.put(name, result.getPrimaryResult().getScore());
            StringBuilder line = new StringBuilder(String.format("%-60s %s", name, result.getPrimaryResult()
                    .getScoreUnit()));
            for (double fork : forks) {
                line.append(String.format(" %8.2f", fork));
            }
            line.append(String.format("   median %.2f, spread %.0f %%, %d of %d forks changed speed inside%s",
                    median, spread * 100, shifted, forks.size(),
                    spread > SPREAD ? "  <-- forks differ by more than 10 %" : ""));
            out.println(line);
        }
        out.println();
        out.println("# Ratios in this run (mean over forks / the reference's mean)");
        for (Map.Entry<String, Double> entry : scores.entrySet()) {
            String name = entry.getKey();
            StringBuilder line = new StringBuilder();
            for (String reference : List.of("table", "handWritten", "generated")) {
                Double base = scores.get(sibling(name, reference));
                if (base != null && !sibling(name, reference).equals(name)) {
                    line.append(String.format("  %.2fx %s", entry.getValue() / base, reference));
                }
            }
            if (line.length() > 0) {
                out.printf("%-60s%s%n", name, line);
            }
        }
    }

    /** Whether one of the fork's measurement iterations lies further than {@link #SHIFT} from their median. */
    private static boolean changedSpeed(BenchmarkResult fork) {
        List<Double> iterations = new ArrayList<>();
        for (IterationResult iteration : fork.getIterationResults()) {
            iterations.add(iteration.getPrimaryResult().getScore());
        }
        return !iterations.isEmpty() && spread(iterations, median(iterations)) > SHIFT;
    }

    /** The largest distance of a value from {@code median}, as a fraction of it. */
    private static double spread(List<Double> values, double median) {
        double spread = 0;
        for (double value : values) {
            spread = Math.max(spread, Math.abs(value / median - 1));
        }
        return spread;
    }

    /** {@code Class.method [param=value, ...]}. */
    private static String name(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        List<String> values = new ArrayList<>();
        for (String key : params.getParamsKeys()) {
            values.add(key + "=" + params.getParam(key));
        }
        return values.isEmpty() ? shortName : shortName + " " + values;
    }

    /** The same class and parameters, another method. */
    private static String sibling(String name, String method) {
        int dot = name.indexOf('.');
        int space = name.indexOf(' ');
        return name.substring(0, dot + 1) + method + (space < 0 ? "" : name.substring(space));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
