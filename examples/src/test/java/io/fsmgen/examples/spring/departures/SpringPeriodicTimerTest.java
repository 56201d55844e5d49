package io.fsmgen.examples.spring.departures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.examples.spring.ManualReactorClock;
import io.fsmgen.examples.spring.QuietLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import reactor.core.publisher.Mono;

/**
 * MIGRATING-FROM-SPRING.md's timer row: Spring's periodic {@code timer(ms)} is a clock started with the machine, every
 * {@code ms}; a tick fires the transition only when it finds the source active, and entering the source neither starts
 * nor restarts it (where a {@code @Timeout} counts from the entry). Driven on a clock the test moves, so that nothing
 * waits for real time.
 */
class SpringPeriodicTimerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.install();
    }

    /** A (GO) to B; B goes back to A on a timer(100). B is entered at 60 and at 120: the ticks come at 100 and 200. */
    @Test
    void aPeriodicTimerTicksFromTheMachinesStartNotFromTheSourcesEntry() throws Exception {
        try (ManualReactorClock clock = ManualReactorClock.install()) {
            List<String> log = new ArrayList<>();
            StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
            b.configureConfiguration().withConfiguration().autoStartup(false);
            b.configureStates().withStates().initial("A").state("B");
            b.configureTransitions()
                    .withExternal().source("A").target("B").event("GO").and()
                    .withExternal().source("B").target("A").timer(100).action(context -> log.add("tick " + now(clock)));
            StateMachine<String, String> machine = b.build();
            machine.startReactively().block();
            clock.advanceTo(60);
            send(machine, "GO");
            clock.advanceTo(99);
            assertEquals("B", machine.getState().getId());
            clock.advanceTo(100);
            assertEquals("A", machine.getState().getId(), "40 ms after B's entry");
            clock.advanceTo(120);
            send(machine, "GO");
            clock.advanceTo(199);
            assertEquals("B", machine.getState().getId());
            clock.advanceTo(300);
            assertEquals("A", machine.getState().getId());
            assertEquals(List.of("tick 100", "tick 200"), log, "the tick at 300 found A active and did nothing");
            machine.stopReactively().block();
        }
    }

    private static long now(ManualReactorClock clock) {
        return clock.now(TimeUnit.MILLISECONDS);
    }

    private static void send(StateMachine<String, String> machine, String event) {
        machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast();
    }
}
