package io.fsmgen.examples.spring.departures;

import io.fsmgen.Composite;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * A timeout at the end of an initial chain, for {@link SpringReentryTimerTest}: A, R's initial child, R Q's, Q P's,
 * leaves for C 100 ms after its entry. The rows enter P from outside, leave it and enter it again, restart P, Q and R
 * by self-transitions and P's inside by a local row, enter Q and R again from their siblings B and Q2, enter Q and R
 * straight from O, and enter B, not P's initial chain, from O. UML and fsmgen arm A's timeout on each entry of A,
 * counted from that entry, and cancel it on each exit.
 *
 * <pre>
 * O (initial)
 * P
 *   Q (initial)
 *     R (initial)
 *       A (initial; 100 ms: TA to C)
 *       A2
 *     Q2
 *   B
 * C
 * </pre>
 */
@StateMachine(
        states = ReentryTimerSpec.S.class,
        events = ReentryTimerSpec.E.class,
        initial = "O",
        composites = {
            @Composite(state = "P", children = {"Q", "B"}, initial = "Q"),
            @Composite(state = "Q", children = {"R", "Q2"}, initial = "R"),
            @Composite(state = "R", children = {"A", "A2"}, initial = "A"),
        },
        transitions = {
            @Transition(from = "O", on = "IN", to = "P"),
            @Transition(from = "O", on = "TO_Q", to = "Q"),
            @Transition(from = "O", on = "TO_R", to = "R"),
            @Transition(from = "O", on = "TO_B", to = "B"),
            @Transition(from = "P", on = "OUT", to = "O"),
            @Transition(from = "P", on = "AGAIN", to = "P"),
            @Transition(from = "P", on = "LOCAL", to = "Q", kind = Transition.Kind.LOCAL),
            @Transition(from = "Q", on = "QQ", to = "Q"),
            @Transition(from = "R", on = "RR", to = "R"),
            @Transition(from = "A", on = "NEXT", to = "A2"),
            @Transition(from = "Q", on = "SIDE", to = "B"),
            @Transition(from = "B", on = "BACK", to = "Q"),
            @Transition(from = "R", on = "SIDE2", to = "Q2"),
            @Transition(from = "Q2", on = "BACK2", to = "R"),
            @Transition(from = "A", on = "TA", action = "expired", to = "C"),
        })
abstract class ReentryTimerSpec extends TimedRecordingSpec {

    enum S { O, P, Q, R, A, A2, Q2, B, C }

    enum E { IN, TO_Q, TO_R, TO_B, OUT, AGAIN, LOCAL, QQ, RR, NEXT, SIDE, BACK, SIDE2, BACK2, TA }

    @Timeout(state = "A", fire = "TA")
    Duration limit() {
        return Duration.ofMillis(100);
    }

    @OnEntry("O") void enterO() { log.add("+O"); }
    @OnExit("O") void exitO() { log.add("-O"); }
    @OnEntry("P") void enterP() { log.add("+P"); }
    @OnExit("P") void exitP() { log.add("-P"); }
    @OnEntry("Q") void enterQ() { log.add("+Q"); }
    @OnExit("Q") void exitQ() { log.add("-Q"); }
    @OnEntry("R") void enterR() { log.add("+R"); }
    @OnExit("R") void exitR() { log.add("-R"); }
    @OnEntry("A") void enterA() { log.add("+A"); }
    @OnExit("A") void exitA() { log.add("-A"); }
    @OnEntry("A2") void enterA2() { log.add("+A2"); }
    @OnExit("A2") void exitA2() { log.add("-A2"); }
    @OnEntry("Q2") void enterQ2() { log.add("+Q2"); }
    @OnExit("Q2") void exitQ2() { log.add("-Q2"); }
    @OnEntry("B") void enterB() { log.add("+B"); }
    @OnExit("B") void exitB() { log.add("-B"); }
    @OnEntry("C") void enterC() { log.add("+C"); }
}
