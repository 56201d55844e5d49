package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    @Test
    void runsTasksByDueTimeThenBySchedulingOrder() {
        VirtualClock clock = new VirtualClock();
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofMillis(20), () -> ran.add("b@20"));
        clock.schedule(Duration.ofMillis(10), () -> ran.add("a@10"));
        clock.schedule(Duration.ofMillis(20), () -> ran.add("c@20"));
        clock.schedule(Duration.ZERO, () -> ran.add("now"));
        RunResult result = clock.runUntilIdle(100);
        assertEquals(List.of("now", "a@10", "b@20", "c@20"), ran);
        assertEquals(new RunResult(4, false, 20_000_000), result);
    }

    @Test
    void cancelledTasksDoNotRun() {
        VirtualClock clock = new VirtualClock();
        List<String> ran = new ArrayList<>();
        Scheduler.Cancellable timer = clock.schedule(Duration.ofSeconds(1), () -> ran.add("timer"));
        clock.schedule(Duration.ofSeconds(2), () -> ran.add("other"));
        assertEquals(2, clock.pendingTasks());
        timer.cancel();
        timer.cancel();
        assertEquals(1, clock.pendingTasks());
        clock.runUntilIdle(10);
        assertEquals(List.of("other"), ran);
    }

    @Test
    void advanceRunsWhatFallsDueIncludingTasksScheduledOnTheWay() {
        VirtualClock clock = new VirtualClock();
        List<Long> ranAt = new ArrayList<>();
        clock.schedule(Duration.ofMillis(100), () -> {
            ranAt.add(clock.nanoTime());
            clock.schedule(Duration.ofMillis(100), () -> ranAt.add(clock.nanoTime()));
            clock.schedule(Duration.ofMillis(500), () -> ranAt.add(clock.nanoTime()));
        });
        RunResult result = clock.advance(Duration.ofMillis(250));
        assertEquals(List.of(100_000_000L, 200_000_000L), ranAt);
        assertEquals(Duration.ofMillis(250), clock.elapsed());
        assertEquals(2, result.tasksRun());
        assertEquals(1, clock.pendingTasks());
        assertEquals(600_000_000L, clock.nextDueNanos().getAsLong());
    }

    @Test
    void aTaskThatReschedulesItselfForeverIsStoppedByTheLimit() {
        VirtualClock clock = new VirtualClock();
        Runnable[] forever = new Runnable[1];
        forever[0] = () -> clock.schedule(Duration.ofMillis(1), forever[0]);
        clock.schedule(Duration.ZERO, forever[0]);
        RunResult idle = clock.runUntilIdle(1000);
        assertTrue(idle.limitReached());
        assertEquals(1000, idle.tasksRun());
        assertEquals(999_000_000L, idle.nowNanos());
        RunResult advanced = clock.advance(Duration.ofHours(1), 50);
        assertTrue(advanced.limitReached());
        assertEquals(Duration.ofMillis(1049), clock.elapsed(), "time stays at the last task run");
    }

    @Test
    void runUntilStopsWhenTheConditionHolds() {
        VirtualClock clock = new VirtualClock();
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            clock.schedule(Duration.ofSeconds(i), () -> ran.add(n));
        }
        RunResult result = clock.runUntil(() -> ran.size() == 3, 100);
        assertFalse(result.limitReached());
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(2, clock.pendingTasks());
    }

    @Test
    void refusesToGoBackwards() {
        VirtualClock clock = new VirtualClock();
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
        clock.advance(Duration.ofSeconds(5));
        List<Long> ranAt = new ArrayList<>();
        clock.scheduleAt(1, () -> ranAt.add(clock.nanoTime()));
        clock.runNext();
        assertEquals(List.of(5_000_000_000L), ranAt, "a past due time runs now");
        clock.schedule(Duration.ofMillis(-1), () -> ranAt.add(clock.nanoTime()));
        clock.runNext();
        assertEquals(List.of(5_000_000_000L, 5_000_000_000L), ranAt, "a negative delay is due now, as Scheduler.of has it");
    }
}
