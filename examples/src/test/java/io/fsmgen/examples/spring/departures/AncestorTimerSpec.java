package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * {@link AncestorSpec} with a timeout on P, for {@link SpringAncestorTimerTest}: P leaves for OUT 100 ms after its
 * entry, and two rows re-enter P from inside it, B2 --UP--> P (two levels up) and B --PARENT--> P (one level up).
 * UML and fsmgen leave P and enter it again on both, so P's timeout restarts.
 *
 * <pre>
 * P (100 ms: TIMEOUT to OUT)
 *   A (initial)
 *   B
 *     B1 (initial)
 *     B2
 * OUT
 * </pre>
 */
@StateMachine(
        states = AncestorTimerSpec.S.class,
        events = AncestorTimerSpec.E.class,
        initial = "P",
        composites = {
            @Composite(state = "P", children = {"A", "B"}, initial = "A"),
            @Composite(state = "B", children = {"B1", "B2"}, initial = "B1"),
        },
        transitions = {
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "B1", on = "NEXT", to = "B2"),
            @Transition(from = "B2", on = "UP", to = "P"),
            @Transition(from = "B", on = "PARENT", to = "P"),
            @Transition(from = "P", on = "TIMEOUT", action = "expired", to = "OUT"),
        })
abstract class AncestorTimerSpec extends TimedRecordingSpec {

    enum S { P, A, B, B1, B2, OUT }

    enum E { NEXT, UP, PARENT, TIMEOUT }

    @Timeout(state = "P", fire = "TIMEOUT")
    Duration limit() {
        return Duration.ofMillis(100);
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
    @OnEntry("OUT") void enterOut() { log.add("+OUT"); }
    @OnExit("OUT") void exitOut() { log.add("-OUT"); }
}
