package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * Spring's {@code withLocal().source("P").target("P")} as fsmgen's {@code FsmLocalOutside} message says to write it,
 * for {@link SpringDeparturesTest}: a local row from P to P's initial child A, which restarts P's inside without
 * leaving P.
 */
@StateMachine(
        states = LocalRestartSpec.S.class,
        events = LocalRestartSpec.E.class,
        initial = "P",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A"),
        transitions = {
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "P", on = "RESTART", action = "restart", to = "A", kind = Transition.Kind.LOCAL),
        })
abstract class LocalRestartSpec {

    enum S { P, A, B }

    enum E { NEXT, RESTART }

    final List<String> log = new ArrayList<>();

    void restart() {
        log.add("restart");
    }

    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
}
