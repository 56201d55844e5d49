package io.fsmgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a spec method to run each time the machine enters one of the named states by an external transition, after
 * the transition's actions. {@code state()} already returns the new state while it runs.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnEntry {
    /** State names. */
    String[] value();
}
