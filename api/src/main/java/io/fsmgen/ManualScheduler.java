package io.fsmgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A scheduler driven by a virtual clock that only moves when told to, so that tests of timeouts are exact and take
 * no wall time. Not thread-safe; use it from the thread that drives the machine.
 */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

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

    /** The delay until the next pending task, if any. */
    public java.util.Optional<Duration> nextDelay() {
        purgeCancelled();
        Task head = queue.peek();
        return head == null ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(head.dueNanos - nowNanos));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        Task scheduled = new Task(nowNanos + delay.toNanos(), sequence++, task);
        queue.add(scheduled);
        return scheduled;
    }

    /**
     * Moves the clock forward by {@code duration}, running every task that falls due on the way, in due order (ties
     * in scheduling order). Tasks scheduled by those tasks run too if they fall within the window.
     *
     * @return the number of tasks run
     */
    public int advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock backwards: " + duration);
        }
        long target = nowNanos + duration.toNanos();
        int ran = 0;
        while (true) {
            purgeCancelled();
            Task head = queue.peek();
            if (head == null || head.dueNanos > target) {
                break;
            }
            queue.poll();
            nowNanos = Math.max(nowNanos, head.dueNanos);
            head.cancelled = true;
            head.action.run();
            ran++;
        }
        nowNanos = target;
        return ran;
    }

    /** Runs every pending task, moving the clock to each one's due time. Returns the tasks run. */
    public List<Duration> runAll() {
        List<Duration> dueTimes = new ArrayList<>();
        while (true) {
            purgeCancelled();
            Task head = queue.peek();
            if (head == null) {
                return dueTimes;
            }
            advance(Duration.ofNanos(head.dueNanos - nowNanos));
            dueTimes.add(now());
        }
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
