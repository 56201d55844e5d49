package io.fsmgen.examples.spring.departures;

import io.fsmgen.examples.spring.ManualReactorClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import reactor.core.publisher.Mono;

/**
 * The Spring side of a timer departure, what {@link TimedRecordingSpec} is on fsmgen's: a record of the entry, exit
 * and action calls, the {@link ManualReactorClock} its {@code timerOnce} rows run on, and the {@code expired} action
 * that stamps a timeout's row with that clock's time, so that both records read alike. A subclass declares its states
 * and rows on {@link #builder()} and hands the builder to {@link #start}.
 */
abstract class TimedRecordingSpring {

    final List<String> log = new ArrayList<>();
    final ManualReactorClock clock;
    private StateMachine<String, String> machine;

    TimedRecordingSpring(ManualReactorClock clock) {
        this.clock = clock;
    }

    /** A builder for a machine that starts when {@link #start} says so. */
    static StateMachineBuilder.Builder<String, String> builder() throws Exception {
        StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
        b.configureConfiguration().withConfiguration().autoStartup(false);
        return b;
    }

    /** Builds and starts the machine; the record then holds the initial entries. */
    final void start(StateMachineBuilder.Builder<String, String> b) {
        machine = b.build();
        machine.startReactively().block();
    }

    /** Declares {@code states} in {@code block}, each recording {@code +S} on entry and {@code -S} on exit. */
    final void states(StateConfigurer<String, String> block, String... states) {
        for (String state : states) {
            block.state(state, record("+" + state), record("-" + state));
        }
    }

    final Action<String, String> record(String call) {
        return context -> log.add(call);
    }

    /** A timeout's row: records when it fired, in ms on {@link #clock}. */
    final Action<String, String> expired() {
        return context -> log.add("expired " + clock.now(TimeUnit.MILLISECONDS));
    }

    /** Moves the clock to {@code millis} (firing the timers due on the way), then sends {@code event}. */
    final ResultType sendAt(long millis, String event) {
        clock.advanceTo(millis);
        return send(event);
    }

    final ResultType send(String event) {
        return machine.sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).blockLast().getResultType();
    }

    final List<String> activeIds() {
        return List.copyOf(machine.getState().getIds());
    }

    final void stop() {
        machine.stopReactively().block();
    }
}
