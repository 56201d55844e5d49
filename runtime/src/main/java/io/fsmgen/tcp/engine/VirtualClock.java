package io.fsmgen.tcp.engine;

import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time and the timers that run on it. Network deliveries and endpoint timers share one queue, so a
 * simulation is a single ordered list of tasks: due time first, then the order of scheduling. Nothing runs unless a
 * {@code run} or {@code advance} method is called, and every such method takes a task limit.
 *
 * <p>It implements {@link Scheduler}, so a generated machine's timeouts can run on it directly. Not thread-safe.
 */
public final class VirtualClock implements Scheduler {

    /** The task limit used by the overloads that take none: generous, but finite. */
    public static final int DEFAULT_TASK_LIMIT = 1_000_000;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowNanos;
    private long scheduled;

    /** The current virtual time in nanoseconds since the clock was created, like {@link System#nanoTime()}. */
    public long nanoTime() {
        return nowNanos;
    }

    /** The current virtual time as a duration since the clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("cannot schedule in the past: " + delay);
        }
        return scheduleAt(nowNanos + delay.toNanos(), task);
    }

    /** Runs {@code task} at virtual time {@code dueNanos}, or now if that time has passed. */
    public Cancellable scheduleAt(long dueNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        Task entry = new Task(Math.max(dueNanos, nowNanos), scheduled++, task);
        queue.add(entry);
        return entry;
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public int pendingTasks() {
        purgeCancelled();
        int count = 0;
        for (Task task : queue) {
            if (!task.cancelled) {
                count++;
            }
        }
        return count;
    }

    /** The due time of the next task, if any. */
    public OptionalLong nextDueNanos() {
        purgeCancelled();
        Task head = queue.peek();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.dueNanos);
    }

    /** Runs the next task, moving time to its due time. Returns false when there was none. */
    public boolean runNext() {
        purgeCancelled();
        Task head = queue.poll();
        if (head == null) {
            return false;
        }
        nowNanos = head.dueNanos;
        head.cancelled = true;
        head.action.run();
        return true;
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
                return new RunResult(ran, nextDueNanos().isPresent(), nowNanos);
            }
            if (!runNext()) {
                break;
            }
            ran++;
        }
        return new RunResult(ran, false, nowNanos);
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
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock backwards: " + duration);
        }
        long target = nowNanos + duration.toNanos();
        int ran = 0;
        while (true) {
            OptionalLong next = nextDueNanos();
            if (next.isEmpty() || next.getAsLong() > target) {
                break;
            }
            if (ran >= maxTasks) {
                return new RunResult(ran, true, nowNanos);
            }
            runNext();
            ran++;
        }
        nowNanos = target;
        return new RunResult(ran, false, nowNanos);
    }

    private void purgeCancelled() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }

    private static final class Task implements Cancellable, Comparable<Task> {
        final long dueNanos;
        final long order;
        final Runnable action;
        boolean cancelled;

        Task(long dueNanos, long order, Runnable action) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
