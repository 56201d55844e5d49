package io.fsmgen.examples.spring.departures;

import io.fsmgen.Defer;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * A deferred event and a timer, for {@link SpringDeferTimerTest}: A defers X and leaves for B 100 ms after its entry;
 * B handles X (to C) and Y. fsmgen offers X again once the timeout's transition has reached B.
 */
@StateMachine(
        states = DeferTimerSpec.S.class,
        events = DeferTimerSpec.E.class,
        initial = "A",
        deferrals = @Defer(state = "A", events = "X"),
        transitions = {
            @Transition(from = "A", on = "TIMEOUT", action = "timer", to = "B"),
            @Transition(from = "B", on = "X", action = "x", to = "C"),
            @Transition(from = "B", on = "Y", action = "yb"),
            @Transition(from = "C", on = "Y", action = "yc"),
        })
abstract class DeferTimerSpec extends TimedRecordingSpec {

    enum S { A, B, C }

    enum E { X, Y, TIMEOUT }

    @Timeout(state = "A", fire = "TIMEOUT")
    Duration limit() {
        return Duration.ofMillis(100);
    }

    void timer() {
        log.add("timer");
    }

    void x() {
        log.add("x");
    }

    void yb() {
        log.add("yb");
    }

    void yc() {
        log.add("yc");
    }
}
