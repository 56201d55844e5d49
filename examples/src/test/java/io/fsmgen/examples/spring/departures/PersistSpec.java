package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot and restore against Spring's persister, for {@link SpringPersistTest}: O --IN--> P (A, then B on NEXT),
 * P --OUT--> O; O defers X, which P takes to C.
 */
@StateMachine(
        states = PersistSpec.S.class,
        events = PersistSpec.E.class,
        initial = "O",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A"),
        deferrals = @Defer(state = "O", events = "X"),
        transitions = {
            @Transition(from = "O", on = "IN", to = "P"),
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "P", on = "OUT", to = "O"),
            @Transition(from = "P", on = "X", action = "x", to = "C"),
        })
abstract class PersistSpec {

    enum S { O, P, A, B, C }

    enum E { IN, NEXT, OUT, X }

    final List<String> log = new ArrayList<>();

    void x() {
        log.add("x");
    }

    @OnEntry("O") void enterO() { log.add("+O"); }
    @OnExit("O") void exitO() { log.add("-O"); }
    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
    @OnEntry("C") void enterC() { log.add("+C"); }
}
