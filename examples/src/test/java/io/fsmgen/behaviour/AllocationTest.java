package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.TransitionListener;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The promise "0 bytes allocated per fire()", checked with the JVM's per-thread allocation counter. The JMH
 * benchmarks measure the same with {@code -prof gc}; this test keeps a regression from reaching a release.
 */
class AllocationTest {

    private static final Switch[] LIFE = {
        Switch.FLIP, Switch.TICK, Switch.KICK, Switch.TICK, Switch.FLIP, Switch.TICK, Switch.SELF, Switch.REPAIR
    };

    @Test
    void fireAllocatesNothingWithoutListeners() {
        CountingSpecMachine machine = new CountingSpecMachine();
        assertEquals(0, allocatedBytesPerEvent(machine), "bytes allocated per event");
    }

    @Test
    void fireAllocatesNothingWithAListener() {
        CountingSpecMachine machine = new CountingSpecMachine();
        long[] heard = new long[1];
        machine.addListener(TransitionListener.of((from, event, to) -> heard[0]++));
        assertEquals(0, allocatedBytesPerEvent(machine), "bytes allocated per event");
        assertEquals(true, heard[0] > 0);
    }

    private static double allocatedBytesPerEvent(CountingSpecMachine machine) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        drive(machine, 20_000); // warm up: class loading and the queue's first growth happen here
        long rounds = 200_000;
        long before = threads.getThreadAllocatedBytes(thread);
        drive(machine, rounds);
        long after = threads.getThreadAllocatedBytes(thread);
        // The counter itself may allocate a few bytes; anything per event would show as millions.
        long allocated = after - before;
        return allocated < 1024 ? 0 : (double) allocated / (rounds * LIFE.length);
    }

    private static void drive(CountingSpecMachine machine, long rounds) {
        for (long i = 0; i < rounds; i++) {
            for (Switch event : LIFE) {
                machine.fire(event);
            }
        }
    }
}
