package io.fsmgen.examples.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.Machine;
import io.fsmgen.ManualScheduler;
import io.fsmgen.TransitionException;
import io.fsmgen.TransitionFailure;
import io.fsmgen.TransitionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The nested switch and the cell table are two shapes of one machine: driven side by side over a long random walk
 * (events with payloads, timers on virtual clocks, a listener added and removed on the way), the two machines answer
 * every {@code fire} alike, run the same actions and hooks in the same order, tell their listeners the same
 * transitions and stay in the same state. Failures included: a guard and an action of {@link ShapeSpec} throw for
 * some payloads, and both shapes must fail alike, with {@code TransitionException} and the same failure (no error
 * path), or through the same error state and {@code @OnError} method ({@link ShapeErrorSpec}).
 */
class DispatchShapesAgreeTest {

    /** One machine under test: how to fire with a payload, its clock and what it logged. */
    private record Shape(Machine<ShapeSpec.S, ShapeSpec.E> machine, BiPredicate<ShapeSpec.E, Integer> fire,
            ManualScheduler clock, List<String> log) {}

    @Test
    void theSwitchAndTheCellTableAreTheSameMachine() {
        Walk walk = walk(
                (clock, log) -> {
                    ShapeSwitchMachine machine = new ShapeSwitchMachine(clock, log);
                    return new Shape(machine, machine::fire, clock, log);
                },
                (clock, log) -> {
                    ShapeTableMachine machine = new ShapeTableMachine(clock, log);
                    return new Shape(machine, machine::fire, clock, log);
                });
        assertTrue(walk.threw() > 100, walk + ": failing guards and actions throw TransitionException");
        assertTrue(walk.errorPaths() == 0, walk.toString());
    }

    @Test
    void theSwitchAndTheCellTableTakeTheSameErrorPath() {
        Walk walk = walk(
                (clock, log) -> {
                    ShapeErrorSwitchMachine machine = new ShapeErrorSwitchMachine(clock, log);
                    return new Shape(machine, machine::fire, clock, log);
                },
                (clock, log) -> {
                    ShapeErrorTableMachine machine = new ShapeErrorTableMachine(clock, log);
                    return new Shape(machine, machine::fire, clock, log);
                });
        assertTrue(walk.threw() == 0, walk + ": the error path replaces the exception");
        assertTrue(walk.errorPaths() > 100, walk + ": the error state and @OnError ran");
    }

    /** What a walk saw. */
    private record Walk(int handled, int unhandled, int threw, int errorPaths) {}

    private interface Factory {
        Shape make(ManualScheduler clock, List<String> log);
    }

    private static Walk walk(Factory switchShape, Factory tableShape) {
        Shape nested = switchShape.make(new ManualScheduler(), new ArrayList<>());
        Shape table = tableShape.make(new ManualScheduler(), new ArrayList<>());
        TransitionListener<ShapeSpec.S, ShapeSpec.E> switchListener = recorder(nested.log());
        TransitionListener<ShapeSpec.S, ShapeSpec.E> tableListener = recorder(table.log());
        Random random = new Random(2026_11_30L);
        ShapeSpec.E[] events = ShapeSpec.E.values();
        int handled = 0;
        int unhandled = 0;
        int threw = 0;
        int errorPaths = 0;
        int[] visits = new int[ShapeSpec.S.values().length];
        for (int step = 0; step < 30_000; step++) {
            if (step == 5_000) {
                nested.machine().addListener(switchListener);
                table.machine().addListener(tableListener);
            } else if (step == 15_000) {
                nested.machine().removeListener(switchListener);
                table.machine().removeListener(tableListener);
            }
            String where = "step " + step;
            if (random.nextInt(20) == 0) {
                Duration advance = Duration.ofMillis(random.nextInt(4_000));
                nested.clock().advance(advance);
                table.clock().advance(advance);
            } else {
                ShapeSpec.E event = events[random.nextInt(events.length)];
                Integer payload = random.nextInt(10);
                where += " (" + event + " " + payload + " in " + nested.machine().state() + ")";
                String a = fire(nested, event, payload);
                String b = fire(table, event, payload);
                assertEquals(a, b, where + ": fire's answer");
                switch (a) {
                    case "true" -> handled++;
                    case "false" -> unhandled++;
                    default -> threw++;
                }
                if (nested.log().stream().anyMatch(line -> line.startsWith("on error: "))) {
                    errorPaths++;
                }
            }
            assertEquals(nested.machine().state(), table.machine().state(), where + ": state");
            assertEquals(nested.log(), table.log(), where + ": actions, hooks and listener calls");
            assertEquals(nested.clock().pending(), table.clock().pending(), where + ": armed timers");
            visits[table.machine().state().ordinal()]++;
            nested.log().clear();
            table.log().clear();
        }
        for (ShapeSpec.S state : ShapeSpec.S.values()) {
            assertTrue(visits[state.ordinal()] > 100, state + " visited " + visits[state.ordinal()] + " times");
        }
        assertTrue(handled > 5_000 && unhandled > 5_000, handled + " handled, " + unhandled + " unhandled");
        return new Walk(handled, unhandled, threw, errorPaths);
    }

    /** "true" or "false" as fire returned, or what the TransitionException says failed (machine name aside). */
    private static String fire(Shape shape, ShapeSpec.E event, Integer payload) {
        try {
            return Boolean.toString(shape.fire().test(event, payload));
        } catch (TransitionException e) {
            return "threw: " + failure(e.failure());
        }
    }

    private static String failure(TransitionFailure<?, ?> failure) {
        return failure.phase() + " " + failure.method() + " on " + failure.event() + " in " + failure.from()
                + ", now in " + failure.state() + " (" + failure.cause().getMessage() + ")";
    }

    private static TransitionListener<ShapeSpec.S, ShapeSpec.E> recorder(List<String> log) {
        return new TransitionListener<>() {
            @Override
            public void transitioned(ShapeSpec.S from, ShapeSpec.E event, ShapeSpec.S to) {
                log.add("listener: " + from + " --" + event + "--> " + to);
            }

            @Override
            public void unhandled(ShapeSpec.S state, ShapeSpec.E event) {
                log.add("listener: unhandled " + event + " in " + state);
            }

            @Override
            public void failed(TransitionFailure<ShapeSpec.S, ShapeSpec.E> failure) {
                log.add("listener: failed " + failure(failure));
            }
        };
    }
}
