package io.fsmgen.examples.bench.peers;

import com.github.oxo42.stateless4j.StateConfiguration;
import com.github.oxo42.stateless4j.StateMachine;
import com.github.oxo42.stateless4j.StateMachineConfig;
import com.github.oxo42.stateless4j.delegates.FuncBoolean;
import com.github.oxo42.stateless4j.transitions.Transition;
import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole table on stateless4j 2.5.0 (the newest release on Maven Central). How it is encoded, since stateless4j
 * 2.5 has neither transition actions nor internal transitions:
 *
 * <ul>
 *   <li>Each row is a {@code permitDynamicIf}: its destination selector runs the row's actions and names the target.
 *       Guarded rows of a cell get complementary guards (stateless4j refuses a trigger two of whose guards hold).
 *   <li>An internal row selects the current state, which stateless4j runs as a re-entry; the entry work of CLOSED,
 *       ESTABLISHED and TIME_WAIT skips re-entries by an internal row, so they behave as internal transitions. A cell
 *       that does nothing at all is {@code ignore}d.
 *   <li>The selector runs before the exit actions, so TIME_WAIT's exit work (cancelling the timer, "TIME-WAIT
 *       stopped") runs first in the selector of every external row that leaves TIME_WAIT, which keeps
 *       {@code TcpMachine}'s order of effects (exit, actions, entry).
 * </ul>
 *
 * <p>The guards and actions are closures over one machine's context, so each machine builds its own configuration.
 * stateless4j logs every event at INFO through {@code java.util.logging}; its logger is set to WARNING here, as an
 * application would (the message is still built for every event: that allocation is the library's).
 */
public final class Stateless4jTcp implements TcpPeer {

    /** Held here: {@code java.util.logging} keeps loggers weakly, and a collected one would forget its level. */
    private static final Logger LIBRARY_LOGGER = quiet(Logger.getLogger(StateMachine.class.getName()));

    private final TcpPeerContext context;
    private final StateMachine<TcpState, TcpEvent> machine;

    public Stateless4jTcp(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        this.context = new TcpPeerContext(effects, scheduler, config,
                () -> context().timeWaitExpired(() -> fire(TcpEvent.TIMEOUT)));
        this.machine = new StateMachine<>(TcpState.CLOSED, configure(context));
    }

    private TcpPeerContext context() {
        return context;
    }

    private static StateMachineConfig<TcpState, TcpEvent> configure(TcpPeerContext context) {
        StateMachineConfig<TcpState, TcpEvent> config = new StateMachineConfig<>();
        for (TcpState state : TcpState.values()) {
            StateConfiguration<TcpState, TcpEvent> s = config.configure(state);
            for (TcpEvent event : TcpEvent.values()) {
                List<TcpPeerTable.Row> rows = TcpPeerTable.rows(state, event);
                if (rows.size() == 1 && rows.get(0).internal() && rows.get(0).actions().isEmpty()) {
                    s.ignore(event);
                    continue;
                }
                FuncBoolean earlierGuardsFailed = () -> true;
                for (TcpPeerTable.Row row : rows) {
                    FuncBoolean notBefore = earlierGuardsFailed;
                    FuncBoolean guard = row.guard() == null ? notBefore
                            : () -> notBefore.call() && row.guard().test(context);
                    boolean leavesTimeWait = state == TcpState.TIME_WAIT && !row.internal();
                    TcpState target = row.internal() ? state : row.target();
                    s.permitDynamicIf(event, () -> {
                        if (leavesTimeWait) {
                            context.leftTimeWait(event);
                        }
                        row.act(context);
                        return target;
                    }, guard);
                    if (row.guard() != null) {
                        earlierGuardsFailed = () -> notBefore.call() && !row.guard().test(context);
                    }
                }
            }
        }
        config.configure(TcpState.CLOSED).onEntry(t -> {
            if (!internalReentry(t)) {
                context.enteredClosed();
            }
        });
        config.configure(TcpState.ESTABLISHED).onEntry(t -> {
            if (!internalReentry(t)) {
                context.enteredEstablished();
            }
        });
        config.configure(TcpState.TIME_WAIT).onEntry(t -> {
            if (!internalReentry(t)) {
                context.enteredTimeWait();
            }
        });
        return config;
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.WARNING);
        return logger;
    }

    private static boolean internalReentry(Transition<TcpState, TcpEvent> t) {
        return t.isReentry() && TcpPeerTable.internal(t.getSource(), t.getTrigger());
    }

    @Override
    public TcpState state() {
        return machine.getState();
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
        machine.fire(event);
    }
}
