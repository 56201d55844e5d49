package io.fsmgen.examples.spring.departures;

import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * Spring choices written as MIGRATING-FROM-SPRING.md says (guarded rows from the source, in the choice's order), for
 * {@link SpringChoiceTest}. NONE stands for {@code first(S1, small).then(S2, large)} with no {@code last}, both guards false; ARMED for
 * a transition whose action {@code arm} sets the flag that the choice {@code first(S1, armed).last(S2)} reads.
 */
@StateMachine(
        states = ChoiceSpec.S.class,
        events = ChoiceSpec.E.class,
        initial = "S0",
        transitions = {
            @Transition(from = "S0", on = "NONE", guard = "small", to = "S1"),
            @Transition(from = "S0", on = "NONE", guard = "large", to = "S2"),
            @Transition(from = "S0", on = "ARMED", guard = "armed", action = "arm", to = "S1"),
            @Transition(from = "S0", on = "ARMED", action = "arm", to = "S2"),
        })
abstract class ChoiceSpec {

    enum S { S0, S1, S2 }

    enum E { NONE, ARMED }

    final List<String> log = new ArrayList<>();
    private boolean armed;

    boolean small() {
        return false;
    }

    boolean large() {
        return false;
    }

    boolean armed() {
        return armed;
    }

    void arm() {
        log.add("arm");
        armed = true;
    }

    @OnExit("S0") void exitS0() { log.add("-S0"); }
    @OnEntry("S1") void enterS1() { log.add("+S1"); }
    @OnEntry("S2") void enterS2() { log.add("+S2"); }
}
