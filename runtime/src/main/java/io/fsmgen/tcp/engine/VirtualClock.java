package io.fsmgen.tcp.engine;

import io.fsmgen.ManualScheduler;
import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Virtual time and the timers that run on it. Network deliveries and endpoint timers share one queue, so a
 * simulation is a single ordered list of tasks: due time first, then the order of scheduling. Nothing runs unless a
 * {@code run} or {@code advance} method is called, and every such method takes a task limit.
 *
 * <p>It implements {@link Scheduler}, so a generated machine's timeouts can run on it directly. The queue itself is
 * {@link ManualScheduler}'s; this class adds the task limits and run results a simulation needs. Not thread-safe.
 */
public final class VirtualClock implements Scheduler {

    /** The task limit used by the overloads that take none: generous, but finite. */
    public static final int DEFAULT_TASK_LIMIT = 1_000_000;

    private final ManualScheduler tasks = new ManualScheduler();

    /** The current virtual time in nanoseconds since the clock was created, like {@link System#nanoTime()}. */
    public long nanoTime() {
        return tasks.nanoTime();
    }

    /** The current virtual time as a duration since the clock was created. */
    public Duration elapsed() {
        return tasks.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return tasks.schedule(delay, task);
    }

    /** Runs {@code task} at virtual time {@code dueNanos}, or now if that time has passed. */
    public Cancellable scheduleAt(long dueNanos, Runnable task) {
        return tasks.scheduleAt(dueNanos, task);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public int pendingTasks() {
        return tasks.pending();
    }

    /** The due time of the next task, if any. */
    public OptionalLong nextDueNanos() {
        return tasks.nextDueNanos();
    }

    /** Runs the next task, moving time to its due time. Returns false when there was none. */
    public boolean runNext() {
        return tasks.runNext();
    }

    /** Runs tasks until none is left or {@code maxTasks} have run. */
    public RunResult runUntilIdle(int maxTasks) {
        return runUntil(() -> false, maxTasks);
    }

    /** Runs tasks until {@code done} holds (checked before each task), none is left, or {@code maxTasks} have run. */
    public RunResult runUntil(BooleanSupplier done, int maxTasks) {
        int ran = 0;
        while (!done.getAsBoolean()) {
            if (ran >= maxTasks) {
                return new RunResult(ran, nextDueNanos().isPresent(), nanoTime());
            }
            if (!runNext()) {
                break;
            }
            ran++;
        }
        return new RunResult(ran, false, nanoTime());
    }

    /** {@link #advance(Duration, int)} with {@link #DEFAULT_TASK_LIMIT}. */
    public RunResult advance(Duration duration) {
        return advance(duration, DEFAULT_TASK_LIMIT);
    }

    /**
     * Moves time forward by {@code duration}, running every task that falls due on the way, including tasks those
     * tasks schedule. If the limit stops it early, time stays at the last task run.
     */
    public RunResult advance(Duration duration, int maxTasks) {
        long target = nanoTime() + duration.toNanos();
        int ran = tasks.advance(duration, maxTasks);
        boolean limitReached = nanoTime() < target
                && nextDueNanos().isPresent()
                && nextDueNanos().getAsLong() <= target;
        return new RunResult(ran, limitReached, nanoTime());
    }
}
