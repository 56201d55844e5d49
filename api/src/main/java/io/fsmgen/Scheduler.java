package io.fsmgen;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a machine's {@link Timeout}s. Kept to one method so that an event loop, a virtual clock in a simulation or a
 * {@link ManualScheduler} in a test can all stand behind it.
 *
 * <p>Generated machines are single-threaded: a scheduler should run tasks on the thread that drives the machine.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code task} once, after {@code delay}, unless cancelled first. A zero or negative delay (a deadline that
     * has passed) means as soon as possible, as {@link ScheduledExecutorService#schedule} defines it; {@link #of} and
     * {@link ManualScheduler} both take it so.
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A handle to a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Prevents the task from running if it has not run yet. Idempotent. */
        void cancel();
    }

    /** A cancellable that does nothing, for tasks that will never run. */
    Cancellable NOTHING_SCHEDULED = () -> {};

    /**
     * A scheduler that never runs anything and allocates nothing, for detached machines (tests, simulations,
     * benchmarks) whose timeouts are fired as plain events instead.
     */
    static Scheduler none() {
        return (delay, task) -> NOTHING_SCHEDULED;
    }

    /**
     * Adapts an executor. Its tasks run on the executor's threads, so the machine must be confined to that executor
     * (a single-threaded one) or otherwise synchronized by the caller.
     */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return (delay, task) -> {
            ScheduledFuture<?> future = executor.schedule(task, SaturatedNanos.of(delay), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
