package io.fsmgen.failure;

import io.fsmgen.OnError;
import io.fsmgen.StateMachine;
import io.fsmgen.TransitionFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OrderSpec} with an {@code @OnError} handler that records each failure and raises BREAK, the way SCXML
 * raises {@code error.execution}: the table decides what a failure leads to.
 */
@StateMachine(name = "HandledOrderMachine")
abstract class HandledOrderSpec extends OrderSpec {
    final List<TransitionFailure<Stage, Step>> failures = new ArrayList<>();

    @OnError
    void failed(TransitionFailure<Stage, Step> failure) {
        failures.add(failure);
        fire(Step.BREAK);
    }
}
