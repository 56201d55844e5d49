package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.History;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * A history entry and a timeout on the composite's initial child, for {@link SpringHistoryTimerTest}: A leaves for C
 * 100 ms after its entry; H resumes P's last child. UML and fsmgen arm A's timeout on each entry of A, and only then.
 *
 * <pre>
 * O (initial)
 * P (shallow history)
 *   A (initial; 100 ms: TIMEOUT to C)
 *   B
 * C
 * </pre>
 */
@StateMachine(
        states = HistoryTimerSpec.S.class,
        events = HistoryTimerSpec.E.class,
        initial = "O",
        composites = @Composite(state = "P", children = {"A", "B"}, initial = "A", history = History.SHALLOW),
        transitions = {
            @Transition(from = "O", on = "H", to = "P", history = true),
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "B", on = "BACK", to = "A"),
            @Transition(from = "P", on = "OUT", to = "O"),
            @Transition(from = "A", on = "TIMEOUT", action = "expired", to = "C"),
        })
abstract class HistoryTimerSpec extends TimedRecordingSpec {

    enum S { O, P, A, B, C }

    enum E { H, NEXT, BACK, OUT, TIMEOUT }

    @Timeout(state = "A", fire = "TIMEOUT")
    Duration limit() {
        return Duration.ofMillis(100);
    }

    @OnEntry("O") void enterO() { log.add("+O"); }
    @OnExit("O") void exitO() { log.add("-O"); }
    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
    @OnEntry("C") void enterC() { log.add("+C"); }
}
