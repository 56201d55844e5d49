package io.fsmgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * A scheduler driven by a virtual clock that only moves when told to, so that tests of timeouts are exact and take
 * no wall time. Tasks run in due order, ties in scheduling order. Not thread-safe; use it from the thread that
 * drives the machine.
 */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    /** The virtual time in nanoseconds since this scheduler was created, like {@link System#nanoTime()}. */
    public long nanoTime() {
        return nowNanos;
    }

    /** The virtual time elapsed since this scheduler was created. */
    public Duration now() {
        return Duration.ofNanos(nowNanos);
    }

    /** How many tasks are scheduled and not yet run or cancelled. */
    public int pending() {
        int count = 0;
        for (Task task : queue) {
            if (!task.cancelled) {
                count++;
            }
        }
        return count;
    }

    /** The virtual time at which the next pending task falls due, if any. */
    public OptionalLong nextDueNanos() {
        purgeCancelled();
        Task head = queue.peek();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.dueNanos);
    }

    /** The delay until the next pending task, if any. */
    public Optional<Duration> nextDelay() {
        OptionalLong due = nextDueNanos();
        return due.isEmpty() ? Optional.empty() : Optional.of(Duration.ofNanos(due.getAsLong() - nowNanos));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        // A negative delay is due now, as Scheduler.of's executor takes it: a test clock that threw instead would
        // fail a deadline computed as already passed that production runs at once.
        long nanos = delay.isNegative() ? 0 : SaturatedNanos.of(delay);
        return scheduleAt(SaturatedNanos.plus(nowNanos, nanos), task);
    }

    /** Runs {@code task} at virtual time {@code dueNanos}, or at the current time if that has passed. */
    public Cancellable scheduleAt(long dueNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        Task scheduled = new Task(Math.max(dueNanos, nowNanos), sequence++, task);
        queue.add(scheduled);
        return scheduled;
    }

    /** Runs the next pending task, moving the clock to its due time. Returns false when there was none. */
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

    /**
     * Moves the clock forward by {@code duration}, running every task that falls due on the way, including tasks
     * those tasks schedule.
     *
     * @return the number of tasks run
     */
    public int advance(Duration duration) {
        return advance(duration, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #advance(Duration)}, but runs at most {@code maxTasks}, a guard against tasks that keep
     * rescheduling themselves. When the limit stops it early, the clock stays at the last task run.
     *
     * @return the number of tasks run
     */
    public int advance(Duration duration, int maxTasks) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock backwards: " + duration);
        }
        long target = SaturatedNanos.plus(nowNanos, SaturatedNanos.of(duration));
        int ran = 0;
        while (true) {
            OptionalLong next = nextDueNanos();
            if (next.isEmpty() || next.getAsLong() > target) {
                break;
            }
            if (ran >= maxTasks) {
                return ran;
            }
            runNext();
            ran++;
        }
        nowNanos = target;
        return ran;
    }

    /** Runs every pending task, moving the clock to each one's due time. Returns the due times of the tasks run. */
    public List<Duration> runAll() {
        List<Duration> dueTimes = new ArrayList<>();
        while (runNext()) {
            dueTimes.add(now());
        }
        return dueTimes;
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
