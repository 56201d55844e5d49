package io.fsmgen.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.examples.bench.hierarchy.HandFlattenedWasher;
import io.fsmgen.examples.bench.hierarchy.WasherMachine;
import io.fsmgen.examples.bench.hierarchy.WasherSpec;
import io.fsmgen.examples.bench.hierarchy.WasherSpec.Event;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-flattened washer is the generated one, event by event: on the benchmarked life and on random events. */
class HandFlattenedWasherTest {

    @Test
    void theBenchmarkedLifeIsTheSameAndEveryEventOfItIsHandled() {
        WasherMachine generated = new WasherMachine();
        HandFlattenedWasher hand = new HandFlattenedWasher();
        for (int round = 0; round < 3; round++) {
            for (Event event : WasherSpec.LIFE) {
                assertEquals(true, generated.fire(event), "generated, " + event + " in round " + round);
                assertEquals(true, hand.fire(event), "hand, " + event + " in round " + round);
                assertEquals(generated.state(), hand.state(), event + " in round " + round);
                assertEquals(generated.work, hand.work, "work after " + event + " in round " + round);
            }
        }
        assertEquals(WasherSpec.State.OFF, generated.state());
    }

    @Test
    void randomEventsAgree() {
        WasherMachine generated = new WasherMachine();
        HandFlattenedWasher hand = new HandFlattenedWasher();
        SplittableRandom random = new SplittableRandom(20261130);
        Event[] events = Event.values();
        for (int step = 0; step < 100_000; step++) {
            Event event = events[random.nextInt(events.length)];
            WasherSpec.State before = generated.state();
            assertEquals(generated.fire(event), hand.fire(event), before + " " + event + " at step " + step);
            assertEquals(generated.state(), hand.state(), before + " " + event + " at step " + step);
            assertEquals(generated.work, hand.work, before + " " + event + " at step " + step);
        }
    }
}
