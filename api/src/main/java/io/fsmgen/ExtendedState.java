package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a spec field as part of the machine's extended state: the variables beside the current state that guards
 * read and actions write (TCP's {@code passive} and {@code remoteKnown}). The generated machine then captures it in
 * {@link Capturable#encode}, {@link Capturable#snapshot()} and restores it in {@link Capturable#decode} and
 * {@link Capturable#restore(Snapshot)}, so that persistence and the explorer see the whole machine.
 *
 * <p>What can be captured, checked at compile time on the field:
 * <ul>
 *   <li>a primitive ({@code boolean}, {@code byte}, {@code short}, {@code char}, {@code int}, {@code long},
 *       {@code float}, {@code double}) or an enum (null allowed), because those have a value, not an identity; a
 *       {@code String}, a boxed number, an array or any other object is rejected (keep it out of the snapshot, or
 *       store an enum or a number instead);
 *   <li>an instance field that is neither {@code final} (restore writes it) nor {@code static} (it would be shared by
 *       every machine);
 *   <li>visible to the generated machine, a subclass in the spec's package: not {@code private}, and
 *       {@code protected} or {@code public} when declared in a superclass from another package;
 *   <li>not hidden by a field of the same name in a subclass between it and the spec.
 * </ul>
 *
 * <p>Fields may live in the spec or in any of its superclasses (a derived spec captures what its parent declared).
 * Once a spec declares one {@code @ExtendedState} field, every other mutable instance field of the spec and its
 * superclasses gets a warning ({@code FsmUncapturedField}): it would be silently left out of snapshots. Silence it on
 * a field that is deliberately not state (a statistic, a cache) with {@code @SuppressWarnings("fsmgen")}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface ExtendedState {

    /**
     * The smallest value an integral field ({@code byte}, {@code short}, {@code char}, {@code int}, {@code long})
     * may hold. With {@link #max}, it narrows the encoding to the bits the range needs (the explorer stores fewer
     * bits per state) and makes {@code restore} reject a value outside it. Default: the type's own minimum.
     */
    long min() default Long.MIN_VALUE;

    /** The largest value an integral field may hold; see {@link #min}. Default: the type's own maximum. */
    long max() default Long.MAX_VALUE;
}
