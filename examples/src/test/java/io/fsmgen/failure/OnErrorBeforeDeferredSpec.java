package io.fsmgen.failure;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.OnEntry;
import io.fsmgen.OnError;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * P1 defers CMD; P2's entry fails; {@code @OnError} fires ERROR so that the table decides where a failure leads
 * (SAFE, which ignores CMD). The error path's ERROR runs before the deferred CMD that entering P2 released.
 */
@StateMachine(
        states = OnErrorBeforeDeferredSpec.S.class,
        events = OnErrorBeforeDeferredSpec.E.class,
        initial = "P",
        composites = @Composite(state = "P", children = {"P1", "P2"}, initial = "P1"),
        deferrals = @Defer(state = "P1", events = "CMD"),
        transitions = {
            @Transition(from = "P1", on = "NEXT", to = "P2"),
            @Transition(from = "P2", on = "CMD", action = "command"),
            @Transition(from = "P", on = "ERROR", action = "toSafety", to = "SAFE"),
            @Transition(from = "SAFE", on = {"CMD", "NEXT"}, action = "ignored"),
        })
abstract class OnErrorBeforeDeferredSpec {

    enum S { P, P1, P2, SAFE }

    enum E { CMD, NEXT, ERROR }

    final List<String> log = new ArrayList<>();

    abstract boolean fire(E event);

    @OnEntry("P2")
    void enterP2() {
        log.add("+P2");
        throw new IllegalStateException("P2 failed to start");
    }

    @OnError
    void failed() {
        log.add("onError");
        fire(E.ERROR);
    }

    void command() {
        log.add("command");
    }

    void toSafety() {
        log.add("error");
    }

    void ignored() {
        log.add("ignored");
    }
}
