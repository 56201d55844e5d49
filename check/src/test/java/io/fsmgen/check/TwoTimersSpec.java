package io.fsmgen.check;

import io.fsmgen.Composite;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/** A composite with a timeout around a child with its own: entering the child arms both at once. */
@StateMachine(
        states = TwoTimersSpec.S.class,
        events = TwoTimersSpec.E.class,
        initial = "OFF",
        name = "TwoTimersMachine",
        composites = @Composite(state = "ON", children = "WARMING", initial = "WARMING"),
        transitions = {
            @Transition(from = "OFF", on = "START", to = "ON"),
            @Transition(from = "ON", on = "GIVE_UP", to = "OFF"),
            @Transition(from = "WARMING", on = "WARM", to = "OFF"),
        })
abstract class TwoTimersSpec {

    enum S { OFF, ON, WARMING }

    enum E { START, GIVE_UP, WARM }

    private final Scheduler scheduler;

    TwoTimersSpec(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    @Timeout(state = "ON", fire = "GIVE_UP")
    Duration patience() {
        return Duration.ofSeconds(10);
    }

    @Timeout(state = "WARMING", fire = "WARM")
    Duration warmUp() {
        return Duration.ofSeconds(1);
    }
}
