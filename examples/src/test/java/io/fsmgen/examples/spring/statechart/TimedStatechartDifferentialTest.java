package io.fsmgen.examples.spring.statechart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fsmgen.examples.spring.QuietLogging;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StatechartDifferentialTest} with timeouts: random hierarchical machines ({@link RandomStatechart}, timed)
 * where about a third of the states has a timeout, fsmgen's {@code @Timeout} and Spring Statemachine 4.0.2's
 * {@code timerOnce}, each with one row of its own (internal, local, external, a self-transition of a leaf or a
 * composite, or to a history; guarded or not). Both run on clocks the test moves ({@link PairedRun}), so nothing waits
 * for real time: between events the run waits, up to the first timeout due, and compares that step like an event's
 * (the active leaf, the ordered exit, action and entry calls), with the same documented rewrites.
 *
 * <p>What it checks beyond the untimed test: a timeout is armed on every entry of its state (through initial children,
 * history, self-transitions), keeps running while the machine moves inside a composite, is cancelled by every exit,
 * and fires its own row from whichever leaf is active below its state. The corners where Spring's timers part from
 * UML are left out by the generator and pinned by {@code SpringDeferTimerTest}, {@code SpringAncestorTimerTest} and
 * {@code SpringHistoryTimerTest}; each timeout fires an event of its own, which no other row handles and no state
 * defers, since Spring's timer takes only its own transition ({@code SpringTimeoutEventTest}).
 *
 * <p>Spring's timers run on Reactor's {@code Schedulers.parallel()}, which the run replaces for the whole JVM: the
 * machines are run one after the other, on one thread. {@code -Dfsmgen.timed.machines=N -Dfsmgen.timed.events=M
 * -Dfsmgen.timed.seed=S} change the scale and the seeds.
 */
class TimedStatechartDifferentialTest {

    /**
     * About 50 s on the shared 2-core host it was written on, under other builds' load (the untimed test's 500
     * machines took 213 s there in the same run); 400 machines of 400 steps agreed too, in about 3 minutes.
     */
    static final int MACHINES = Integer.getInteger("fsmgen.timed.machines", 60);
    static final int EVENTS = Integer.getInteger("fsmgen.timed.events", 300);
    static final long BASE_SEED = Long.getLong("fsmgen.timed.seed", 20_261_201_000L);
    static final int BATCH = 30;
    static final int TRACE = 12;

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a guard against a hang, far above any run's length
    void fsmgenAndSpringAgreeOnRandomTimedHierarchicalMachines() throws Exception {
        long fired = 0;
        long compared = 0;
        try (InMemoryCompiler compiler = new InMemoryCompiler()) {
            for (int from = 0; from < MACHINES; from += BATCH) {
                int to = Math.min(MACHINES, from + BATCH);
                Map<String, String> sources = new LinkedHashMap<>();
                List<RandomStatechart> charts = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    RandomStatechart chart = new RandomStatechart(BASE_SEED + i, true);
                    charts.add(chart);
                    sources.put("chart" + i + ".Chart", FsmgenSource.of("chart" + i, "Chart", chart));
                }
                ClassLoader loader = compiler.compile(sources);
                for (int i = from; i < to; i++) {
                    PairedRun.Result result = new PairedRun(i, BASE_SEED + i, charts.get(i - from), EVENTS, TRACE)
                            .run(loader);
                    if (result.difference() != null) {
                        fail(failure(result));
                    }
                    fired += result.timeoutsFired();
                    compared += result.compared();
                }
            }
        }
        System.out.printf("TimedStatechartDifferentialTest: %,d machines x %,d steps = %,d compared, %,d timeouts' rows"
                + " fired, 0 differences%n", MACHINES, EVENTS, compared, fired);
        assertEquals((long) MACHINES * EVENTS, compared);
        if (MACHINES >= 20 && fired < MACHINES) {
            fail("only " + fired + " timeouts' rows fired in " + MACHINES + " machines");
        }
    }

    /**
     * The timed machines hold every kind of timeout the comparison is meant to cover, so that a change to the
     * generator cannot quietly drop one: on leaves and on composites, guarded, and rows internal, local, external,
     * self (of a leaf and of a composite) and to a history.
     */
    @Test
    void theTimedMachinesHoldEveryKindOfTimeout() {
        int[] counts = new int[9]; // leaf, composite, guarded, internal, local, external, leaf self, composite self, H
        for (int i = 0; i < MACHINES; i++) {
            RandomStatechart chart = new RandomStatechart(BASE_SEED + i, true);
            for (RandomStatechart.Row row : chart.rows) {
                if (row.event() < RandomStatechart.EVENTS) {
                    continue;
                }
                int from = row.from();
                counts[chart.isComposite(from) ? 1 : 0]++;
                counts[2] += row.guarded() ? 1 : 0;
                counts[row.to() < 0 ? 3 : row.local() ? 4 : row.history() ? 8 : row.to() != from ? 5
                        : chart.isComposite(from) ? 7 : 6]++;
            }
        }
        if (MACHINES >= 50 && Arrays.stream(counts).anyMatch(count -> count == 0)) {
            fail("the timed machines miss a kind of timeout: leaf, composite, guarded, internal, local, external, leaf"
                    + " self, composite self, history " + Arrays.toString(counts));
        }
    }

    private static String failure(PairedRun.Result result) {
        return "machine " + result.index() + " (seed " + result.seed() + ") differs from Spring at "
                + result.difference() + "\nreproduce it alone:\n  mvn -q -B -pl api,processor,examples -am verify"
                + " -Dtest=TimedStatechartDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dfsmgen.timed.seed=" + result.seed() + " -Dfsmgen.timed.machines=1"
                + " -Dfsmgen.timed.events=" + result.compared()
                + "\nspec:\n" + FsmgenSource.of("chart" + result.index(), "Chart", new RandomStatechart(result.seed(),
                        true));
    }
}
