package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a constant of the states enum is a composite state: it contains {@link #children}, one of which,
 * {@link #initial}, is entered whenever a transition enters the composite itself. Listed in
 * {@link StateMachine#composites()}.
 *
 * <p>A composite is never the current state on its own: {@code state()} is always a leaf, and the generated
 * {@code isIn(S)} is true for that leaf and every composite around it. Rows declared {@code from} a composite apply to
 * all its descendants, after their own rows; its {@code @OnEntry}, {@code @OnExit} and {@code @Timeout} work like a
 * leaf's, and its timeouts run while any descendant is active.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Composite {

    /** The composite state. */
    String state();

    /** Its direct children; at least one. Each state has at most one parent. */
    String[] children() default {};

    /** The child entered when a transition targets the composite itself. Required: must be one of {@link #children}. */
    String initial() default "";

    /** What the composite remembers for a {@link Transition#history() history} entry. */
    History history() default History.NONE;
}
