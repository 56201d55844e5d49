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
 * Spring's initial actions written as MIGRATING-FROM-SPRING.md says, for {@link SpringDeparturesTest}: the machine's
 * ({@code initial("O", initTop)}) in the spec's constructor, which runs before the initial state's entry, and P's
 * ({@code parent("P").initial("A", initP)}) at the end of P's entry action, which runs on every entry of P.
 */
@StateMachine(
        states = InitialActionSpec.S.class,
        events = InitialActionSpec.E.class,
        initial = "O",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A", history = History.SHALLOW),
        transitions = {
            @Transition(from = "O", on = "DEFAULT", to = "P"),
            @Transition(from = "O", on = "TO_B", to = "B"),
            @Transition(from = "O", on = "RESUME", to = "P", history = true),
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "P", on = "SELF", to = "P"),
            @Transition(from = "P", on = "OUT", to = "O"),
        })
abstract class InitialActionSpec {

    enum S { O, P, A, B }

    enum E { DEFAULT, TO_B, RESUME, NEXT, SELF, OUT }

    final List<String> log = new ArrayList<>();

    InitialActionSpec() {
        log.add("initTop");
    }

    @OnEntry("P")
    void enterP() {
        log.add("+P");
        log.add("initP");
    }

    @OnEntry("O") void enterO() { log.add("+O"); }
    @OnExit("O") void exitO() { log.add("-O"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
}
