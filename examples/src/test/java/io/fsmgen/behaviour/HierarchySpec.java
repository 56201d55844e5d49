package io.fsmgen.behaviour;

import io.fsmgen.Composite;
import io.fsmgen.History;
import io.fsmgen.ManualScheduler;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;

/**
 * A three-level machine for the behaviour tests: TOP contains MID (which contains LEAF_A and LEAF_B) and LEAF_C;
 * OUT is outside. Every state records its entry and exit; rows record their actions. TOP remembers its deep history,
 * MID its shallow history. TOP's timeout runs while any of its descendants is active.
 *
 * <pre>
 * OUT
 * TOP (deep history, timeout)
 *   MID (shallow history)
 *     LEAF_A (initial)
 *     LEAF_B
 *   LEAF_C
 * </pre>
 */
@StateMachine(
        states = HierarchySpec.S.class,
        events = HierarchySpec.E.class,
        initial = "OUT",
        composites = {
            @Composite(state = "TOP", children = {"MID", "LEAF_C"}, initial = "MID", history = History.DEEP),
            @Composite(state = "MID", children = {"LEAF_A", "LEAF_B"}, initial = "LEAF_A", history = History.SHALLOW),
        },
        transitions = {
            @Transition(from = "OUT", on = "GO", action = "go", to = "TOP"),
            @Transition(from = "OUT", on = "RESUME", action = "resume", to = "TOP", history = true),
            @Transition(from = "OUT", on = "DEEP", to = "LEAF_B"),
            @Transition(from = "LEAF_A", on = "NEXT", action = "aToB", to = "LEAF_B"),
            @Transition(from = "LEAF_B", on = "NEXT", action = "bToC", to = "LEAF_C"),
            // MID's rows apply to LEAF_A and LEAF_B, after their own; guards in declaration order.
            @Transition(from = "MID", on = "PICK", guard = "first", action = "pickedFirst"),
            @Transition(from = "MID", on = "PICK", guard = "second", action = "pickedSecond"),
            @Transition(from = "LEAF_B", on = "PICK", guard = "own", action = "pickedOwn"),
            // LEAF_A's own guardless row shadows TOP's row for LEAVE.
            @Transition(from = "LEAF_A", on = "LEAVE", action = "stayed"),
            @Transition(from = "TOP", on = "LEAVE", action = "left", to = "OUT"),
            @Transition(from = "TOP", on = "REENTER", action = "reenter", to = "TOP"),
            @Transition(from = "TOP", on = "RESET_LOCAL", action = "local", to = "MID", kind = Transition.Kind.LOCAL),
            @Transition(from = "TOP", on = "RESET_EXTERNAL", action = "external", to = "MID"),
            @Transition(from = "TOP", on = "REMEMBER", action = "remember", to = "TOP", history = true),
            @Transition(from = "MID", on = "TICK", action = "tick"),
            @Transition(from = "*", on = "PICK", action = "pickedAnywhere"),
            @Transition(from = "*", on = "HOME", action = "home", to = "OUT"),
        })
abstract class HierarchySpec extends Recorder {

    enum S { OUT, TOP, MID, LEAF_A, LEAF_B, LEAF_C }

    enum E { GO, RESUME, DEEP, NEXT, PICK, LEAVE, REENTER, RESET_LOCAL, RESET_EXTERNAL, REMEMBER, TICK, HOME, EXPIRE }

    boolean first;
    boolean second;
    boolean own;
    final ManualScheduler clock = new ManualScheduler();

    Scheduler scheduler() {
        return clock;
    }

    boolean first() { return first; }

    boolean second() { return second; }

    boolean own() { return own; }

    void go() { record("go"); }

    void resume() { record("resume"); }

    void aToB() { record("aToB"); }

    void bToC() { record("bToC"); }

    void pickedFirst() { record("pickedFirst"); }

    void pickedSecond() { record("pickedSecond"); }

    void pickedOwn() { record("pickedOwn"); }

    void pickedAnywhere() { record("pickedAnywhere"); }

    void stayed() { record("stayed"); }

    void left() { record("left"); }

    void reenter() { record("reenter"); }

    void local() { record("local"); }

    void external() { record("external"); }

    void remember() { record("remember"); }

    void tick() { record("tick"); }

    void home() { record("home"); }

    @OnEntry("TOP") void enterTop() { record("+TOP"); }

    @OnExit("TOP") void exitTop() { record("-TOP"); }

    @OnEntry("MID") void enterMid() { record("+MID"); }

    @OnExit("MID") void exitMid() { record("-MID"); }

    @OnEntry("LEAF_A") void enterA() { record("+A"); }

    @OnExit("LEAF_A") void exitA() { record("-A"); }

    @OnEntry("LEAF_B") void enterB() { record("+B"); }

    @OnExit("LEAF_B") void exitB() { record("-B"); }

    @OnEntry("LEAF_C") void enterC() { record("+C"); }

    @OnExit("LEAF_C") void exitC() { record("-C"); }

    @OnEntry("OUT") void enterOut() { record("+OUT"); }

    @OnExit("OUT") void exitOut() { record("-OUT"); }

    @Timeout(state = "TOP", fire = "HOME")
    Duration topLimit() {
        return Duration.ofSeconds(10);
    }
}
