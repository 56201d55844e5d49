package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * Two timeouts whose events other rows meet, for {@link SpringTimeoutEventTest}. P leaves for OUT 100 ms after its
 * entry by firing T, and its initial child A has a row of its own for T; Q leaves for OUT 100 ms after its entry by
 * firing U, and its initial child D defers U. A {@code @Timeout} fires an event through the table, so in fsmgen A's row
 * takes T and D keeps U until its next state change, as they would take and keep a T or U that a caller fires.
 *
 * <pre>
 * O (initial: TO_P to P, TO_Q to Q)
 * P (100 ms: T to OUT)
 *   A (initial; T to A2)
 *   A2
 * Q (100 ms: U to OUT)
 *   D (initial; defers U; NEXT to E)
 *   E
 * OUT
 * </pre>
 */
@StateMachine(
        states = TimeoutEventSpec.S.class,
        events = TimeoutEventSpec.E.class,
        initial = "O",
        composites = {
            @Composite(state = "P", children = {"A", "A2"}, initial = "A"),
            @Composite(state = "Q", children = {"D", "E"}, initial = "D"),
        },
        deferrals = @Defer(state = "D", events = "U"),
        transitions = {
            @Transition(from = "O", on = "TO_P", to = "P"),
            @Transition(from = "O", on = "TO_Q", to = "Q"),
            @Transition(from = "P", on = "T", action = "expired", to = "OUT"),
            @Transition(from = "A", on = "T", action = "below", to = "A2"),
            @Transition(from = "Q", on = "U", action = "expired", to = "OUT"),
            @Transition(from = "D", on = "NEXT", to = "E"),
        })
abstract class TimeoutEventSpec extends TimedRecordingSpec {

    enum S { O, P, A, A2, Q, D, E, OUT }

    enum E { TO_P, TO_Q, T, U, NEXT }

    @Timeout(state = "P", fire = "T")
    Duration pLimit() {
        return Duration.ofMillis(100);
    }

    @Timeout(state = "Q", fire = "U")
    Duration qLimit() {
        return Duration.ofMillis(100);
    }

    void below() {
        log.add("below " + clock.now().toMillis());
    }

    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("A2") void enterA2() { log.add("+A2"); }
    @OnExit("A2") void exitA2() { log.add("-A2"); }
    @OnEntry("Q") void enterQ() { log.add("+Q"); }
    @OnExit("Q") void exitQ() { log.add("-Q"); }
    @OnEntry("D") void enterD() { log.add("+D"); }
    @OnExit("D") void exitD() { log.add("-D"); }
    @OnEntry("E") void enterE() { log.add("+E"); }
    @OnExit("E") void exitE() { log.add("-E"); }
    @OnEntry("OUT") void enterOut() { log.add("+OUT"); }
}
