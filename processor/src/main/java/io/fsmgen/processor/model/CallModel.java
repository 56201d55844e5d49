package io.fsmgen.processor.model;

/**
 * A call to a spec method from generated code: a guard, an action, an entry or exit action, an error handler.
 *
 * @param method the method's simple name
 * @param argument what the method receives
 * @param isStatic whether the method is static (a call to a method named {@code yield} must then name the class)
 */
public record CallModel(String method, Argument argument, boolean isStatic) {

    /** The single argument a spec method may take. */
    public enum Argument {
        NONE,
        EVENT,
        PAYLOAD,
        /** The {@code io.fsmgen.TransitionFailure}, for {@code @OnError} methods. */
        FAILURE
    }
}
