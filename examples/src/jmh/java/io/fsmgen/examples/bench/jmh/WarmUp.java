package io.fsmgen.examples.bench.jmh;

import io.fsmgen.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How long a fresh JVM takes to bring a sweep machine to its steady state: fires the size sweep's random walk in
 * batches of {@value #BATCH} events for {@code seconds}, then reports the steady cost (the median of the last third
 * of the batches) and the time, counted from the first event, after which no batch cost more than 1.2 times that.
 * One JVM per run (warm-up cannot be repeated inside one); run it a few times.
 *
 * <pre>
 * java -cp examples/target/benchmarks.jar io.fsmgen.examples.bench.jmh.WarmUp 500x100 10
 * </pre>
 */
public final class WarmUp {

    static final int BATCH = 20_000;

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
        List<long[]> batches = new ArrayList<>(); // {end since start, duration}
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int p = 0;
        long now = start;
        while (now < end) {
            long t0 = now;
            for (int i = 0; i < BATCH; i++) {
                machine.fire(walk[p]);
                p = (p + 1) & (walk.length - 1);
            }
            now = System.nanoTime();
            batches.add(new long[] {now - start, now - t0});
        }
        List<Long> tail = new ArrayList<>();
        for (int i = batches.size() * 2 / 3; i < batches.size(); i++) {
            tail.add(batches.get(i)[1]);
        }
        tail.sort(null);
        double steady = tail.get(tail.size() / 2) / (double) BATCH;
        long lastSlow = 0;
        for (long[] batch : batches) {
            if (batch[1] / (double) BATCH > 1.2 * steady) {
                lastSlow = batch[0];
            }
        }
        long settled = lastSlow;
        double first = batches.get(0)[1] / (double) BATCH;
        System.out.printf("%s: first %,d events %.1f ns/event; steady %.2f ns/event; no batch above 1.2x steady"
                        + " after %.3f s (%,d events); %d batches, final state %s%n", size, BATCH, first, steady,
                settled / 1e9, (long) batches.stream().filter(b -> b[0] <= settled).count() * BATCH,
                batches.size(), machine.state());
    }
}
