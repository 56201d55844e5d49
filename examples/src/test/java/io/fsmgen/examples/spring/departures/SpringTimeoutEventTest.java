package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.Outcome;
import io.fsmgen.examples.spring.ManualReactorClock;
import io.fsmgen.examples.spring.QuietLogging;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;

/**
 * MIGRATING-FROM-SPRING.md's timeout whose event another row meets ({@link TimeoutEventSpec}). Spring's
 * {@code timerOnce} is a trigger of its own transition: when it fires, that transition is taken, whatever rows the
 * active states have and whatever they defer (its executor queues the trigger, not an event). fsmgen's
 * {@code @Timeout} fires its event through the table, as a caller's {@code fire} would: a descendant's row for that
 * event takes it first, and a descendant that defers it keeps it until its next state change. Driven on clocks the
 * tests move.
 */
class SpringTimeoutEventTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /**
     * P entered at 10, its timeout due at 110, where A has a row for T. fsmgen: A's row takes T, to A2, and the
     * machine stays in A2 (P's timeout is spent and P was not left). Spring: P's timer takes P's row, to OUT.
     */
    @Test
    void aTimeoutsEventThatAChildHandlesTakesTheChildsRowInFsmgenAndTheTimersRowInSpring() throws Exception {
        TimeoutEventSpecMachine ours = new TimeoutEventSpecMachine();
        assertEquals(Outcome.HANDLED, sendAt(ours, 10, TimeoutEventSpec.E.TO_P));
        ours.log.clear();
        ours.clock.advance(Duration.ofMillis(10_000));
        assertEquals(TimeoutEventSpec.S.A2, ours.state());
        assertEquals(List.of("-A", "below 110", "+A2"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringTimeoutEvent spring = new SpringTimeoutEvent(clock);
            spring.sendAt(10, "TO_P");
            assertEquals(List.of("P", "A"), spring.activeIds());
            spring.log.clear();
            clock.advanceTo(10_010);
            assertEquals(List.of("OUT"), spring.activeIds());
            assertEquals(List.of("expired 110", "-A", "-P", "+OUT"), spring.log);
            spring.stop();
        }
    }

    /**
     * Q entered at 10, its timeout due at 110, where D defers U; NEXT at 150. fsmgen: D keeps U, and once NEXT has
     * taken the machine to E, U is offered again and Q's row takes it from E, at 150. Spring: Q's timer takes Q's row
     * at 110, D's deferral notwithstanding, and NEXT finds OUT.
     */
    @Test
    void aTimeoutsEventThatAChildDefersWaitsForTheChildsNextStateChangeInFsmgenNotInSpring() throws Exception {
        TimeoutEventSpecMachine ours = new TimeoutEventSpecMachine();
        assertEquals(Outcome.HANDLED, sendAt(ours, 10, TimeoutEventSpec.E.TO_Q));
        ours.log.clear();
        ours.clock.advance(Duration.ofMillis(100));
        assertEquals(TimeoutEventSpec.S.D, ours.state(), "U deferred at 110");
        assertEquals(List.of(), ours.log);
        assertEquals(Outcome.HANDLED, sendAt(ours, 150, TimeoutEventSpec.E.NEXT));
        assertEquals(TimeoutEventSpec.S.OUT, ours.state());
        assertEquals(List.of("-D", "+E", "-E", "-Q", "expired 150", "+OUT"), ours.log);

        try (ManualReactorClock clock = ManualReactorClock.install()) {
            SpringTimeoutEvent spring = new SpringTimeoutEvent(clock);
            spring.sendAt(10, "TO_Q");
            assertEquals(List.of("Q", "D"), spring.activeIds());
            assertEquals(ResultType.DEFERRED, spring.sendAt(50, "U"), "D defers the event U");
            spring.log.clear();
            clock.advanceTo(110);
            assertEquals(List.of("OUT"), spring.activeIds());
            assertEquals(List.of("expired 110", "-D", "-Q", "+OUT"), spring.log);
            assertEquals(ResultType.DENIED, spring.sendAt(150, "NEXT"));
            spring.stop();
        }
    }

    private static Outcome sendAt(TimeoutEventSpecMachine machine, long millis, TimeoutEventSpec.E event) {
        machine.advanceTo(millis);
        return machine.send(event);
    }

    /**
     * {@link TimeoutEventSpec} on Spring's builder: P's and Q's timeouts as {@code timerOnce(100)} rows to OUT, A's
     * row on the event T, D deferring the event U.
     */
    private static final class SpringTimeoutEvent extends TimedRecordingSpring {

        SpringTimeoutEvent(ManualReactorClock clock) throws Exception {
            super(clock);
            StateMachineBuilder.Builder<String, String> b = builder();
            StateConfigurer<String, String> top = b.configureStates().withStates().initial("O");
            states(top, "O", "P", "Q", "OUT");
            states(top.and().withStates().parent("P").initial("A"), "A", "A2");
            StateConfigurer<String, String> q = top.and().withStates().parent("Q").initial("D").state("D", "U");
            states(q, "D", "E");
            b.configureTransitions()
                    .withExternal().source("O").target("P").event("TO_P").and()
                    .withExternal().source("O").target("Q").event("TO_Q").and()
                    .withExternal().source("P").target("OUT").timerOnce(100).action(expired()).and()
                    .withExternal().source("A").target("A2").event("T")
                    .action(context -> log.add("below " + clock.now(TimeUnit.MILLISECONDS))).and()
                    .withExternal().source("Q").target("OUT").timerOnce(100).action(expired()).and()
                    .withExternal().source("D").target("E").event("NEXT");
            start(b);
            log.clear();
        }
    }
}
