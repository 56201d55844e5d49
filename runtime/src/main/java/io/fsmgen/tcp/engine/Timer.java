package io.fsmgen.tcp.engine;

import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * One restartable timer (retransmission, TIME-WAIT, user timeout) on a {@link Scheduler}. TCP restarts its timers
 * constantly, and a stale expiry firing after a restart is a classic bug; arming here always cancels the previous
 * expiry first, and an expiry that was cancelled never runs.
 */
public final class Timer {

    private final Scheduler scheduler;
    private final Runnable onExpiry;
    private Scheduler.Cancellable pending = Scheduler.NOTHING_SCHEDULED;
    private boolean armed;

    public Timer(Scheduler scheduler, Runnable onExpiry) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onExpiry = Objects.requireNonNull(onExpiry, "onExpiry");
    }

    /** Arms the timer to expire after {@code delay}, replacing any earlier arming. */
    public void arm(Duration delay) {
        cancel();
        armed = true;
        pending = scheduler.schedule(delay, () -> {
            armed = false;
            onExpiry.run();
        });
    }

    /** Disarms the timer; harmless if it is not armed. */
    public void cancel() {
        pending.cancel();
        pending = Scheduler.NOTHING_SCHEDULED;
        armed = false;
    }

    public boolean isArmed() {
        return armed;
    }
}
