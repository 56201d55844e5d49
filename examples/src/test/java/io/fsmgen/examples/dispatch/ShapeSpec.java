package io.fsmgen.examples.dispatch;

import io.fsmgen.Dispatch;
import io.fsmgen.OnEntry;
import io.fsmgen.OnExit;
import io.fsmgen.Scheduler;
import io.fsmgen.StateMachine;
import io.fsmgen.Timeout;
import io.fsmgen.Transition;
import java.time.Duration;
import java.util.List;

/**
 * A machine with every kind of cell, generated twice: as {@code ShapeSwitchMachine} with the nested switch, and (by
 * {@link ShapeTableSpec}, which inherits the table) as {@code ShapeTableMachine} with the cell table. Plain cells,
 * actions, guards on the payload, internal rows with and without actions, an external self-transition with entry and
 * exit work, a timeout, an event fired from an action (queued), {@code "*"} rows, and unhandled cells. A guard
 * ({@code big}) throws for payload 8 and an action ({@code note}) for payload 9, so that both shapes also fail alike;
 * {@link ShapeErrorSpec} adds an error state and an {@code @OnError} method.
 */
@StateMachine(
        states = ShapeSpec.S.class,
        events = ShapeSpec.E.class,
        initial = "A",
        name = "ShapeSwitchMachine",
        payload = Integer.class,
        dispatch = Dispatch.SWITCH,
        transitions = {
            @Transition(from = "A", on = "E0", to = "B"),
            @Transition(from = "B", on = "E0", to = "C"),
            @Transition(from = "C", on = "E0", to = "A"),
            @Transition(from = "B", on = "E1", action = {"noteEvent", "note"}, to = "D"),
            @Transition(from = "C", on = "E1", guard = "even", to = "E"),
            @Transition(from = "C", on = "E1", to = "F"),
            @Transition(from = "D", on = "E2", guard = "big", action = "note", to = "G"),
            @Transition(from = "D", on = "E3", action = "note"),
            @Transition(from = "E", on = "E3"),
            @Transition(from = "E", on = {"E1", "E2"}, to = "C"),
            @Transition(from = "G", on = "E3", action = "note", to = "G"),
            @Transition(from = "G", on = "E2", to = "D"),
            @Transition(from = "F", on = "E4", action = "fireNested", to = "H"),
            @Transition(from = "H", on = "E5", to = "A"),
            @Transition(from = "F", on = "E2", guard = "!even", action = "note"),
            @Transition(from = "*", on = "E6", to = "A"),
        })
public abstract class ShapeSpec {

    public enum S { A, B, C, D, E, F, G, H }

    public enum E { E0, E1, E2, E3, E4, E5, E6 }

    private final Scheduler scheduler;
    final List<String> log;

    protected ShapeSpec(Scheduler scheduler, List<String> log) {
        this.scheduler = scheduler;
        this.log = log;
    }

    protected Scheduler scheduler() {
        return scheduler;
    }

    protected boolean even(Integer payload) {
        return payload % 2 == 0;
    }

    protected boolean big(Integer payload) {
        if (payload == 8) {
            throw new IllegalArgumentException("guard big fails on 8");
        }
        return payload > 4;
    }

    protected void note(Integer payload) {
        if (payload == 9) {
            throw new IllegalStateException("action note fails on 9");
        }
        log.add("note " + payload);
    }

    protected void noteEvent(E event) {
        log.add("event " + event);
    }

    protected void fireNested() {
        log.add("fire E3 from an action");
        boolean handled = ((io.fsmgen.Machine<S, E>) (Object) this).fire(E.E3);
        log.add("nested fire returned " + handled);
    }

    @OnEntry("G")
    protected void enteredG(E event) {
        log.add("enter G on " + event);
    }

    @OnExit("G")
    protected void leftG(E event) {
        log.add("leave G on " + event);
    }

    @OnEntry("H")
    protected void enteredH() {
        log.add("enter H");
    }

    @Timeout(state = "H", fire = "E5")
    protected Duration inH() {
        return Duration.ofSeconds(3);
    }
}
