package io.fsmgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final LifecycleSpecMachine machine = new LifecycleSpecMachine(clock);

    @Test
    void initialStateEntryActionsRunAtConstructionWithNullEvent() {
        assertEquals(List.of("enter dark on null"), machine.log);
        assertEquals(Light.OFF, machine.state());
    }

    @Test
    void exitThenActionsThenEntryAndStateIsTargetDuringEntry() {
        machine.log.clear();
        machine.fire(Switch.FLIP);
        machine.fire(Switch.FLIP);
        assertEquals(List.of(
                "switching (state OFF)",
                "enter ON (state ON)",
                "exit ON (state ON)",
                "switching (state ON)",
                "enter dark on FLIP"), machine.log);
    }

    @Test
    void internalTransitionRunsNoExitOrEntry() {
        machine.fire(Switch.FLIP);
        machine.log.clear();
        assertTrue(machine.fire(Switch.TICK));
        assertEquals(List.of("tick"), machine.log);
        assertEquals(Light.ON, machine.state());
    }

    @Test
    void externalSelfTransitionRunsExitAndEntry() {
        machine.fire(Switch.FLIP);
        machine.log.clear();
        assertTrue(machine.fire(Switch.SELF));
        assertEquals(List.of("exit ON (state ON)", "again", "enter ON (state ON)"), machine.log);
    }

    @Test
    void eventFiredInsideActionIsQueuedUntilTransitionCompletes() {
        machine.fire(Switch.FLIP);
        machine.log.clear();
        assertTrue(machine.fire(Switch.CHAIN));
        assertEquals(List.of(
                "chain first, nested fire returned false",
                "after nested fire, state ON",
                "chain second",
                "tick"), machine.log);
    }

    @Test
    void queuedEventsRunInOrderAgainstTheStateTheyFind() {
        machine.log.clear();
        assertTrue(machine.fire(Switch.KICK));
        assertEquals(List.of(
                "kick done in OFF",
                "switching (state OFF)",
                "enter ON (state ON)",
                "tick"), machine.log);
        assertEquals(Light.ON, machine.state());
    }

    @Test
    void throwPolicyNamesStateAndEvent() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> machine.fire(Switch.TICK));
        assertEquals("LifecycleSpecMachine: no transition for event TICK in state OFF", thrown.getMessage());
        assertEquals(Light.OFF, machine.state());
        assertTrue(machine.fire(Switch.FLIP), "the machine stays usable after an unhandled event");
    }

    @Test
    void timeoutIsArmedOnEntryAndFiresAfterItsDuration() {
        machine.fire(Switch.FLIP);
        assertEquals(1, clock.pending());
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Light.ON, machine.state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Light.BROKEN, machine.state());
        assertTrue(machine.log.contains("timed out"));
        assertEquals(0, clock.pending());
    }

    @Test
    void timeoutIsCancelledOnExit() {
        machine.fire(Switch.FLIP);
        clock.advance(Duration.ofSeconds(10));
        machine.fire(Switch.FLIP);
        assertEquals(0, clock.pending());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Light.OFF, machine.state());
    }

    @Test
    void internalTransitionKeepsTimeoutRunning() {
        machine.fire(Switch.FLIP);
        clock.advance(Duration.ofSeconds(20));
        machine.fire(Switch.TICK);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Light.BROKEN, machine.state());
    }

    @Test
    void selfTransitionRestartsTimeout() {
        machine.fire(Switch.FLIP);
        clock.advance(Duration.ofSeconds(20));
        machine.fire(Switch.SELF);
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Light.ON, machine.state());
        assertEquals(1, clock.pending());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Light.BROKEN, machine.state());
    }

    @Test
    void aNullDurationSwitchesTheTimeoutOffForThatStay() {
        machine.onTimeout = null;
        machine.fire(Switch.FLIP);
        assertEquals(Light.ON, machine.state());
        assertEquals(0, clock.pending(), "nothing scheduled while the timeout is off");
        clock.advance(Duration.ofDays(365));
        assertEquals(Light.ON, machine.state());
        machine.fire(Switch.FLIP);
        machine.onTimeout = Duration.ofSeconds(5);
        machine.fire(Switch.FLIP);
        assertEquals(1, clock.pending(), "the next stay asks again, and arms it");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Light.BROKEN, machine.state());
        assertEquals(2, machine.timeoutLookups);
    }

    @Test
    void durationIsAskedForEachTimeTheStateIsEntered() {
        machine.onTimeout = Duration.ofSeconds(5);
        machine.fire(Switch.FLIP);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Light.BROKEN, machine.state());
        machine.fire(Switch.REPAIR);
        machine.onTimeout = Duration.ofSeconds(50);
        machine.fire(Switch.FLIP);
        clock.advance(Duration.ofSeconds(49));
        assertEquals(Light.ON, machine.state());
        assertEquals(2, machine.timeoutLookups);
    }

    @Test
    void restoreSetsStateWithoutHooksAndArmsTimeouts() {
        machine.log.clear();
        machine.restore(Light.ON);
        assertEquals(Light.ON, machine.state());
        assertEquals(List.of(), machine.log);
        assertEquals(1, clock.pending());
        machine.restore(Light.OFF);
        assertEquals(0, clock.pending(), "restoring elsewhere cancels the running timeout");
    }

    @Test
    void restoreDuringProcessingIsRejected() {
        RestoringSpecMachine restoring = new RestoringSpecMachine();
        io.fsmgen.TransitionException thrown = assertThrows(io.fsmgen.TransitionException.class,
                () -> restoring.fire(Switch.FLIP));
        assertEquals("RestoringSpecMachine.restore() called while an event is being processed",
                thrown.getCause().getMessage());
        assertEquals(IllegalStateException.class, thrown.getCause().getClass());
    }

    @Test
    void queuedEventsAreDroppedWhenAnActionThrows() {
        RestoringSpecMachine restoring = new RestoringSpecMachine();
        assertThrows(io.fsmgen.TransitionException.class, () -> restoring.fire(Switch.FLIP));
        assertEquals(0, restoring.ticks, "the TICK queued by the failed transition never ran");
        assertTrue(restoring.fire(Switch.TICK));
        assertEquals(1, restoring.ticks, "and it does not run later either");
    }
}
