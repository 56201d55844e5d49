package io.fsmgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.check.TwoTimersSpec.E;
import io.fsmgen.check.TwoTimersSpec.S;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The model's scheduler: a timeout armed, expired by a move; two armed at once refused, loudly. */
class ModelSchedulerTest {

    @Test
    void expiringRunsTheArmedTaskOnce() {
        ModelScheduler clock = new ModelScheduler();
        int[] runs = {0};
        Runnable task = () -> runs[0]++;
        clock.schedule(Duration.ofSeconds(1), task);
        assertTrue(clock.anyArmed());
        assertTrue(clock.expireFirst());
        assertEquals(1, runs[0]);
        assertTrue(!clock.anyArmed() && !clock.expireFirst());
        clock.schedule(Duration.ofSeconds(1), task).cancel();
        assertTrue(!clock.anyArmed());
    }

    @Test
    void aSecondTimeoutArmedWhileOneIsArmedIsRefused() {
        ModelScheduler clock = new ModelScheduler();
        clock.schedule(Duration.ofSeconds(10), () -> { });
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> clock.schedule(Duration.ofSeconds(1), () -> { }));
        assertTrue(refused.getMessage().startsWith("the machine arms a second timeout (of PT1S) while another is"
                + " armed"), refused.getMessage());
    }

    @Test
    void aMachineArmingTwoTimeoutsAtOnceFailsTheExplorationWithTheReason() {
        Supplier<ClosedSystem> system = () -> {
            ModelScheduler clock = new ModelScheduler();
            TwoTimersMachine machine = new TwoTimersMachine(clock);
            return ClosedSystem.builder("two timers")
                    .machine("heater", machine)
                    .move(Move.of("start", true, () -> machine.state() == S.OFF, () -> machine.fire(E.START)))
                    .move(clock.expireMove("timeout", () -> true, () -> "a timeout expires"))
                    .invariant("anything", "always", () -> true)
                    .build();
        };
        Counterexample failure = new Explorer().explore(system).counterexample("anything").orElseThrow();
        assertEquals(Counterexample.Kind.FAILURE, failure.kind());
        assertEquals(1, failure.steps().size());
        assertTrue(failure.violation().contains("arms a second timeout"), failure.violation());
    }
}
