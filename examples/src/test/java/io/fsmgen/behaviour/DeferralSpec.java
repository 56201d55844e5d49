package io.fsmgen.behaviour;

import io.fsmgen.Composite;
import io.fsmgen.Defer;
import io.fsmgen.DeferOverflow;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;

/**
 * Deferral: BUSY (inside WORKING) defers JOB and PING; WORKING defers PING for all its children. JOB is handled in
 * IDLE, PING in IDLE and in DONE. At most three events wait; the oldest is dropped to make room.
 */
@StateMachine(
        states = DeferralSpec.S.class,
        events = DeferralSpec.E.class,
        initial = "IDLE",
        unhandled = Unhandled.THROW,
        payload = String.class,
        deferLimit = 3,
        deferOverflow = DeferOverflow.DROP_OLDEST,
        composites = @Composite(state = "WORKING", children = {"BUSY", "COOLING"}, initial = "BUSY"),
        deferrals = {
            @Defer(state = "BUSY", events = "JOB"),
            @Defer(state = "WORKING", events = "PING"),
        },
        transitions = {
            @Transition(from = "IDLE", on = "JOB", action = "start", to = "BUSY"),
            @Transition(from = "IDLE", on = "PING", action = "pong"),
            @Transition(from = "BUSY", on = "FINISH", action = "finish", to = "COOLING"),
            @Transition(from = "COOLING", on = "COOL", to = "IDLE"),
            @Transition(from = "COOLING", on = "JOB", action = "refuse"),
            @Transition(from = "WORKING", on = "ABORT", action = "abort", to = "IDLE"),
        })
abstract class DeferralSpec extends Recorder {

    enum S { IDLE, WORKING, BUSY, COOLING }

    enum E { JOB, PING, FINISH, COOL, ABORT }

    void start(String job) { record("start " + job); }

    void pong(String who) { record("pong " + who); }

    void finish() { record("finish"); }

    void refuse(String job) { record("refuse " + job); }

    /** Fires an event from inside the action: it is queued, and newer than anything deferred. */
    void abort() {
        record("abort");
        record("queued: " + ((DeferralSpecMachine) this).send(E.JOB, "after-abort"));
    }
}
