package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One row of a {@link StateMachine} table: in state {@code from}, on event {@code on}, if {@code guard} holds, run
 * {@code action} and go to {@code to}.
 *
 * <p>Rows for the same (state, event) are tried in declaration order; the first whose guard holds fires. A row
 * without a guard is the fallback and must come last. A row naming a state explicitly is tried before {@code "*"}
 * rows for the same event; the {@code "*"} rows are the fallback when no explicit row fires.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Transition {

    /** Wildcard for {@link #from}: every state. */
    String ANY = "*";

    /** Source states; {@code "*"} means every state. Must not be empty. */
    String[] from();

    /** Events that trigger this row. Several events share the row's guard, actions and target. */
    String[] on();

    /**
     * Name of a boolean method of the spec; {@code "!name"} negates it. Empty: no guard (the fallback row). The
     * method takes no parameter, the event, or the payload.
     */
    String guard() default "";

    /** Spec methods run in order when the row fires; each takes no parameter, the event, or the payload. */
    String[] action() default {};

    /**
     * Target state. Omitted: an internal transition (no exit or entry actions, timeouts keep running). Equal to the
     * source: an external self-transition (exit and entry actions run, timeouts restart).
     */
    String to() default "";

    /**
     * {@link Kind#LOCAL}: when the source is a composite and {@code to} is inside it, the source is not exited and
     * re-entered (SCXML's {@code type="internal"}, Spring's {@code withLocal}). Only valid with such a target.
     */
    Kind kind() default Kind.EXTERNAL;

    /**
     * Enter the target composite through its history: resume the child (shallow) or leaf (deep) it last had, or its
     * initial child when it has none yet. The target must be a composite declared with a {@link History}.
     */
    boolean history() default false;

    /** How a transition to a state inside its source treats the source. */
    enum Kind {
        /** The source is exited and re-entered (UML's default). */
        EXTERNAL,
        /** The source stays active: only the states inside it are exited and entered. */
        LOCAL
    }
}
