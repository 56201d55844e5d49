package io.fsmgen.examples.bench.jmh;

import io.fsmgen.examples.bench.hierarchy.WasherSpec.Event;
import io.fsmgen.examples.bench.hierarchy.WasherSpec.State;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import reactor.core.publisher.Mono;

/**
 * {@code WasherSpec} for Spring Statemachine 4.0.2: string states (RUNNING's deep history is the pseudo-state
 * {@code RUNNING_H}, with a default history transition to WASH), one {@code parent(...)} block per composite, the same
 * hooks and actions counting into {@link #work}, and FAULT, fsmgen's {@code "*"} row, on each top-level state.
 */
final class SpringWasher {

    long work;
    private final StateMachine<String, String> machine;
    private final Map<Event, Mono<Message<String>>> messages = new EnumMap<>(Event.class);

    SpringWasher() throws Exception {
        for (Event event : Event.values()) {
            messages.put(event, Mono.just(MessageBuilder.withPayload(event.name()).build()));
        }
        StateMachineBuilder.Builder<String, String> b = StateMachineBuilder.builder();
        b.configureConfiguration().withConfiguration().autoStartup(false);
        b.configureConfiguration().withVerifier().enabled(false);
        var states = b.configureStates();
        StateConfigurer<String, String> top = states.withStates().initial("OFF").state("OFF").state("ERROR");
        phase(top, "ON");
        phase(top.and().withStates().parent("ON").initial("STANDBY").state("STANDBY").state("PAUSED"), "RUNNING")
                .state("MAINTENANCE", add(3), add(5));
        StateConfigurer<String, String> running = top.and().withStates().parent("RUNNING").initial("WASH")
                .history("RUNNING_H", StateConfigurer.History.DEEP);
        phase(running, "WASH");
        phase(running, "RINSE");
        phase(running, "SPIN");
        top.and().withStates().parent("WASH").initial("FILL").state("FILL", add(7), add(11)).state("AGITATE")
                .state("DRAIN");
        top.and().withStates().parent("RINSE").initial("RINSE_FILL").state("RINSE_FILL", add(7), add(11))
                .state("RINSE_AGITATE").state("RINSE_DRAIN");
        top.and().withStates().parent("SPIN").initial("SPIN_SLOW").state("SPIN_SLOW").state("SPIN_FAST");
        top.and().withStates().parent("MAINTENANCE").initial("DIAGNOSE").state("DIAGNOSE").state("CALIBRATE");
        var t = b.configureTransitions();
        t.withHistory().source("RUNNING_H").target("WASH");
        external(t, "OFF", "ON", "POWER", false);
        external(t, "ON", "OFF", "POWER", true);
        external(t, "STANDBY", "RUNNING", "START", false);
        external(t, "STANDBY", "MAINTENANCE", "SERVICE", false);
        external(t, "FILL", "AGITATE", "NEXT", false);
        external(t, "AGITATE", "DRAIN", "NEXT", false);
        external(t, "DRAIN", "RINSE", "NEXT", false);
        external(t, "RINSE_FILL", "RINSE_AGITATE", "NEXT", false);
        external(t, "RINSE_AGITATE", "RINSE_DRAIN", "NEXT", false);
        external(t, "RINSE_DRAIN", "SPIN", "NEXT", false);
        external(t, "SPIN_SLOW", "SPIN_FAST", "NEXT", false);
        external(t, "SPIN_FAST", "STANDBY", "NEXT", true);
        t.withInternal().source("RUNNING").event("TICK").action(add(1));
        external(t, "RUNNING", "PAUSED", "PAUSE", false);
        external(t, "PAUSED", "RUNNING_H", "RESUME", false);
        external(t, "DIAGNOSE", "CALIBRATE", "NEXT", false);
        external(t, "CALIBRATE", "STANDBY", "NEXT", false);
        t.withInternal().source("MAINTENANCE").event("TICK").action(add(1));
        external(t, "ERROR", "OFF", "RESET", false);
        for (String state : new String[] {"OFF", "ERROR", "ON"}) {
            external(t, state, "ERROR", "FAULT", true);
        }
        machine = b.build();
        machine.startReactively().block();
    }

    private StateConfigurer<String, String> phase(StateConfigurer<String, String> block, String state) {
        return block.state(state, add(3), add(5));
    }

    private void external(
            org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer<String, String> t,
            String from, String to, String event, boolean count) throws Exception {
        var row = t.withExternal().source(from).target(to).event(event);
        if (count) {
            row.action(add(1));
        }
        row.and();
    }

    private Action<String, String> add(int amount) {
        return context -> work += amount;
    }

    void fire(Event event) {
        machine.sendEvent(messages.get(event)).blockLast();
    }

    State state() {
        var ids = new java.util.ArrayList<>(machine.getState().getIds());
        return State.valueOf(ids.get(ids.size() - 1));
    }

    void stop() {
        machine.stopReactively().block();
    }
}
