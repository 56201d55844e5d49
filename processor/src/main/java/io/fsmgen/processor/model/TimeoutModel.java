package io.fsmgen.processor.model;

import java.util.List;

/**
 * "In these states, after the duration {@code method()} returns, fire {@code event}."
 *
 * @param states ordinals of the states in which the timeout runs
 * @param event ordinal of the event fired on expiry
 */
public record TimeoutModel(String method, List<Integer> states, int event) {

    public TimeoutModel {
        states = List.copyOf(states);
    }
}
