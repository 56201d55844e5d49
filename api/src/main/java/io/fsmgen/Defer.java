package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * "In these states, keep these events for later": a deferred event is stored, and offered again, in arrival order
 * and before any newer event, after the next state change. Listed in {@link StateMachine#deferrals()}.
 *
 * <p>Deferral applies to the state's descendants too. The innermost state decides: walking from the active leaf
 * outwards, the first state that has a row for the event whose guard holds handles it, and the first state that
 * defers it defers it. A state that both defers an event and has its own row for it is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Defer {

    /** The states (leaves or composites) that defer {@link #events}. */
    String[] state();

    /** The events deferred there. */
    String[] events();
}
