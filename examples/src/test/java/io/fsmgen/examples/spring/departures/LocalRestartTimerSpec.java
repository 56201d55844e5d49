package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * {@link LocalRestartSpec} with a timeout on P, for {@link SpringLocalRestartTimerTest}: P leaves for OUT 100 ms after
 * its entry, and RESTART, Spring's {@code withLocal().source("P").target("P")} written as the local row to P's initial
 * child, restarts P's inside without leaving P. UML and fsmgen keep P's timeout running across it: P is not entered
 * again.
 */
@StateMachine(
        states = LocalRestartTimerSpec.S.class,
        events = LocalRestartTimerSpec.E.class,
        initial = "P",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A"),
        transitions = {
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "P", on = "RESTART", action = "restart", to = "A", kind = Transition.Kind.LOCAL),
            @Transition(from = "P", on = "TIMEOUT", action = "expired", to = "OUT"),
        })
abstract class LocalRestartTimerSpec extends TimedRecordingSpec {

    enum S { P, A, B, OUT }

    enum E { NEXT, RESTART, TIMEOUT }

    @Timeout(state = "P", fire = "TIMEOUT")
    Duration limit() {
        return Duration.ofMillis(100);
    }

    void restart() {
        log.add("restart");
    }

    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
    @OnEntry("OUT") void enterOut() { log.add("+OUT"); }
}
