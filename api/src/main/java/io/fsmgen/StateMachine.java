package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a state machine as a transition table on an abstract or non-final class (the <em>spec</em>).
 *
 * <p>At build time the fsmgen processor checks the table and writes {@code public final class <name> extends
 * <Spec>}: a switch-based machine with no reflection and no allocation per event. A mistake in the table is a
 * compile error on the offending value, not a surprise in production.
 *
 * <p>A spec that extends another {@code @StateMachine} spec inherits its table. Its own rows are added, and a row
 * with the same (state, event, guard) as an inherited one replaces it in place. Attributes it does not set
 * ({@link #states}, {@link #events}, {@link #initial}, {@link #payload}, {@link #finalStates},
 * {@link #errorState}, ...) are inherited too; one it sets, even to its default, is its own
 * ({@code errorState = ""} takes away the parent's error state, {@code payload = Void.class} its payload).
 *
 * <p>Retention is {@code CLASS} so that a subclass compiled later can still read an inherited table.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StateMachine {

    /** The enum of states. Required unless inherited from a parent spec. */
    Class<? extends Enum<?>> states() default NotSet.class;

    /** The enum of events. Required unless inherited from a parent spec. */
    Class<? extends Enum<?>> events() default NotSet.class;

    /** The name of the state a new machine starts in. Required unless inherited. */
    String initial() default "";

    /** Simple name of the generated class, in the spec's package. Default: the spec's simple name plus "Machine". */
    String name() default "";

    /** What {@code fire} does when no row handles the event in the current state. */
    Unhandled unhandled() default Unhandled.IGNORE;

    /**
     * The transition table. Written as an array rather than as repeated annotations so that javac can point a
     * diagnostic at the exact row and value.
     */
    Transition[] transitions() default {};

    /**
     * The type of the optional payload passed with {@code fire(event, payload)}. Guards and actions may take one
     * parameter of this type. {@code Void} (the default) means the machine has no payload; set explicitly in a child
     * spec, it takes away the parent's.
     */
    Class<?> payload() default Void.class;

    /**
     * States in which the machine is allowed to end: they need no outgoing transition. A state that is not listed
     * here and has no outgoing row gets a dead-end warning.
     */
    String[] finalStates() default {};

    /**
     * The name of a no-argument spec method that returns the {@link Scheduler} used for {@link Timeout}s. Only
     * needed when the spec declares timeouts.
     */
    String scheduler() default "scheduler";

    /**
     * When true, every (state, event) pair must be decided by the table: it needs a row without a guard (its own or
     * a {@code "*"} row). An undecided pair is a compile error that names it. Use it for protocol machines, where a
     * silent default is a bug; an explicit "stay and do nothing" row documents the choice instead.
     */
    boolean complete() default false;

    /**
     * The composite states: constants of the states enum that contain others. Empty: a flat machine. A child spec
     * inherits its parent's composites and may declare more.
     */
    Composite[] composites() default {};

    /** Events that states keep for later, offered again after the next state change. */
    Defer[] deferrals() default {};

    /** How many deferred events may wait at once, from 1 to 65,536. The ring is allocated with the machine. */
    int deferLimit() default 16;

    /** What happens to an event that should be deferred when {@link #deferLimit()} events already wait. */
    DeferOverflow deferOverflow() default DeferOverflow.THROW;

    /**
     * The state the machine goes to when a guard, action, exit or entry action throws (see
     * {@link TransitionFailure}): timeouts are cancelled, the state is set and its entry actions run and timeouts
     * are armed, as on any external transition; then {@link OnError} methods run, and {@code fire} returns false
     * instead of throwing. Empty (the default): no error state; set explicitly in a child spec, it takes away the
     * parent's.
     */
    String errorState() default "";

    /**
     * How the generated machine dispatches an event: {@link Dispatch#AUTO} (the default) lets the generator choose
     * from the machine's size and shape; the generated class's Javadoc says which shape it has.
     */
    Dispatch dispatch() default Dispatch.AUTO;

    /**
     * Which diagrams are written beside the machine under {@code META-INF/fsmgen/}: {@link Diagrams#AUTO} (the
     * default) summarises very large machines. The Markdown table is always complete.
     */
    Diagrams diagrams() default Diagrams.AUTO;

    /** Placeholder for "not set here": the value is inherited from the parent spec. Never use it directly. */
    enum NotSet {}
}
