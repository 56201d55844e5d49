package io.fsmgen.examples.spring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's parallel scheduler replaced by a clock the test moves, so that Spring's timers tick when the test says and
 * on the test's thread, not after real milliseconds on {@code parallel-N}: installed with {@link #install()}, removed
 * with {@link #close()}. Only the delayed and periodic tasks a timer needs are supported; an immediate task runs at
 * once.
 */
public final class ManualReactorClock implements Scheduler, AutoCloseable {

    /** A delayed task, repeated every {@code period} ms when that is positive. */
    private final class Task implements Disposable {
        final Runnable run;
        final long period;
        long due;
        boolean disposed;

        Task(Runnable run, long due, long period) {
            this.run = run;
            this.due = due;
            this.period = period;
        }

        @Override
        public void dispose() {
            disposed = true;
            tasks.remove(this);
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    /** A clock at 0 ms that Reactor's {@code Schedulers.parallel()} now answers with. */
    public static ManualReactorClock install() {
        ManualReactorClock clock = new ManualReactorClock();
        Schedulers.setFactory(new Schedulers.Factory() {
            @Override
            public Scheduler newParallel(int parallelism, ThreadFactory threadFactory) {
                return clock;
            }
        });
        return clock;
    }

    /** Moves the clock to {@code millis}, running every task that falls due on the way, in the order they do. */
    public void advanceTo(long millis) {
        while (true) {
            Task next = tasks.stream().filter(task -> task.due <= millis).min(Comparator.comparingLong(t -> t.due))
                    .orElse(null);
            if (next == null) {
                now = millis;
                return;
            }
            now = next.due;
            if (next.period > 0) {
                next.due += next.period;
            } else {
                next.dispose();
            }
            next.run.run();
        }
    }

    @Override
    public void close() {
        Schedulers.resetFactory();
    }

    @Override
    public Disposable schedule(Runnable task) {
        task.run();
        return Disposables.disposed();
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Task scheduled = new Task(task, now + unit.toMillis(delay), 0);
        tasks.add(scheduled);
        return scheduled;
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        Task scheduled = new Task(task, now + unit.toMillis(initialDelay), unit.toMillis(period));
        tasks.add(scheduled);
        return scheduled;
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(now, TimeUnit.MILLISECONDS);
    }

    @Override
    public Worker createWorker() {
        ManualReactorClock clock = this;
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return clock.schedule(task);
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                return clock.schedule(task, delay, unit);
            }

            @Override
            public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return clock.schedulePeriodically(task, initialDelay, period, unit);
            }

            @Override
            public void dispose() {}
        };
    }
}
