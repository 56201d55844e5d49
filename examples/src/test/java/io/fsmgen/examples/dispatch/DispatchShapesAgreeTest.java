package io.fsmgen.examples.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.TransitionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The nested switch and the cell table are two shapes of one machine: driven side by side over a long random walk
 * (events with payloads, timers on virtual clocks, a listener added and removed on the way), the two machines answer
 * every {@code fire} alike, run the same actions and hooks in the same order, tell their listeners the same
 * transitions and stay in the same state.
 */
class DispatchShapesAgreeTest {

    @Test
    void theSwitchAndTheCellTableAreTheSameMachine() {
        List<String> switchLog = new ArrayList<>();
        List<String> tableLog = new ArrayList<>();
        ManualScheduler switchClock = new ManualScheduler();
        ManualScheduler tableClock = new ManualScheduler();
        ShapeSwitchMachine nested = new ShapeSwitchMachine(switchClock, switchLog);
        ShapeTableMachine table = new ShapeTableMachine(tableClock, tableLog);
        TransitionListener<ShapeSpec.S, ShapeSpec.E> switchListener = recorder(switchLog);
        TransitionListener<ShapeSpec.S, ShapeSpec.E> tableListener = recorder(tableLog);
        Random random = new Random(2026_11_30L);
        ShapeSpec.E[] events = ShapeSpec.E.values();
        int handled = 0;
        int unhandled = 0;
        int[] visits = new int[ShapeSpec.S.values().length];
        for (int step = 0; step < 30_000; step++) {
            if (step == 5_000) {
                nested.addListener(switchListener);
                table.addListener(tableListener);
            } else if (step == 15_000) {
                nested.removeListener(switchListener);
                table.removeListener(tableListener);
            }
            String where = "step " + step;
            if (random.nextInt(20) == 0) {
                Duration advance = Duration.ofMillis(random.nextInt(4_000));
                switchClock.advance(advance);
                tableClock.advance(advance);
            } else {
                ShapeSpec.E event = events[random.nextInt(events.length)];
                Integer payload = random.nextInt(10);
                where += " (" + event + " " + payload + " in " + nested.state() + ")";
                boolean a = nested.fire(event, payload);
                boolean b = table.fire(event, payload);
                assertEquals(a, b, where + ": fire's answer");
                if (a) {
                    handled++;
                } else {
                    unhandled++;
                }
            }
            assertEquals(nested.state(), table.state(), where + ": state");
            assertEquals(switchLog, tableLog, where + ": actions, hooks and listener calls");
            assertEquals(switchClock.pending(), tableClock.pending(), where + ": armed timers");
            visits[table.state().ordinal()]++;
            switchLog.clear();
            tableLog.clear();
        }
        for (ShapeSpec.S state : ShapeSpec.S.values()) {
            assertTrue(visits[state.ordinal()] > 100, state + " visited " + visits[state.ordinal()] + " times");
        }
        assertTrue(handled > 5_000 && unhandled > 5_000, handled + " handled, " + unhandled + " unhandled");
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
        };
    }
}
