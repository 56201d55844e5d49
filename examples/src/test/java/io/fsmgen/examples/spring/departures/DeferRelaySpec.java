package io.fsmgen.examples.spring.departures;

import io.fsmgen.Defer;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A deferred event and an event sent from an action, for {@link SpringDeparturesTest}: A defers X; Y's transition
 * action sends Z on its way from A to B, where both X and Z are handled, each to a different state. fsmgen offers the
 * deferred X first (it is older), then Z; Spring Statemachine runs Z first, then X.
 */
@StateMachine(
        states = DeferRelaySpec.S.class,
        events = DeferRelaySpec.E.class,
        initial = "A",
        deferrals = @Defer(state = "A", events = "X"),
        transitions = {
            @Transition(from = "A", on = "Y", action = "relay", to = "B"),
            @Transition(from = "A", on = "Z", action = "za"),
            @Transition(from = "B", on = "X", action = "xb", to = "C"),
            @Transition(from = "B", on = "Z", action = "zb", to = "D"),
            @Transition(from = "C", on = "Z", action = "zc"),
            @Transition(from = "D", on = "X", action = "xd"),
        })
abstract class DeferRelaySpec {

    enum S { A, B, C, D }

    enum E { X, Y, Z }

    final List<String> log = new ArrayList<>();

    abstract boolean fire(E event);

    void relay() {
        log.add("relay");
        fire(E.Z);
    }

    void za() { log.add("za"); }
    void xb() { log.add("xb"); }
    void zb() { log.add("zb"); }
    void zc() { log.add("zc"); }
    void xd() { log.add("xd"); }

    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
    @OnEntry("C") void enterC() { log.add("+C"); }
    @OnEntry("D") void enterD() { log.add("+D"); }
}
