package io.fsmgen.processor.model;

/**
 * A call to a spec method from generated code: a guard, an action, an entry or exit action.
 *
 * @param method the method's simple name
 * @param argument what the method receives
 */
public record CallModel(String method, Argument argument) {

    /** The single argument a spec method may take. */
    public enum Argument {
        NONE,
        EVENT,
        PAYLOAD
    }
}
