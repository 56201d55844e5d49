package io.fsmgen.examples.spring.statechart;

import static io.fsmgen.examples.spring.statechart.RandomStatechart.event;
import static io.fsmgen.examples.spring.statechart.RandomStatechart.state;

import io.fsmgen.History;
import io.fsmgen.examples.spring.statechart.RandomStatechart.Row;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.ExtendedState;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineContext;
import org.springframework.statemachine.StateMachinePersist;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.config.configurers.TransitionConfigurer;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.persist.DefaultStateMachinePersister;
import org.springframework.statemachine.persist.StateMachinePersister;
import reactor.core.publisher.Mono;

/**
 * The same {@link RandomStatechart}, built with Spring Statemachine 4.0.2's {@link StateMachineBuilder}: string
 * states and events, one {@code withStates().parent(...)} block per composite with a history pseudo-state
 * {@code S<n>_H} where the composite has history, entry and exit actions and transition actions that record their
 * names in {@link #log}, and guards reading {@link #flags}.
 *
 * <p>{@code "*"} rows become one transition on each top-level state that does not defer the event (Spring has no
 * "any state" source; a top-level state is an ancestor of every leaf below it, which is where fsmgen puts {@code "*"}
 * rows: outermost).
 */
final class SpringStatechart {

    /** The extended state variable that writing rows increment and guard {@code g2} reads. */
    static final String COUNTER = "counter";

    final List<String> log = new ArrayList<>();
    final boolean[] flags = new boolean[RandomStatechart.GUARDS];
    private final StateMachine<String, String> machine;
    private final StateMachinePersister<String, String, Object> persister =
            new DefaultStateMachinePersister<>(new StateMachinePersist<>() {
                private StateMachineContext<String, String> saved;

                @Override
                public void write(StateMachineContext<String, String> context, Object contextObj) {
                    saved = context;
                }

                @Override
                public StateMachineContext<String, String> read(Object contextObj) {
                    return saved;
                }
            });

    SpringStatechart(RandomStatechart chart) throws Exception {
        StateMachineBuilder.Builder<String, String> builder = StateMachineBuilder.builder();
        // A blank machine id: Spring looks up @WithStateMachine handlers for every notification (entry, exit,
        // transition, event not accepted...) by the machine's id or bean name, building the key with a regular
        // expression each time (StateMachineHandlerCallHelper.getCacheEntries), about a tenth of its time per event
        // here; with a blank id and no bean name it skips the lookup. This test registers no such handler.
        builder.configureConfiguration().withConfiguration().autoStartup(false).machineId(" ");
        builder.configureConfiguration().withVerifier().enabled(false);
        configureStates(builder, chart);
        configureTransitions(builder, chart);
        machine = builder.build();
        machine.startReactively().block();
        log.clear();
    }

    private void configureStates(StateMachineBuilder.Builder<String, String> builder, RandomStatechart chart)
            throws Exception {
        var states = builder.configureStates();
        StateConfigurer<String, String> top = states.withStates().initial(state(chart.initial));
        declareChildren(top, chart, -1);
        for (int composite = 0; composite < chart.states; composite++) {
            if (!chart.isComposite(composite)) {
                continue;
            }
            StateConfigurer<String, String> block = top.and().withStates()
                    .parent(state(composite))
                    .initial(state(chart.initialChild[composite]));
            declareChildren(block, chart, composite);
            if (chart.history[composite] != History.NONE) {
                block.history(FsmgenSource.historyState(composite), chart.history[composite] == History.DEEP
                        ? org.springframework.statemachine.config.configurers.StateConfigurer.History.DEEP
                        : org.springframework.statemachine.config.configurers.StateConfigurer.History.SHALLOW);
            }
        }
    }

    private void declareChildren(StateConfigurer<String, String> block, RandomStatechart chart, int parent) {
        for (int s = 0; s < chart.states; s++) {
            if (chart.parent[s] != parent) {
                continue;
            }
            String name = state(s);
            block.state(name, record("+" + name), record("-" + name));
            if (chart.defersE5[s]) {
                block.state(name, event(RandomStatechart.DEFERRED_EVENT));
            }
        }
    }

    private void configureTransitions(StateMachineBuilder.Builder<String, String> builder, RandomStatechart chart)
            throws Exception {
        var transitions = builder.configureTransitions();
        for (int composite = 0; composite < chart.states; composite++) {
            if (chart.history[composite] != History.NONE) {
                // UML (and fsmgen) enter the initial child when the history is still empty, which is what this
                // default history transition says. Spring without it enters the composite and its initial child too
                // (SpringDeparturesTest); with it, the initial child twice (SpringEntryDeviations).
                transitions.withHistory().source(FsmgenSource.historyState(composite))
                        .target(state(chart.initialChild[composite])).and();
            }
        }
        for (Row row : chart.rows) {
            Set<Integer> sources = new LinkedHashSet<>();
            if (row.from() >= 0) {
                sources.add(row.from());
            } else {
                for (int s = 0; s < chart.states; s++) {
                    if (chart.parent[s] < 0 && !chart.defersE5[s]) {
                        sources.add(s);
                    }
                }
            }
            for (int source : sources) {
                String target = row.to() < 0 ? null
                        : row.history() ? FsmgenSource.historyState(row.to()) : state(row.to());
                if (target == null) {
                    var t = trigger(transitions.withInternal().source(state(source)), chart, row)
                            .action(action(chart, row));
                    if (row.guarded()) {
                        t.guard(guard(row));
                    }
                    t.and();
                } else if (row.local()) {
                    var t = trigger(transitions.withLocal().source(state(source)).target(target), chart, row)
                            .action(action(chart, row));
                    if (row.guarded()) {
                        t.guard(guard(row));
                    }
                    t.and();
                } else {
                    var t = trigger(transitions.withExternal().source(state(source)).target(target), chart, row)
                            .action(action(chart, row));
                    if (row.guarded()) {
                        t.guard(guard(row));
                    }
                    t.and();
                }
            }
        }
    }

    /** A row's event, or for a timeout's row, Spring's {@code timerOnce} with the timeout's duration. */
    private static <T extends TransitionConfigurer<T, String, String>> T trigger(T transition, RandomStatechart chart,
            Row row) {
        return row.event() < RandomStatechart.EVENTS ? transition.event(event(row.event()))
                : transition.timerOnce(chart.timeout[row.event() - RandomStatechart.EVENTS]);
    }

    private Action<String, String> record(String name) {
        return context -> log.add(name);
    }

    /** A row's action: records its name, and for a writing row increments the extended state's counter. */
    private Action<String, String> action(RandomStatechart chart, Row row) {
        String name = row.action();
        if (!chart.writes[row.id()]) {
            return record(name);
        }
        return context -> {
            log.add(name);
            context.getExtendedState().getVariables().merge(COUNTER, 1, (a, b) -> (Integer) a + (Integer) b);
        };
    }

    private Guard<String, String> guard(Row row) {
        int index = row.guard();
        if (index == RandomStatechart.COUNTER_GUARD) {
            return context -> row.negated() == (flags[index] == ((counter(context.getExtendedState()) & 1) == 1));
        }
        return row.negated() ? context -> !flags[index] : context -> flags[index];
    }

    private static int counter(ExtendedState state) {
        return state.get(COUNTER, Integer.class) == null ? 0 : state.get(COUNTER, Integer.class);
    }

    /** The counter that writing rows increment, as Spring's extended state holds it. */
    int counter() {
        return counter(machine.getExtendedState());
    }

    /** Saves the machine's context as Spring's {@code DefaultStateMachinePersister} does, in memory. */
    void persist() throws Exception {
        persister.persist(machine, this);
    }

    /**
     * Restores the saved context as Spring's persister does: stops the machine, resets every region to the context
     * ({@code resetStateMachineReactively}) and starts it again.
     */
    void restore() throws Exception {
        persister.restore(machine, this);
    }

    /** Sends one event; returns Spring's result type. */
    ResultType send(int event) {
        Message<String> message = MessageBuilder.withPayload(event(event)).build();
        StateMachineEventResult<String, String> result = machine.sendEvent(Mono.just(message)).blockLast();
        return result == null ? ResultType.DENIED : result.getResultType();
    }

    /** The active leaf: the innermost of the active state ids. */
    String leaf() {
        List<String> ids = new ArrayList<>(machine.getState().getIds());
        return ids.get(ids.size() - 1);
    }

    List<String> activeIds() {
        return new ArrayList<>(machine.getState().getIds());
    }

    void stop() {
        machine.stopReactively().block();
    }
}
