package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.History;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A history that changes between a save and a restore, for {@link SpringPersistTest}: O --IN--> P (A, then B on
 * NEXT), P --OUT--> O, and O --RESUME--> P through its deep history.
 */
@StateMachine(
        states = HistoryPersistSpec.S.class,
        events = HistoryPersistSpec.E.class,
        initial = "O",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A", history = History.DEEP),
        transitions = {
            @Transition(from = "O", on = "IN", to = "P"),
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "P", on = "OUT", to = "O"),
            @Transition(from = "O", on = "RESUME", to = "P", history = true),
        })
abstract class HistoryPersistSpec {

    enum S { O, P, A, B }

    enum E { IN, NEXT, OUT, RESUME }

    final List<String> log = new ArrayList<>();

    @OnEntry("O") void enterO() { log.add("+O"); }
    @OnExit("O") void exitO() { log.add("-O"); }
    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
}
