package io.fsmgen.examples.bench.jmh;

import io.fsmgen.Machine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How long a fresh JVM takes to bring a sweep machine to its steady state: fires the size sweep's random walk in
 * batches of {@value #BATCH} events for {@code seconds}, then reports the steady cost (the median of the last third
 * of the batches), the median cost in successive time bins (wall clock since the first event: 0-50 ms, 50-100 ms, 100-250 ms, ...,
 * 5-10 s), and the settling time: the start of the first bin from which every bin's median is within 1.2 times the
 * steady cost. A batch's cost is the firing thread's CPU time, not the wall clock, and bins' medians rather than
 * single batches are compared: on a shared machine another process often preempts the thread for milliseconds,
 * which must not pass for a JIT that has not finished. One JVM per run (warm-up cannot be
 * repeated inside one); run it a few times.
 *
 * <pre>
 * java -cp examples/target/benchmarks.jar io.fsmgen.examples.bench.jmh.WarmUp 500x100 10
 * </pre>
 */
public final class WarmUp {

    static final int BATCH = 20_000;
    static final double[] BINS = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60};

    private WarmUp() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws ReflectiveOperationException {
        String size = args.length > 0 ? args[0] : "500x100";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        SweepMachine sweep = SweepMachine.create(size);
        Machine machine = sweep.machine();
        Enum<?>[] events = sweep.events();
        Random random = new Random(20261130L);
        Enum<?>[] walk = new Enum<?>[1 << 16];
        for (int i = 0; i < walk.length; i++) {
            walk[i] = events[random.nextInt(events.length)];
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<long[]> batches = new ArrayList<>(); // {its start since the first event (wall), duration (thread CPU)}
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int p = 0;
        long now = start;
        long cpu = threads.getCurrentThreadCpuTime();
        while (now < end) {
            long t0 = now;
            long cpu0 = cpu;
            for (int i = 0; i < BATCH; i++) {
                machine.fire(walk[p]);
                p = (p + 1) & (walk.length - 1);
            }
            cpu = threads.getCurrentThreadCpuTime();
            now = System.nanoTime();
            batches.add(new long[] {t0 - start, cpu - cpu0});
        }
        double steady = median(batches, batches.size() * 2 / 3, batches.size()) / BATCH;
        double first = batches.get(0)[1] / (double) BATCH;
        StringBuilder bins = new StringBuilder();
        double settled = -1; // the start of the first bin from which every bin's median is within 1.2x steady
        int from = 0;
        double lower = 0;
        for (double bin : BINS) {
            int to = from;
            while (to < batches.size() && batches.get(to)[0] < bin * 1e9) {
                to++;
            }
            if (to > from) {
                double cost = median(batches, from, to) / BATCH;
                bins.append(String.format("  %s-%s s: %.1f", trim(lower), trim(bin), cost));
                if (cost > 1.2 * steady) {
                    settled = -1;
                } else if (settled < 0) {
                    settled = lower;
                }
            }
            from = to;
            lower = bin;
        }
        System.out.printf("%s: first %,d events %.1f ns/event; steady %.2f ns/event; every time bin's median within"
                        + " 1.2x steady from %s s on; %d batches of %,d events, final state %s%n"
                        + "  median ns/event (thread CPU) by the batch's start, wall-clock time since the first event:%s%n",
                size, BATCH, first, steady, settled < 0 ? "(never)" : trim(settled), batches.size(), BATCH,
                machine.state(), bins);
    }

    /** The median duration of batches {@code [from, to)}. */
    private static double median(List<long[]> batches, int from, int to) {
        long[] durations = new long[to - from];
        for (int i = from; i < to; i++) {
            durations[i - from] = batches.get(i)[1];
        }
        java.util.Arrays.sort(durations);
        return durations[durations.length / 2];
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
