package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a spec method that handles failures: it runs when a guard, action, exit or entry action throws, after the
 * machine has been put in a consistent state (see {@link TransitionFailure}), and instead of {@code fire} throwing a
 * {@link TransitionException}. It takes no parameter or one {@link TransitionFailure}; it may fire events, which run
 * after it returns (the way SCXML raises {@code error.execution}). A failure inside the handler itself propagates.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnError {}
