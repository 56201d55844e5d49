package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A row from a leaf to its own ancestor, for {@link SpringDeparturesTest}: B2 --UP--> P, two levels up. UML and fsmgen
 * leave B2, B and P and enter P again, down its initial child A; Spring Statemachine 4.0.2 leaves the same three and
 * enters B and B2 again, without P's entry.
 *
 * <pre>
 * P
 *   A (initial)
 *   B
 *     B1 (initial)
 *     B2
 * </pre>
 */
@StateMachine(
        states = AncestorSpec.S.class,
        events = AncestorSpec.E.class,
        initial = "P",
        composites = {
            @Composite(state = "P", children = {"A", "B"}, initial = "A"),
            @Composite(state = "B", children = {"B1", "B2"}, initial = "B1"),
        },
        transitions = {
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "B1", on = "NEXT", to = "B2"),
            @Transition(from = "B2", on = "UP", action = "up", to = "P"),
        })
abstract class AncestorSpec {

    enum S { P, A, B, B1, B2 }

    enum E { NEXT, UP }

    final List<String> log = new ArrayList<>();

    void up() {
        log.add("up");
    }

    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
    @OnEntry("B1") void enterB1() { log.add("+B1"); }
    @OnExit("B1") void exitB1() { log.add("-B1"); }
    @OnEntry("B2") void enterB2() { log.add("+B2"); }
    @OnExit("B2") void exitB2() { log.add("-B2"); }
}
