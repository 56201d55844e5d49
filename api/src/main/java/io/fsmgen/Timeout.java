package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a timeout on a spec method that returns {@link java.time.Duration}: "in {@code state}, after the returned
 * duration, fire {@code fire}".
 *
 * <p>The timeout is armed when the machine enters the state (the method is called then, so the duration may depend
 * on the spec's configuration) and cancelled when it leaves it. An internal transition leaves it running; an
 * external self-transition restarts it. Timers go through the spec's {@link Scheduler}, so tests drive them with a
 * {@link ManualScheduler}.
 *
 * <p>The method may return null: the timeout is off for this stay in the state (nothing is scheduled, and the
 * machine makes no task for it), which is how a configurable timeout is switched off.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Timeout {
    /** States in which the timeout runs. */
    String[] state();

    /** The event fired when the timeout expires. */
    String fire();
}
