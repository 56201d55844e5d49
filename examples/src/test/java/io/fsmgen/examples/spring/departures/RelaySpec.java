package io.fsmgen.examples.spring.departures;

import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * Events sent from inside actions, for {@link SpringDeparturesTest}: X's transition action sends Y, and so does B's
 * entry action when Z entered it; only B handles Y. fsmgen queues Y and runs it once X's or Z's transition is done, in
 * B; Spring Statemachine decides at the moment Y is sent, in the state then current.
 */
@StateMachine(
        states = RelaySpec.S.class,
        events = RelaySpec.E.class,
        initial = "A",
        transitions = {
            @Transition(from = "A", on = "X", action = "relay", to = "B"),
            @Transition(from = "A", on = "Z", to = "B"),
            @Transition(from = "B", on = "Y", action = "y", to = "C"),
        })
abstract class RelaySpec {

    enum S { A, B, C }

    enum E { X, Y, Z }

    final List<String> log = new ArrayList<>();

    abstract boolean fire(E event);

    void relay() {
        log.add("relay");
        fire(E.Y);
    }

    void y() {
        log.add("y");
    }

    @OnEntry("B")
    void enterB(E event) {
        log.add("+B");
        if (event == E.Z) {
            fire(E.Y);
        }
    }

    @OnExit("A")
    void exitA() {
        log.add("-A");
    }

    @OnExit("B")
    void exitB() {
        log.add("-B");
    }

    @OnEntry("C")
    void enterC() {
        log.add("+C");
    }
}
