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
 * A history entry into a composite never entered before, for {@link SpringDeparturesTest}: O --H--> P's shallow
 * history. With nothing remembered, UML and fsmgen enter P's initial child A, once.
 */
@StateMachine(
        states = ResumeSpec.S.class,
        events = ResumeSpec.E.class,
        initial = "O",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A", history = History.SHALLOW),
        transitions = {
            @Transition(from = "O", on = "H", action = "h", to = "P", history = true),
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "P", on = "OUT", to = "O"),
        })
abstract class ResumeSpec {

    enum S { O, P, A, B }

    enum E { H, NEXT, OUT }

    final List<String> log = new ArrayList<>();

    void h() {
        log.add("h");
    }

    @OnEntry("O") void enterO() { log.add("+O"); }
    @OnExit("O") void exitO() { log.add("-O"); }
    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
}
