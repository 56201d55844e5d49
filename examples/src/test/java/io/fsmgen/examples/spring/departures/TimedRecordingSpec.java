package io.fsmgen.examples.spring.departures;

import io.fsmgen.ManualScheduler;
import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every timer spec compared with Spring needs besides its table: a record of the calls its hooks and actions
 * make, a virtual clock its timeouts run on, so that the tests move time instead of waiting for it, and the
 * {@code expired} action that stamps a timeout's row with that clock's time. Each spec adds its states, rows and hooks.
 */
abstract class TimedRecordingSpec {

    final List<String> log = new ArrayList<>();
    final ManualScheduler clock = new ManualScheduler();

    Scheduler scheduler() {
        return clock;
    }

    /** Moves {@link #clock} to {@code millis} from the machine's start, firing the timeouts due on the way. */
    void advanceTo(long millis) {
        clock.advance(Duration.ofMillis(millis).minus(clock.now()));
    }

    /** A timeout's row: records when it fired, in ms on {@link #clock}. */
    void expired() {
        log.add("expired " + clock.now().toMillis());
    }
}
