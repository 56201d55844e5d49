package io.fsmgen.processor.model;

/** A guard: a boolean spec method, possibly negated as written {@code "!name"}. */
public record GuardModel(CallModel call, boolean negated) {

    /** The guard as the user wrote it, for comments and diagrams. */
    public String text() {
        return (negated ? "!" : "") + call.method();
    }
}
