package io.fsmgen.failure;

import io.fsmgen.OnError;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.TransitionFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * BURST queues FIRST then SECOND; FIRST's action queues THIRD, then throws. Only THIRD was queued by the failed
 * transition: it dies with it, while SECOND, queued by BURST's, runs after the error path.
 */
@StateMachine(
        states = BurstSpec.S.class,
        events = BurstSpec.E.class,
        initial = "IDLE",
        errorState = "BROKEN",
        transitions = {
            @Transition(from = "IDLE", on = "BURST", action = "burst"),
            @Transition(from = "*", on = "FIRST", action = "first"),
            @Transition(from = "*", on = "SECOND", action = "second"),
            @Transition(from = "*", on = "THIRD", action = "third"),
        })
abstract class BurstSpec {

    enum S { IDLE, BROKEN }

    enum E { BURST, FIRST, SECOND, THIRD }

    final List<String> log = new ArrayList<>();

    abstract boolean fire(E event);

    void burst() {
        log.add("burst");
        fire(E.FIRST);
        fire(E.SECOND);
    }

    void first() {
        log.add("first");
        fire(E.THIRD);
        throw new IllegalStateException("first failed");
    }

    void second() {
        log.add("second");
    }

    void third() {
        log.add("third");
    }

    @OnError
    void failed(TransitionFailure<S, E> failure) {
        log.add("error in " + failure.method() + " on " + failure.event());
    }
}
