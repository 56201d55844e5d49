package io.fsmgen.examples.spring.statechart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fsmgen.examples.spring.QuietLogging;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Differential test of hierarchical machines: {@value #MACHINES_DEFAULT} random machines ({@link RandomStatechart}),
 * each compiled in-process by the fsmgen processor and built with Spring Statemachine 4.0.2's builder, driven with
 * the same {@value #EVENTS_DEFAULT} random events and the same random guard values ({@link PairedRun}). After every
 * event the test compares the active leaf, the ordered exit, action and entry calls, and whether the event was
 * handled, deferred or unhandled. Most machines are also restored once, mid-run, to a snapshot taken a third of the
 * way in, fsmgen's {@code restore(Snapshot)} against Spring's {@code DefaultStateMachinePersister} ({@link PairedRun}).
 *
 * <p>Where Spring departs from UML, either the generator avoids the corner (listed in {@link RandomStatechart}), or
 * the comparison rewrites exactly one documented pattern and counts it, never ignoring a call:
 * <ul>
 *   <li>{@link SpringActionOrder}: Spring runs a transition's actions before the exits
 *       (spring-attic/spring-statemachine#960), and a local transition to a composite child neither enters nor exits
 *       that child. Applied to every such row.
 *   <li>{@link SpringEntryDeviations}: Spring's submachines add initial children's entries on a history entry, and
 *       enter nothing below a composite whose submachine such a surplus entry left running. Predicted call by call
 *       from the history's memory and the submachines left running, so that Spring's record must equal the
 *       prediction; counted per step and per call, and printed.
 *   <li>Spring answers {@code ACCEPTED} when a transition's trigger matched but every guard said no; fsmgen calls that
 *       unhandled. Every generated row records an action, so Spring's {@code ACCEPTED} counts as handled exactly when
 *       its record holds an action call, and as unhandled otherwise.
 * </ul>
 *
 * <p>Machines are independent and seeded one by one ({@code seed = base + index}), so the test runs them on every
 * core: each worker thread takes the next batch of {@value #BATCH} machines, compiles it in one javac task with its own
 * {@link InMemoryCompiler}, and drives them. Results do not depend on the threads: every machine below the first
 * differing one is run, and the failure names the lowest differing machine, its seed and a command that reproduces it
 * alone.
 *
 * <p>{@code -Dfsmgen.statechart.machines=N -Dfsmgen.statechart.events=M -Dfsmgen.statechart.seed=S} change the scale
 * and the seeds, {@code -Dfsmgen.statechart.threads=T} the workers.
 */
class StatechartDifferentialTest {

    static final int MACHINES_DEFAULT = 500;
    /**
     * Events per machine in {@code mvn verify}: the most that fits about a minute on a quiet 2-core host. Spring takes
     * about 230 µs of CPU per event on these machines (its submachines each run their own reactive executor) and
     * compiling the 500 machines about 45 s of CPU, so the 500 × 2,000 needs about 275 s of CPU, more than two
     * minutes on two cores: it is {@code -Dfsmgen.statechart.events=2000} (BENCHMARKS.md has the command and a run).
     */
    static final int EVENTS_DEFAULT = 600;
    static final long BASE_SEED_DEFAULT = 20_261_130_000L;
    static final int MACHINES = Integer.getInteger("fsmgen.statechart.machines", MACHINES_DEFAULT);
    static final int EVENTS = Integer.getInteger("fsmgen.statechart.events", EVENTS_DEFAULT);
    static final long BASE_SEED = Long.getLong("fsmgen.statechart.seed", BASE_SEED_DEFAULT);
    static final int THREADS = Integer.getInteger("fsmgen.statechart.threads",
            Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** Machines per javac task: large enough to amortise javac's start, small enough to balance the threads. */
    static final int BATCH = 50;
    /** How many steps before a difference the failure message shows ({@code -Dfsmgen.statechart.trace=N}). */
    static final int TRACE = Integer.getInteger("fsmgen.statechart.trace", 12);

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a guard against a hang, far above any run's length
    void fsmgenAndSpringAgreeOnRandomHierarchicalMachines() throws Exception {
        long start = System.nanoTime();
        PairedRun.Result[] results = new PairedRun.Result[MACHINES];
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicInteger firstDifference = new AtomicInteger(Integer.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    work(nextBatch, firstDifference, results);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (firstDifference.get() != Integer.MAX_VALUE) {
            fail(failure(results[firstDifference.get()]));
        }
        long compared = 0;
        long deferred = 0;
        long unhandled = 0;
        long rewritten = 0;
        long surplus = 0;
        long missing = 0;
        long restored = 0;
        for (PairedRun.Result result : results) {
            restored += result.restored() ? 1 : 0;
            compared += result.compared();
            deferred += result.deferred();
            unhandled += result.unhandled();
            rewritten += result.stepsRewritten();
            surplus += result.surplusEntries();
            missing += result.missingEntries();
        }
        System.out.printf("StatechartDifferentialTest: %,d machines x %,d events = %,d events compared, %,d deferred,"
                        + " %,d unhandled, 0 differences; %,d steps matched after Spring's documented entry"
                        + " deviations, each predicted exactly (%,d surplus initial entries on history entries,"
                        + " %,d entries missing below a composite whose submachine a surplus entry left running);"
                        + " %,d machines restored mid-run to a snapshot taken earlier (fsmgen's restore, Spring's"
                        + " persister); %,d ms on %d threads%n", MACHINES, EVENTS, compared, deferred, unhandled,
                rewritten, surplus, missing, restored, millis, THREADS);
        assertEquals((long) MACHINES * EVENTS, compared);
    }

    /**
     * The machines the run draws hold every ingredient the comparison is meant to cover, so that a change to the
     * generator cannot quietly drop one: four levels, several composites, shallow and deep history, deferral, guards,
     * internal (on leaves and on composites), local, external, composite self-, history and {@code "*"} rows, and rows
     * that write the extended state and rows whose guard reads it.
     */
    @Test
    void theMachinesHoldEveryIngredient() {
        int fourLevels = 0;
        int severalComposites = 0;
        int shallow = 0;
        int deep = 0;
        int deferring = 0;
        int[] rows = new int[10]; // internal, local, external, composite self, history, "*", guarded,
                                  // writing extended state, guarded by the guard that reads it, internal on a composite
        for (int i = 0; i < MACHINES; i++) {
            RandomStatechart chart = new RandomStatechart(BASE_SEED + i);
            int composites = 0;
            for (int s = 0; s < chart.states; s++) {
                composites += chart.isComposite(s) ? 1 : 0;
                shallow += chart.history[s] == io.fsmgen.History.SHALLOW ? 1 : 0;
                deep += chart.history[s] == io.fsmgen.History.DEEP ? 1 : 0;
                deferring += chart.defersE5[s] ? 1 : 0;
                int depth = 1;
                for (int at = chart.parent[s]; at >= 0; at = chart.parent[at]) {
                    depth++;
                }
                fourLevels += depth == 4 ? 1 : 0;
            }
            severalComposites += composites >= 2 ? 1 : 0;
            for (RandomStatechart.Row row : chart.rows) {
                int kind = row.from() < 0 ? 5 : row.to() < 0 ? 0 : row.local() ? 1 : row.history() ? 4
                        : row.to() == row.from() ? 3 : 2;
                rows[kind]++;
                rows[6] += row.guarded() ? 1 : 0;
                rows[7] += chart.writes[row.id()] ? 1 : 0;
                rows[8] += row.guard() == RandomStatechart.COUNTER_GUARD ? 1 : 0;
                rows[9] += row.from() >= 0 && row.to() < 0 && chart.isComposite(row.from()) ? 1 : 0;
            }
        }
        String counts = "states four levels deep " + fourLevels + ", machines with several composites "
                + severalComposites + ", shallow " + shallow + ", deep " + deep + ", deferring " + deferring
                + ", rows internal/local/external/composite-self/history/*/guarded/writing/reading"
                + "/internal-on-composite "
                + java.util.Arrays.toString(rows);
        boolean all = fourLevels > 0 && severalComposites >= MACHINES * 9 / 10 && shallow > 0 && deep > 0
                && deferring > 0 && java.util.Arrays.stream(rows).allMatch(count -> count > 0);
        if (MACHINES >= 50 && !all) {
            fail("the generated machines miss an ingredient: " + counts);
        }
    }

    /** One worker: takes batches until none is left, or none can hold a machine below the first difference. */
    private static void work(AtomicInteger nextBatch, AtomicInteger firstDifference, PairedRun.Result[] results)
            throws Exception {
        try (InMemoryCompiler compiler = new InMemoryCompiler()) {
            for (int from = nextBatch.getAndIncrement() * BATCH; from < MACHINES && from < firstDifference.get();
                    from = nextBatch.getAndIncrement() * BATCH) {
                int to = Math.min(MACHINES, from + BATCH);
                Map<String, String> sources = new LinkedHashMap<>();
                List<RandomStatechart> charts = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    RandomStatechart chart = new RandomStatechart(BASE_SEED + i);
                    charts.add(chart);
                    sources.put("chart" + i + ".Chart", FsmgenSource.of("chart" + i, "Chart", chart));
                }
                ClassLoader loader = compiler.compile(sources);
                for (int i = from; i < to && i < firstDifference.get(); i++) {
                    PairedRun.Result result = new PairedRun(i, BASE_SEED + i, charts.get(i - from), EVENTS, TRACE)
                            .run(loader);
                    results[i] = result;
                    if (result.difference() != null) {
                        firstDifference.accumulateAndGet(i, Math::min);
                    }
                }
            }
        }
    }

    private static String failure(PairedRun.Result result) {
        return "machine " + result.index() + " (seed " + result.seed() + ") differs from Spring at " + result.difference()
                + "\nreproduce it alone:\n  mvn -q -B -pl api,processor,examples -am verify"
                + " -Dtest=StatechartDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dfsmgen.statechart.seed=" + result.seed() + " -Dfsmgen.statechart.machines=1"
                // The run's own length, not the step that differed: the snapshot and the restore fall at a third and
                // at two thirds of it, so a shorter run restores elsewhere and may not differ at all.
                + " -Dfsmgen.statechart.events=" + EVENTS
                + "\nspec:\n" + FsmgenSource.of("chart" + result.index(), "Chart", new RandomStatechart(result.seed()));
    }
}
