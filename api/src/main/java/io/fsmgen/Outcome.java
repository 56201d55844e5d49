package io.fsmgen;

/** What a machine did with one event, as {@link HierarchicalMachine#send} reports it. */
public enum Outcome {
    /** A row fired (internal transitions included). */
    HANDLED,
    /** The active state configuration defers the event: it waits and is offered again after the next state change. */
    DEFERRED,
    /** No row handled the event and nothing defers it (under {@link Unhandled#IGNORE}). */
    UNHANDLED,
    /** Fired from inside a guard, action or hook: queued, and processed when the current step completes. */
    QUEUED
}
