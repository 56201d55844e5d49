package io.fsmgen.check;

import io.fsmgen.StateBits;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.TransmissionKind;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Replays a counterexample step by step on a fresh system, whose machines reach each state through their own
 * {@code fire} and nothing else, and checks that the violation happens again: the proof that the explorer's
 * encodings did not invent it. While it replays, it draws what happens as the two-column sequence diagram of the
 * TCP engine's {@link Trace}: each machine's transitions in its column, each message's arrow when it is delivered
 * (lost ones end in {@code x}, copies say {@code (dup)}, an attacker's say {@code (forged)}), numbered by step.
 *
 * @param reproduced whether the violation happened again
 * @param initial the machines' states before the first step: "client CLOSED, server LISTEN"
 * @param diagram the sequence diagram between the system's two {@linkplain ClosedSystem#left() columns}
 * @param log every note and message, one per line, for systems with more participants
 * @param outcome what the replay saw at the end
 */
public record Replay(boolean reproduced, String initial, String diagram, String log, String outcome) {

    /** Replays {@code counterexample} on a system fresh from {@code factory}. */
    public static Replay of(Supplier<ClosedSystem> factory, Counterexample counterexample) {
        Objects.requireNonNull(counterexample, "counterexample");
        ClosedSystem system = Objects.requireNonNull(factory.get(), "the factory returned null");
        Property property = system.properties().stream()
                .filter(p -> p.name().equals(counterexample.property()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(system.name() + " has no property named "
                        + counterexample.property()));
        requireFrom(system, property, counterexample);
        String initial = system.machineStates();
        long[] step = {0};
        Trace trace = Trace.recordingSteps(() -> step[0]);
        system.startRecording(new Recorder() {
            @Override
            public void note(String participant, String text) {
                trace.note(participant, text);
            }

            @Override
            public void message(String from, String to, String label, Fate fate) {
                switch (fate) {
                    case DELIVERED -> trace.message(TransmissionKind.SENT, from, to, label);
                    case LOST -> trace.message(TransmissionKind.DROPPED, from, to, label);
                    case DUPLICATED -> trace.message(TransmissionKind.DUPLICATED, from, to, label);
                    case INJECTED -> trace.message(TransmissionKind.SENT, from, to, label + " (forged)");
                }
            }
        });
        List<Counterexample.Step> steps = counterexample.steps();
        StateBits cycleStart = new StateBits();
        boolean failed = false;
        boolean unresponsive = false;
        // An "eventually" counterexample is a run along which the goal never holds, from the initial state on.
        Property.Eventually goal = property instanceof Property.Eventually eventually ? eventually : null;
        String goalHeld = goal != null && Tested.of(goal.goal()).holds() ? "in the initial state" : null;
        for (int i = 0; i < steps.size(); i++) {
            step[0] = i + 1;
            if (i == counterexample.cycleStart()) {
                system.encode(cycleStart);
            }
            Move move = system.moves().get(steps.get(i).move());
            system.beginStep();
            boolean enabled;
            try {
                enabled = move.enabled();
            } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                failed = true; // its guard threw: that failure is the step's
                unresponsive = false;
                continue;
            }
            if (!enabled) {
                return new Replay(false, initial, diagram(system, trace), trace.renderLog(),
                        "step " + (i + 1) + " (" + move.name() + ") is not enabled in the replay");
            }
            try {
                move.apply();
            } catch (RuntimeException | AssertionError | StackOverflowError failure) {
                failed = true;
            }
            unresponsive = system.unhandled().isPresent();
            if (goal != null && goalHeld == null && Tested.of(goal.goal()).holds()) {
                goalHeld = "after step " + (i + 1);
            }
        }
        String diagram = diagram(system, trace);
        String log = trace.renderLog();
        String states = system.machineStates();
        String outcome;
        boolean reproduced;
        switch (counterexample.kind()) {
            case INVARIANT -> {
                Tested holds = Tested.of(((Property.Invariant) property).holds());
                reproduced = !holds.holds();
                outcome = "the invariant " + property.name() + " " + (reproduced ? holds.why("fails", "") : "holds")
                        + ": " + states;
            }
            case UNRESPONSIVE -> {
                reproduced = unresponsive;
                outcome = system.unhandled().orElse("every event handled");
            }
            case FAILURE -> {
                reproduced = failed;
                outcome = failed ? "the last step threw" : "no step threw";
            }
            case DEADLOCK, STUCK -> {
                boolean stuck = nothingMoves(system);
                Tested end = Tested.of(property instanceof Property.DeadlockFreedom free ? free.endState()
                        : ((Property.Eventually) property).goal());
                reproduced = stuck && !end.holds() && goalHeld == null;
                outcome = (stuck ? "nothing moves" : "something still moves")
                        + (end.failure() == null ? "" : ", and its test threw " + end.failure())
                        + (goalHeld == null ? "" : ", but the goal held " + goalHeld) + ": " + states;
            }
            default -> {
                StateBits end = new StateBits();
                system.encode(end);
                boolean closes = end.contentEquals(cycleStart);
                reproduced = closes && goalHeld == null;
                outcome = (closes ? "the cycle comes back to where it started" : "the cycle does not close")
                        + (goalHeld == null ? "" : ", but the goal held " + goalHeld) + ": " + states;
            }
        }
        return new Replay(reproduced, initial, diagram, log, outcome);
    }

    /**
     * A counterexample replays only on the model that found it: its steps must name moves the system has, and its kind
     * must be one its property can have. A mismatch is named, not left to fail on an index.
     */
    private static void requireFrom(ClosedSystem system, Property property, Counterexample counterexample) {
        List<Counterexample.Step> steps = counterexample.steps();
        for (int i = 0; i < steps.size(); i++) {
            int move = steps.get(i).move();
            if (move < 0 || move >= system.moves().size()) {
                throw new IllegalArgumentException("step " + (i + 1) + " of the counterexample names move " + move
                        + ", but " + system.name() + " has " + system.moves().size()
                        + " moves: it was found on another model");
            }
        }
        boolean fits = switch (counterexample.kind()) {
            case INVARIANT -> property instanceof Property.Invariant;
            case DEADLOCK -> property instanceof Property.DeadlockFreedom;
            case STUCK, CYCLE -> property instanceof Property.Eventually;
            case UNRESPONSIVE -> property instanceof Property.Responsiveness;
            case FAILURE -> true;
        };
        if (!fits) {
            throw new IllegalArgumentException("the counterexample is a " + counterexample.kind() + " one, but "
                    + system.name() + "'s property " + property.name() + " is " + property.getClass().getSimpleName()
                    + ": it was found on another model");
        }
    }

    /** The two-column diagram, or nothing for a system without two machines to draw (its log still tells all). */
    private static String diagram(ClosedSystem system, Trace trace) {
        return system.left() == null || system.right() == null ? ""
                : trace.renderDiagram(system.left(), system.right());
    }

    /** Whether no enabled move changes the state; tries each one on a copy of the current state. */
    private static boolean nothingMoves(ClosedSystem system) {
        StateBits here = new StateBits();
        system.encode(here);
        StateBits after = new StateBits();
        for (Move move : system.moves()) {
            here.rewind();
            system.decode(here);
            system.beginStep();
            try {
                if (!move.enabled()) {
                    continue;
                }
                move.apply();
            } catch (RuntimeException | AssertionError | StackOverflowError beyond) {
                return false;
            }
            if (system.overflowed()) {
                return false;
            }
            after.clear();
            system.encode(after);
            if (!after.contentEquals(here)) {
                here.rewind();
                system.decode(here);
                return false;
            }
        }
        here.rewind();
        system.decode(here);
        return true;
    }
}
