package io.fsmgen.examples.bench.jmh;

import io.fsmgen.Machine;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Dispatch on random walks through machines of growing size, against the limit: a plain next-state table lookup,
 * {@code state = NEXT[state * EVENTS + event]}. Each machine is a random complete table of {@code size} = states x
 * events written by {@code SweepSpecs} at build time (every cell a transition to a random state, no guard, no
 * action) and compiled by fsmgen; the lookup table is read off the generated machine itself in the setup, by firing
 * every event in every state, and both are then checked to end a whole walk in the same state.
 *
 * <p>The walk is {@value #WALK} events drawn uniformly at random (seeded), so the branch predictor cannot learn it;
 * each invocation takes the next {@value #BATCH} of them, and the score is per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SizeSweepBenchmark {

    static final int WALK = 1 << 16;
    static final int BATCH = 1024;

    @Param({"10x10", "25x15", "50x20", "100x30", "200x50", "500x100"})
    public String size;

    @SuppressWarnings("rawtypes")
    Machine machine;
    Enum<?>[] walk;
    int[] walkOrdinals;
    int[] next;
    int events;
    int tableState;
    int position;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        SweepMachine sweep = SweepMachine.create(size);
        machine = sweep.machine();
        Enum<?>[] states = sweep.states();
        Enum<?>[] eventConstants = sweep.events();
        events = eventConstants.length;
        next = sweep.nextStateTable();
        Random random = new Random(20261130L);
        walk = new Enum<?>[WALK];
        walkOrdinals = new int[WALK];
        for (int i = 0; i < WALK; i++) {
            walkOrdinals[i] = random.nextInt(events);
            walk[i] = eventConstants[walkOrdinals[i]];
        }
        // The whole walk once on each, from the start: both must end in the same state.
        for (int i = 0; i < WALK; i += BATCH) {
            generated();
        }
        for (int i = 0; i < WALK; i += BATCH) {
            table();
        }
        if (machine.state() != states[tableState]) {
            throw new AssertionError(size + ": the machine and its table parted ways on the walk");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @SuppressWarnings("unchecked")
    public Object generated() {
        int p = position;
        Enum<?>[] w = walk;
        for (int i = 0; i < BATCH; i++) {
            machine.fire(w[p + i]);
        }
        position = (p + BATCH) & (WALK - 1);
        return machine.state();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int table() {
        int p = position;
        int s = tableState;
        int[] w = walkOrdinals;
        int[] n = next;
        int e = events;
        for (int i = 0; i < BATCH; i++) {
            s = n[s * e + w[p + i]];
        }
        tableState = s;
        position = (p + BATCH) & (WALK - 1);
        return s;
    }
}
