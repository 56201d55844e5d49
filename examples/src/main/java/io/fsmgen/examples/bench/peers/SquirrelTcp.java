package io.fsmgen.examples.bench.peers;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.util.List;
import org.squirrelframework.foundation.fsm.AnonymousAction;
import org.squirrelframework.foundation.fsm.AnonymousCondition;
import org.squirrelframework.foundation.fsm.StateMachineBuilder;
import org.squirrelframework.foundation.fsm.StateMachineBuilderFactory;
import org.squirrelframework.foundation.fsm.impl.AbstractStateMachine;

/**
 * The whole table on squirrel-foundation 0.3.10, with its typed fluent builder: one {@code externalTransition()} or
 * {@code internalTransition()} per row, a {@code when(...)} condition on guarded rows (complementary, so that their
 * order does not matter), {@code onEntry}/{@code onExit} for the entry and exit work. The builder is built once and
 * shared; each machine is a {@code newStateMachine}, started at once, and every event carries the machine's
 * {@link TcpPeerContext} as squirrel's context.
 */
public final class SquirrelTcp implements TcpPeer {

    /** The squirrel machine type: the library's base class, nothing added. */
    public static final class Fsm extends AbstractStateMachine<Fsm, TcpState, TcpEvent, TcpPeerContext> {}

    private static final StateMachineBuilder<Fsm, TcpState, TcpEvent, TcpPeerContext> BUILDER = builder();

    private final TcpPeerContext context;
    private final Fsm machine;

    public SquirrelTcp(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        this.context = new TcpPeerContext(effects, scheduler, config,
                () -> context().timeWaitExpired(() -> fire(TcpEvent.TIMEOUT)));
        this.machine = BUILDER.newStateMachine(TcpState.CLOSED);
        machine.start(context);
    }

    private TcpPeerContext context() {
        return context;
    }

    private static StateMachineBuilder<Fsm, TcpState, TcpEvent, TcpPeerContext> builder() {
        StateMachineBuilder<Fsm, TcpState, TcpEvent, TcpPeerContext> builder = StateMachineBuilderFactory.create(
                Fsm.class, TcpState.class, TcpEvent.class, TcpPeerContext.class);
        for (TcpState state : TcpState.values()) {
            for (TcpEvent event : TcpEvent.values()) {
                AnonymousCondition<TcpPeerContext> earlierGuardsFailed = condition("first", c -> true);
                List<TcpPeerTable.Row> rows = TcpPeerTable.rows(state, event);
                for (int i = 0; i < rows.size(); i++) {
                    TcpPeerTable.Row row = rows.get(i);
                    // Named by their row: Squirrel takes two internal transitions of one cell whose conditions
                    // share a name (an anonymous class's is empty) for a conflict.
                    String name = state + " " + event + " row " + i;
                    AnonymousCondition<TcpPeerContext> notBefore = earlierGuardsFailed;
                    AnonymousCondition<TcpPeerContext> when = row.guard() == null ? notBefore
                            : condition(name, c -> notBefore.isSatisfied(c) && row.guard().test(c));
                    AnonymousAction<Fsm, TcpState, TcpEvent, TcpPeerContext> perform = action(row::act);
                    if (row.internal()) {
                        builder.internalTransition().within(state).on(event).when(when).perform(perform);
                    } else {
                        builder.externalTransition().from(state).to(row.target()).on(event).when(when)
                                .perform(perform);
                    }
                    if (row.guard() != null) {
                        earlierGuardsFailed = condition("after " + name,
                                c -> notBefore.isSatisfied(c) && !row.guard().test(c));
                    }
                }
            }
        }
        builder.onEntry(TcpState.CLOSED).perform(action(TcpPeerContext::enteredClosed));
        builder.onEntry(TcpState.ESTABLISHED).perform(action(TcpPeerContext::enteredEstablished));
        builder.onEntry(TcpState.TIME_WAIT).perform(action(TcpPeerContext::enteredTimeWait));
        builder.onExit(TcpState.TIME_WAIT).perform(new AnonymousAction<>() {
            @Override
            public void execute(TcpState from, TcpState to, TcpEvent event, TcpPeerContext context, Fsm machine) {
                context.leftTimeWait(event);
            }
        });
        return builder;
    }

    private static AnonymousCondition<TcpPeerContext> condition(String name,
            java.util.function.Predicate<TcpPeerContext> test) {
        return new AnonymousCondition<>() {
            @Override
            public boolean isSatisfied(TcpPeerContext context) {
                return test.test(context);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    private static AnonymousAction<Fsm, TcpState, TcpEvent, TcpPeerContext> action(
            java.util.function.Consumer<TcpPeerContext> work) {
        return new AnonymousAction<>() {
            @Override
            public void execute(TcpState from, TcpState to, TcpEvent event, TcpPeerContext context, Fsm machine) {
                work.accept(context);
            }
        };
    }

    @Override
    public TcpState state() {
        return machine.getCurrentState();
    }

    @Override
    public boolean passive() {
        return context.passive();
    }

    @Override
    public boolean remoteKnown() {
        return context.remoteKnown();
    }

    @Override
    public void setRemoteKnown(boolean known) {
        context.setRemoteKnown(known);
    }

    @Override
    public void fire(TcpEvent event) {
        machine.fire(event, context);
    }
}
