package io.fsmgen.failure;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.History;
import io.fsmgen.ManualScheduler;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Outcome;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hierarchical counterpart of {@link OrderSpec}: every state records its entry and exit, every row its action,
 * and {@link #failIn} names the spec method that throws next. Three nested timeouts (OUTER's hour, INNER's ten
 * minutes, A's minute, all firing EXPIRE) witness what the machine believes is active; INNER defers HOLD and PARK,
 * which OUTSIDE handles. LEAVE is inherited by every leaf of OUTER, RESTART is a LOCAL row of OUTER into INNER. No
 * error path: a failure surfaces as a {@code TransitionException}.
 *
 * <pre>
 * OUTSIDE
 * OUTER (deep history, 60 min)
 *   INNER (shallow history, 10 min; defers HOLD, PARK)
 *     A (initial, 1 min)
 *     B
 *   C
 * FAILED
 *   RETRYING (initial)
 * </pre>
 */
@StateMachine(
        states = Zone.class,
        events = Move.class,
        initial = "OUTSIDE",
        composites = {
            @Composite(state = "OUTER", children = {"INNER", "C"}, initial = "INNER", history = History.DEEP),
            @Composite(state = "INNER", children = {"A", "B"}, initial = "A", history = History.SHALLOW),
            @Composite(state = "FAILED", children = "RETRYING", initial = "RETRYING"),
        },
        deferrals = @Defer(state = "INNER", events = {"HOLD", "PARK"}),
        transitions = {
            @Transition(from = "OUTSIDE", on = "ENTER", action = "enterAction", to = "OUTER"),
            @Transition(from = "OUTSIDE", on = "RESUME", to = "OUTER", history = true),
            @Transition(from = "OUTSIDE", on = "HOLD", action = "handleHold"),
            @Transition(from = "OUTSIDE", on = "PARK", action = "handlePark"),
            @Transition(from = "A", on = "NEXT", to = "B"),
            @Transition(from = "B", on = "NEXT", to = "C"),
            @Transition(from = "OUTER", on = "LEAVE", guard = "mayLeave", action = "leaveAction", to = "OUTSIDE"),
            @Transition(from = "OUTER", on = "EXPIRE", to = "OUTSIDE"),
            @Transition(from = "OUTER", on = "RESTART", action = "restartAction", to = "INNER",
                    kind = Transition.Kind.LOCAL),
            @Transition(from = "*", on = "BREAK", to = "FAILED"),
            @Transition(from = "FAILED", on = "RETRY", to = "OUTER", history = true),
        })
abstract class NestedOrderSpec {
    static final Duration OUTER_LIMIT = Duration.ofMinutes(60);
    static final Duration INNER_LIMIT = Duration.ofMinutes(10);
    static final Duration A_LIMIT = Duration.ofMinutes(1);

    final ManualScheduler clock = new ManualScheduler();
    final List<String> log = new ArrayList<>();
    /** The spec method that throws next, or empty. */
    String failIn = "";

    abstract Outcome send(Move move);

    Scheduler scheduler() {
        return clock;
    }

    @Timeout(state = "OUTER", fire = "EXPIRE")
    Duration outerLimit() {
        return OUTER_LIMIT;
    }

    @Timeout(state = "INNER", fire = "EXPIRE")
    Duration innerLimit() {
        return INNER_LIMIT;
    }

    @Timeout(state = "A", fire = "EXPIRE")
    Duration aLimit() {
        run("aLimit");
        return A_LIMIT;
    }

    boolean mayLeave() {
        run("mayLeave");
        return true;
    }

    void enterAction() { run("enterAction"); }

    void leaveAction() { run("leaveAction"); }

    void handleHold() { run("handleHold"); }

    void handlePark() { run("handlePark"); }

    void restartAction() { run("restartAction"); }

    @OnEntry("OUTSIDE") void enterOutside() { run("+OUTSIDE"); }

    @OnEntry("OUTER") void enterOuter() { run("+OUTER"); }

    @OnExit("OUTER") void exitOuter() { run("-OUTER"); }

    @OnEntry("INNER") void enterInner() { run("+INNER"); }

    @OnExit("INNER") void exitInner() { run("-INNER"); }

    @OnEntry("A") void enterA() { run("+A"); }

    @OnExit("A") void exitA() { run("-A"); }

    @OnEntry("B") void enterB() { run("+B"); }

    @OnExit("B") void exitB() { run("-B"); }

    @OnEntry("C") void enterC() { run("+C"); }

    @OnExit("C") void exitC() { run("-C"); }

    @OnEntry("FAILED") void enterFailed(Move move) { run("+FAILED on " + move); }

    @OnEntry("RETRYING") void enterRetrying() { run("+RETRYING"); }

    /** Records {@code method} (the duration method {@code aLimit} included), and throws if it is the one to fail. */
    void run(String method) {
        log.add(method);
        if (method.equals(failIn)) {
            failIn = "";
            throw new IllegalArgumentException(method + " failed");
        }
    }
}
