package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.ManualReactorClock;
import io.fsmgen.examples.spring.QuietLogging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.config.StateMachineBuilder;
import reactor.core.publisher.Mono;

/**
 * MIGRATING-FROM-SPRING.md's deferred events after a timer's transition ({@link DeferTimerSpec}): Spring re-examines
 * its deferred events only when an event is sent, so a state change that a {@code timerOnce} makes leaves them waiting,
 * however long, until the next event, and then runs them after it. fsmgen offers them once the timeout's transition
 * is done, as after any other state change. Driven on clocks the test moves.
 */
class SpringDeferTimerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /** X deferred in A at 10; A's timer takes the machine to B at 100; Y is sent at 1,000. */
    @Test
    void aDeferredEventWaitsForTheNextEventAfterATimersTransitionInSpring() throws Exception {
        DeferTimerSpecMachine ours = new DeferTimerSpecMachine();
        ours.clock.advance(Duration.ofMillis(10));
        assertEquals(Outcome.DEFERRED, ours.send(DeferTimerSpec.E.X));
        ours.clock.advance(Duration.ofMillis(90));
        assertEquals(DeferTimerSpec.S.C, ours.state());
        assertEquals(List.of("timer", "x"), ours.log);
        ours.clock.advance(Duration.ofMillis(900));
        assertEquals(Outcome.HANDLED, ours.send(DeferTimerSpec.E.Y));
        assertEquals(List.of("timer", "x", "yc"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            List<String> log = new ArrayList<>();
            StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
            b.configureConfiguration().withConfiguration().autoStartup(false);
            b.configureStates().withStates().initial("A").state("A", "X").state("B").state("C");
            b.configureTransitions()
                    .withExternal().source("A").target("B").timerOnce(100).action(context -> log.add("timer")).and()
                    .withExternal().source("B").target("C").event("X").action(context -> log.add("x")).and()
                    .withInternal().source("B").event("Y").action(context -> log.add("yb")).and()
                    .withInternal().source("C").event("Y").action(context -> log.add("yc"));
            StateMachine<String, String> spring = b.build();
            spring.startReactively().block();
            clock.advanceTo(10);
            assertEquals(ResultType.DEFERRED, send(spring, "X"));
            clock.advanceTo(100);
            assertEquals("B", spring.getState().getId());
            clock.advanceTo(1_000);
            assertEquals("B", spring.getState().getId(), "X still deferred 900 ms after the state change");
            assertEquals(List.of("timer"), log);
            assertEquals(ResultType.ACCEPTED, send(spring, "Y"));
            assertEquals("C", spring.getState().getId());
            assertEquals(List.of("timer", "yb", "x"), log, "Y runs in B, then X");
            spring.stopReactively().block();
        }
    }

    private static ResultType send(StateMachine<String, String> machine, String event) {
        return machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast().getResultType();
    }
}
