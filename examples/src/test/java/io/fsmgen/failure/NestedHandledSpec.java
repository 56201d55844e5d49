package io.fsmgen.failure;

import io.fsmgen.OnError;
import io.fsmgen.StateMachine;
import io.fsmgen.TransitionFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link NestedOrderSpec} with an {@code @OnError} handler and no error state: the handler records each failure and,
 * when {@link #raise} is set, fires that event, which the table then handles after it.
 */
@StateMachine(name = "NestedHandledMachine")
abstract class NestedHandledSpec extends NestedOrderSpec {
    final List<TransitionFailure<Zone, Move>> failures = new ArrayList<>();
    /** The event the handler fires, or null. */
    Move raise;

    @OnError
    void failed(TransitionFailure<Zone, Move> failure) {
        failures.add(failure);
        if (raise != null) {
            send(raise);
        }
    }
}
