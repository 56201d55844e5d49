package io.fsmgen.behaviour;

import io.fsmgen.ManualScheduler;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;
import java.time.Duration;

/**
 * Exercises ordering (exit, actions, entry), internal versus self transitions, run-to-completion, timeouts and the
 * THROW policy on one small machine.
 */
@SuppressWarnings("fsmgen") // shares its event enum with the other test specs
@StateMachine(
        states = Light.class,
        events = Switch.class,
        initial = "OFF",
        unhandled = Unhandled.THROW,
        transitions = {
            @Transition(from = "OFF", on = "FLIP", action = "switching", to = "ON"),
            @Transition(from = "ON", on = "FLIP", action = "switching", to = "OFF"),
            @Transition(from = "ON", on = "TICK", action = "ticked"),
            @Transition(from = "ON", on = "SELF", action = "again", to = "ON"),
            @Transition(from = "ON", on = "CHAIN", action = {"chainFirst", "chainSecond"}),
            @Transition(from = "ON", on = "TIMEOUT", action = "timedOut", to = "BROKEN"),
            @Transition(from = "BROKEN", on = "REPAIR", to = "OFF"),
            @Transition(from = "OFF", on = "KICK", action = "kickThenFlip"),
        })
abstract class LifecycleSpec extends Recorder {
    private final Scheduler scheduler;
    Duration onTimeout = Duration.ofSeconds(30);
    int timeoutLookups;

    LifecycleSpec(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    LifecycleSpec() {
        this(new ManualScheduler());
    }

    Scheduler scheduler() {
        return scheduler;
    }

    @Timeout(state = "ON", fire = "TIMEOUT")
    Duration onTimeout() {
        timeoutLookups++;
        return onTimeout;
    }

    abstract Light state();

    abstract boolean fire(Switch event);

    @OnEntry("ON")
    void enterOn() {
        record("enter ON (state " + state() + ")");
    }

    @OnExit("ON")
    void exitOn() {
        record("exit ON (state " + state() + ")");
    }

    @OnEntry({"OFF", "BROKEN"})
    void enterDark(Switch event) {
        record("enter dark on " + event);
    }

    void switching() {
        record("switching (state " + state() + ")");
    }

    void ticked() {
        record("tick");
    }

    void again() {
        record("again");
    }

    void timedOut() {
        record("timed out");
    }

    void chainFirst() {
        record("chain first, nested fire returned " + fire(Switch.TICK));
        record("after nested fire, state " + state());
    }

    void chainSecond() {
        record("chain second");
    }

    void kickThenFlip() {
        fire(Switch.FLIP);
        fire(Switch.TICK);
        record("kick done in " + state());
    }
}
