package io.fsmgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsTasksInDueOrderThenSchedulingOrderAndMovesTheClock() {
        clock.schedule(Duration.ofSeconds(2), () -> ran.add("b at " + clock.now().toSeconds()));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("a at " + clock.now().toSeconds()));
        clock.schedule(Duration.ofSeconds(2), () -> ran.add("c at " + clock.now().toSeconds()));
        assertEquals(3, clock.advance(Duration.ofMillis(2500)), "tasks run");
        assertEquals(List.of("a at 1", "b at 2", "c at 2"), ran);
        assertEquals(Duration.ofMillis(2500), clock.now());
    }

    @Test
    void cancelledTasksNeverRun() {
        Scheduler.Cancellable cancelled = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("kept"));
        cancelled.cancel();
        assertEquals(1, clock.pending());
        clock.runAll();
        assertEquals(List.of("kept"), ran);
        assertEquals(OptionalLong.empty(), clock.nextDueNanos());
    }

    @Test
    void tasksScheduledByTasksRunWhenTheyFallInTheWindow() {
        clock.schedule(Duration.ofSeconds(1), () -> {
            ran.add("first");
            clock.schedule(Duration.ofSeconds(1), () -> ran.add("second"));
        });
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void boundedAdvanceStopsARunawayTaskAtTheLastTaskRun() {
        Runnable[] again = new Runnable[1];
        again[0] = () -> clock.schedule(Duration.ZERO, again[0]);
        clock.schedule(Duration.ofSeconds(1), again[0]);
        assertEquals(100, clock.advance(Duration.ofSeconds(5), 100));
        assertEquals(Duration.ofSeconds(1), clock.now(), "time stays where the limit stopped it");
        assertTrue(clock.pending() > 0);
    }

    /** As {@code Scheduler.of}'s executor takes it: a deadline already passed runs at once, not an error. */
    @Test
    void aNegativeDelayIsDueNow() {
        clock.advance(Duration.ofSeconds(10));
        clock.schedule(Duration.ofSeconds(-3), () -> ran.add("overdue at " + clock.now().toSeconds()));
        assertEquals(OptionalLong.of(clock.nanoTime()), clock.nextDueNanos());
        assertEquals(1, clock.advance(Duration.ZERO));
        assertEquals(List.of("overdue at 10"), ran);
    }

    @Test
    void rejectsGoingBackwards() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void scheduleAtInThePastRunsAtTheCurrentTime() {
        clock.advance(Duration.ofSeconds(10));
        clock.scheduleAt(0, () -> ran.add("late at " + clock.now().toSeconds()));
        assertTrue(clock.runNext());
        assertEquals(List.of("late at 10"), ran);
    }

    /**
     * A delay past what a long of nanoseconds holds (about 292 years), such as {@code Duration.ofSeconds(Long.MAX_VALUE)}
     * for "never", is due at the end of time: it neither throws nor wraps around into the past and runs at once.
     */
    @Test
    void aDelayTooLongForNanosecondsIsDueAtTheEndOfTime() {
        clock.advance(Duration.ofSeconds(1));
        clock.schedule(Duration.ofNanos(Long.MAX_VALUE), () -> ran.add("wrapped"));
        clock.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> ran.add("overflowed"));
        assertEquals(0, clock.advance(Duration.ofDays(365L * 100)));
        assertEquals(List.of(), ran);
        assertEquals(2, clock.pending());
    }

    @Test
    void advancingPastTheEndOfTimeStopsThere() {
        clock.advance(Duration.ofSeconds(1));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("due"));
        assertEquals(1, clock.advance(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, clock.nanoTime());
    }

    /** An executor takes {@code Long.MAX_VALUE} nanoseconds as "practically never"; the adapter must not overflow first. */
    @Test
    void theExecutorAdapterTakesADelayTooLongForNanoseconds() {
        java.util.concurrent.ScheduledExecutorService executor =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            Scheduler.Cancellable never = Scheduler.of(executor).schedule(Duration.ofSeconds(Long.MAX_VALUE),
                    () -> ran.add("never"));
            never.cancel();
        } finally {
            executor.shutdownNow();
        }
        assertEquals(List.of(), ran);
    }
}
