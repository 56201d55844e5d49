package io.fsmgen.processor.model;

import java.util.List;

/**
 * "In these states, after the duration {@code method()} returns, fire {@code event}."
 *
 * @param states ordinals of the states in which the timeout runs
 * @param event ordinal of the event fired on expiry
 * @param isStatic whether the duration method is static
 */
public record TimeoutModel(String method, List<Integer> states, int event, boolean isStatic) {

    public TimeoutModel {
        states = List.copyOf(states);
    }
}
