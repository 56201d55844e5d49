package io.fsmgen.examples.spring;

import static io.fsmgen.tcp.TcpEvent.ABORT;
import static io.fsmgen.tcp.TcpEvent.ACTIVE_OPEN;
import static io.fsmgen.tcp.TcpEvent.CLOSE;
import static io.fsmgen.tcp.TcpEvent.CLOSE_DISCARDING_UNREAD;
import static io.fsmgen.tcp.TcpEvent.PASSIVE_OPEN;
import static io.fsmgen.tcp.TcpEvent.RCV_ACK;
import static io.fsmgen.tcp.TcpEvent.RCV_ACK_PARTIAL;
import static io.fsmgen.tcp.TcpEvent.RCV_ACK_UNACCEPTABLE;
import static io.fsmgen.tcp.TcpEvent.RCV_DATA_NO_READER;
import static io.fsmgen.tcp.TcpEvent.RCV_FIN;
import static io.fsmgen.tcp.TcpEvent.RCV_FIN_ACK;
import static io.fsmgen.tcp.TcpEvent.RCV_RST;
import static io.fsmgen.tcp.TcpEvent.RCV_SYN;
import static io.fsmgen.tcp.TcpEvent.RCV_SYN_RETRANSMITTED;
import static io.fsmgen.tcp.TcpEvent.RCV_SYN_ACK;
import static io.fsmgen.tcp.TcpEvent.RECEIVE;
import static io.fsmgen.tcp.TcpEvent.RETRANSMISSION_EXHAUSTED;
import static io.fsmgen.tcp.TcpEvent.RETRANSMISSION_TIMEOUT;
import static io.fsmgen.tcp.TcpEvent.SEND;
import static io.fsmgen.tcp.TcpEvent.TIMEOUT;
import static io.fsmgen.tcp.TcpEvent.USER_TIMEOUT;
import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.CLOSING;
import static io.fsmgen.tcp.TcpState.ESTABLISHED;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.LISTEN;
import static io.fsmgen.tcp.TcpState.SYN_RECEIVED;
import static io.fsmgen.tcp.TcpState.SYN_SENT;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.StateMachineEventResult.ResultType;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.config.configurers.StateConfigurer;
import org.springframework.statemachine.guard.Guard;
import reactor.core.publisher.Mono;

/**
 * The TCP table of {@link TcpSpec} (the fsmgen-generated {@code TcpMachine}) written for Spring Statemachine 4.0.2
 * with {@link StateMachineBuilder}, without an application context. It exists for comparison only: the differential
 * test drives it side by side with {@code TcpMachine}, and the JMH benchmarks measure both.
 *
 * <p>Same states ({@link TcpState}), events ({@link TcpEvent}), guards ({@code passive}, MUST-11, and
 * {@code remoteKnown}) and effects: they go to the same {@link TcpEffects} sink, in the same order, so two runs can be
 * compared effect by effect.
 *
 * <p>How the table is encoded, and where Spring differs:
 *
 * <ul>
 *   <li>One {@link StateMachineFactory} is built once (the configuration is shared); each connection is one
 *       {@code getStateMachine()} + {@code startReactively()}. Guards and actions are therefore shared, stateless
 *       objects; the per-connection data (the two flags and the effects sink) lives in the machine's
 *       {@code ExtendedState}, as Spring's documentation recommends.
 *   <li>Events go in through the non-deprecated reactive API, {@code sendEvent(Mono<Message>)}, and the call blocks
 *       at the edge with {@code blockLast()}. Messages and their {@code Mono}s are pre-built per event.
 *   <li>TIME_WAIT: the 2·MSL expiry is the explicit {@link TcpEvent#TIMEOUT} event (a {@code TIME_WAIT --TIMEOUT-->
 *       CLOSED} row), not {@code timerOnce(...)}: Spring's timers run on Reactor's parallel scheduler, on another
 *       thread, which would make the comparison non-deterministic. The "TIME-WAIT started" notification is still
 *       emitted on entry, like {@code TcpMachine}'s.
 *   <li>A row without a target is a {@code withInternal()} transition (no exit/entry), a row with a target a
 *       {@code withExternal()} one ({@code TIME_WAIT --RCV_FIN--> TIME_WAIT} exits and re-enters, restarting
 *       2·MSL, as in fsmgen).
 *   <li>Spring has no "any state" source: fsmgen's {@code "*"} rows are expanded here to every state that has no
 *       unguarded row of its own for the event, which is what fsmgen does at build time.
 *   <li>Guarded alternatives: the guarded row gets its fallback with the negated guard, and no unguarded row is
 *       added to that cell. Spring does not try the candidates of a (state, event) in declaration order (they come
 *       out of a {@code HashMap} keyed by trigger objects with identity hash codes, so the order can change from run
 *       to run); with complementary guards exactly one candidate can fire, whatever the order.
 *   <li>Spring runs a transition's actions <em>before</em> the source state's exit actions (fsmgen, like UML, runs
 *       exit, then the transition's actions, then entry). The only exit action of the table is TIME_WAIT's
 *       "TIME-WAIT stopped" notification, so it is not registered with {@code stateExit(...)}: it is prepended to the
 *       actions of every external row leaving TIME_WAIT, which gives the same effect order as {@code TcpMachine}.
 *   <li>Unhandled events: the table is complete, so none exists; were one missing, Spring would answer
 *       {@link ResultType#DENIED} where {@code TcpMachine} ({@code Unhandled.THROW}) throws. A guard that returns
 *       false still gives {@link ResultType#ACCEPTED} (the state does not change): callers must compare the state
 *       (and effects), not the result type, to learn what happened.
 * </ul>
 *
 * <p>Not thread-safe, like any Spring state machine driven with blocking calls: one thread per machine at a time.
 */
public final class SpringTcpMachine {

    /** Extended-state keys. */
    static final String PASSIVE = "passive";

    static final String REMOTE_KNOWN = "remoteKnown";
    static final String EFFECTS = "effects";
    static final String CONFIG = "config";

    private static final TcpEvent[] EVENTS = TcpEvent.values();

    /** Pre-built message and Mono per event: both are immutable and can be shared by every machine. */
    @SuppressWarnings("unchecked")
    private static final Mono<Message<TcpEvent>>[] MESSAGES = new Mono[EVENTS.length];

    static {
        for (TcpEvent e : EVENTS) {
            MESSAGES[e.ordinal()] = Mono.just(MessageBuilder.withPayload(e).build());
        }
    }

    private final StateMachine<TcpState, TcpEvent> machine;
    private final Map<Object, Object> variables;

    /** A started machine in CLOSED whose effects go to {@code effects}, from the shared factory. */
    public SpringTcpMachine(TcpEffects effects, TcpConfig config) {
        this(Factory.INSTANCE, effects, config);
    }

    /** A started machine in CLOSED from {@code factory} (see {@link #newFactory()}). */
    public SpringTcpMachine(StateMachineFactory<TcpState, TcpEvent> factory, TcpEffects effects, TcpConfig config) {
        this.machine = factory.getStateMachine();
        this.variables = machine.getExtendedState().getVariables();
        variables.put(EFFECTS, Objects.requireNonNull(effects, "effects"));
        variables.put(CONFIG, Objects.requireNonNull(config, "config"));
        variables.put(PASSIVE, Boolean.FALSE);
        variables.put(REMOTE_KNOWN, Boolean.FALSE);
        machine.startReactively().block();
    }

    /** The shared factory every {@link #SpringTcpMachine(TcpEffects, TcpConfig)} uses. */
    public static StateMachineFactory<TcpState, TcpEvent> sharedFactory() {
        return Factory.INSTANCE;
    }

    /** The Spring machine underneath. */
    public StateMachine<TcpState, TcpEvent> delegate() {
        return machine;
    }

    /** The current state. */
    public TcpState state() {
        return machine.getState().getId();
    }

    /**
     * Sends {@code event} with {@code sendEvent(Mono<Message>)} and blocks until it is processed. Returns Spring's
     * verdict: DENIED when no transition of the current state has this event as trigger; ACCEPTED otherwise, even
     * when every guard said no.
     */
    public ResultType send(TcpEvent event) {
        StateMachineEventResult<TcpState, TcpEvent> result =
                machine.sendEvent(MESSAGES[event.ordinal()]).blockLast();
        return result == null ? ResultType.DENIED : result.getResultType();
    }

    /** MUST-11: whether the current (or last) SYN_RECEIVED was reached by a passive OPEN. */
    public boolean passive() {
        return (Boolean) variables.get(PASSIVE);
    }

    /** Whether the remote socket is specified. */
    public boolean remoteKnown() {
        return (Boolean) variables.get(REMOTE_KNOWN);
    }

    /** Same as {@code TcpSpec.setRemoteKnown}. */
    public void setRemoteKnown(boolean known) {
        variables.put(REMOTE_KNOWN, known);
    }

    /** Stops the machine (Spring would otherwise keep its trigger subscription alive). */
    public void stop() {
        machine.stopReactively().block();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The table.

    /** Builds the factory: the whole TCP table, on Spring's builder. */
    public static StateMachineFactory<TcpState, TcpEvent> newFactory() {
        try {
            StateMachineBuilder.Builder<TcpState, TcpEvent> builder = StateMachineBuilder.builder();
            builder.configureConfiguration().withConfiguration().autoStartup(false).machineId("tcp");
            StateConfigurer<TcpState, TcpEvent> states = builder.configureStates().withStates()
                    .initial(CLOSED)
                    .states(EnumSet.allOf(TcpState.class))
                    .stateEntry(CLOSED, TCB_DELETED)
                    .stateEntry(ESTABLISHED, ESTABLISHED_ENTERED)
                    .stateEntry(TIME_WAIT, TIME_WAIT_ENTERED);
            Objects.requireNonNull(states);
            Rows rows = new Rows(builder.configureTransitions());

            // ---- CLOSED ----
            rows.row(from(CLOSED), on(PASSIVE_OPEN), LISTEN);
            rows.row(from(CLOSED), on(ACTIVE_OPEN), SYN_SENT, ACTIVE_OPEN_FLAG, SEND_SYN);
            rows.row(from(CLOSED), on(SEND, RECEIVE, CLOSE, ABORT, CLOSE_DISCARDING_UNREAD), null,
                    ERROR_DOES_NOT_EXIST);
            rows.row(from(CLOSED), on(RCV_SYN, RCV_SYN_RETRANSMITTED), null, SEND_RST_ACK);
            rows.row(from(CLOSED), on(RCV_SYN_ACK, RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN,
                    RCV_FIN_ACK, RCV_DATA_NO_READER), null, SEND_RST);
            rows.row(from(CLOSED), on(RCV_RST), null);
            rows.row(from(CLOSED), on(USER_TIMEOUT), null);

            // ---- LISTEN ----
            rows.row(from(LISTEN), on(ACTIVE_OPEN), SYN_SENT, ACTIVE_OPEN_FLAG, SEND_SYN);
            rows.guarded(from(LISTEN), on(SEND), REMOTE_KNOWN_GUARD, SYN_SENT, SEND_SYN);
            rows.guarded(from(LISTEN), on(SEND), not(REMOTE_KNOWN_GUARD), null, ERROR_REMOTE_UNSPECIFIED);
            rows.row(from(LISTEN), on(CLOSE), CLOSED);
            rows.row(from(LISTEN), on(ABORT), CLOSED);
            rows.row(from(LISTEN), on(RCV_RST), null);
            rows.row(from(LISTEN), on(RCV_SYN_ACK, RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN,
                    RCV_FIN_ACK, RCV_DATA_NO_READER), null, SEND_RST);
            rows.row(from(LISTEN), on(RCV_SYN, RCV_SYN_RETRANSMITTED), SYN_RECEIVED, FROM_LISTEN, SEND_SYN_ACK);

            // ---- SYN_SENT ----
            rows.row(from(SYN_SENT), on(RCV_SYN_ACK), ESTABLISHED, SEND_ACK);
            rows.row(from(SYN_SENT), on(RCV_SYN, RCV_SYN_RETRANSMITTED), SYN_RECEIVED, FROM_SYN_SENT, SEND_SYN_ACK);
            rows.row(from(SYN_SENT), on(RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null, SEND_RST);
            rows.row(from(SYN_SENT), on(RCV_RST), CLOSED, SIGNAL_RESET);
            rows.row(from(SYN_SENT), on(RCV_ACK, RCV_FIN, RCV_FIN_ACK, RCV_DATA_NO_READER), null);
            rows.row(from(SYN_SENT), on(CLOSE), CLOSED);
            rows.row(from(SYN_SENT), on(ABORT), CLOSED);

            // ---- SYN_RECEIVED ----
            rows.row(from(SYN_RECEIVED), on(RCV_ACK), ESTABLISHED);
            rows.guarded(from(SYN_RECEIVED), on(RCV_SYN_ACK), PASSIVE_GUARD, LISTEN);
            rows.guarded(from(SYN_RECEIVED), on(RCV_SYN_ACK), not(PASSIVE_GUARD), ESTABLISHED);
            rows.row(from(SYN_RECEIVED), on(RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null, SEND_RST);
            rows.row(from(SYN_RECEIVED), on(RCV_FIN, RCV_FIN_ACK), CLOSE_WAIT,
                    SIGNAL_CONNECTED, SEND_ACK, SIGNAL_CLOSING);
            rows.guarded(from(SYN_RECEIVED), on(RCV_RST), PASSIVE_GUARD, LISTEN);
            rows.guarded(from(SYN_RECEIVED), on(RCV_RST), not(PASSIVE_GUARD), CLOSED, SIGNAL_REFUSED);
            rows.guarded(from(SYN_RECEIVED), on(RCV_SYN), PASSIVE_GUARD, LISTEN);
            rows.guarded(from(SYN_RECEIVED), on(RCV_SYN), not(PASSIVE_GUARD), null, SEND_CHALLENGE_ACK);
            rows.guarded(from(SYN_RECEIVED), on(RCV_SYN_RETRANSMITTED), PASSIVE_GUARD, null, SEND_SYN_ACK);
            rows.guarded(from(SYN_RECEIVED), on(RCV_SYN_RETRANSMITTED), not(PASSIVE_GUARD), null, SEND_CHALLENGE_ACK);
            rows.row(from(SYN_RECEIVED), on(CLOSE), FIN_WAIT_1, SEND_FIN);

            // ---- ESTABLISHED ----
            rows.row(from(ESTABLISHED), on(CLOSE), FIN_WAIT_1, SEND_FIN);
            rows.row(from(ESTABLISHED), on(RCV_FIN, RCV_FIN_ACK), CLOSE_WAIT, SEND_ACK, SIGNAL_CLOSING);

            // ---- FIN_WAIT_1 ----
            rows.row(from(FIN_WAIT_1), on(RCV_ACK), FIN_WAIT_2);
            rows.row(from(FIN_WAIT_1), on(RCV_FIN), CLOSING, SEND_ACK, SIGNAL_CLOSING);
            rows.row(from(FIN_WAIT_1), on(RCV_FIN_ACK), TIME_WAIT, SEND_ACK, SIGNAL_CLOSING);

            // ---- FIN_WAIT_2 ----
            rows.row(from(FIN_WAIT_2), on(RCV_FIN, RCV_FIN_ACK), TIME_WAIT, SEND_ACK, SIGNAL_CLOSING);

            // ---- CLOSE_WAIT ----
            rows.row(from(CLOSE_WAIT), on(CLOSE), LAST_ACK, SEND_FIN);
            rows.row(from(CLOSE_WAIT), on(RCV_FIN, RCV_FIN_ACK), null, SEND_ACK);

            // ---- CLOSING ----
            rows.row(from(CLOSING), on(RCV_ACK), TIME_WAIT);
            rows.row(from(CLOSING), on(RCV_FIN_ACK), TIME_WAIT, SEND_ACK);
            rows.row(from(CLOSING), on(RCV_FIN), null, SEND_ACK);

            // ---- LAST_ACK ----
            rows.row(from(LAST_ACK), on(RCV_ACK, RCV_FIN_ACK), CLOSED);
            rows.row(from(LAST_ACK), on(RCV_FIN), null, SEND_ACK);
            rows.row(from(LAST_ACK), on(RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null);

            // ---- TIME_WAIT ----
            rows.row(from(TIME_WAIT), on(RCV_FIN, RCV_FIN_ACK), TIME_WAIT, SEND_ACK);
            rows.row(from(TIME_WAIT), on(TIMEOUT), CLOSED);
            rows.row(from(TIME_WAIT), on(RCV_RST), CLOSED);
            rows.row(from(TIME_WAIT), on(RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null);

            // ---- rows shared by several states ----
            rows.row(from(LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT),
                    on(RECEIVE), null);
            rows.row(from(SYN_SENT, SYN_RECEIVED), on(SEND), null);
            rows.row(from(ESTABLISHED, CLOSE_WAIT), on(SEND), null, SEND_DATA);
            rows.row(from(FIN_WAIT_1, FIN_WAIT_2), on(SEND, CLOSE), null, ERROR_CLOSING);
            rows.row(from(CLOSING, LAST_ACK, TIME_WAIT), on(SEND, RECEIVE, CLOSE), null, ERROR_CLOSING);
            rows.row(from(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT), on(ABORT), CLOSED,
                    SEND_RST);
            rows.row(from(CLOSING, LAST_ACK, TIME_WAIT), on(ABORT), CLOSED);
            rows.row(from(LISTEN, SYN_SENT), on(CLOSE_DISCARDING_UNREAD), CLOSED);
            rows.row(from(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK),
                    on(CLOSE_DISCARDING_UNREAD), CLOSED, SEND_RST);
            rows.row(from(TIME_WAIT), on(CLOSE_DISCARDING_UNREAD), null);
            rows.row(from(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2), on(RCV_DATA_NO_READER), CLOSED, SEND_RST);
            rows.row(from(CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT), on(RCV_DATA_NO_READER), null);
            rows.row(from(ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT), on(RCV_ACK, RCV_ACK_PARTIAL), null);
            rows.row(from(FIN_WAIT_1, CLOSING), on(RCV_ACK_PARTIAL), null);
            rows.row(from(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING), on(RCV_ACK_UNACCEPTABLE), null,
                    SEND_ACK);
            rows.row(from(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT), on(RCV_RST), CLOSED, SIGNAL_RESET);
            rows.row(from(CLOSING, LAST_ACK), on(RCV_RST), CLOSED);
            rows.row(from(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT),
                    on(RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED), null, SEND_CHALLENGE_ACK);
            rows.row(from(SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK),
                    on(RETRANSMISSION_TIMEOUT), null, RETRANSMIT);
            rows.guarded(from(SYN_RECEIVED), on(RETRANSMISSION_EXHAUSTED), PASSIVE_GUARD, LISTEN);
            rows.guarded(from(SYN_RECEIVED), on(RETRANSMISSION_EXHAUSTED), not(PASSIVE_GUARD), CLOSED,
                    SIGNAL_TIMED_OUT);
            rows.row(from(SYN_SENT, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK),
                    on(RETRANSMISSION_EXHAUSTED), CLOSED, SIGNAL_TIMED_OUT);

            // ---- fsmgen's "*" rows: every state without an unguarded row of its own for the event ----
            rows.anyOther(on(PASSIVE_OPEN, ACTIVE_OPEN), null, ERROR_ALREADY_EXISTS);
            rows.anyOther(on(USER_TIMEOUT), CLOSED, ERROR_USER_TIMEOUT);
            rows.anyOther(on(TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED), null);

            return builder.createFactory();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the Spring TCP machine", e);
        }
    }

    private static TcpState[] from(TcpState... states) {
        return states;
    }

    private static TcpEvent[] on(TcpEvent... events) {
        return events;
    }

    /** Writes rows into Spring's transition configurer; fsmgen's "a cell ends at its first guardless row". */
    private static final class Rows {
        private final org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer<
                        TcpState, TcpEvent>
                transitions;
        /** Cells that already have an unguarded row (fsmgen: no later row of that cell is reachable). */
        private final boolean[][] closed = new boolean[TcpState.values().length][EVENTS.length];

        Rows(org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer<TcpState, TcpEvent>
                transitions) {
            this.transitions = transitions;
        }

        @SafeVarargs
        final void row(TcpState[] sources, TcpEvent[] events, TcpState target, Action<TcpState, TcpEvent>... actions)
                throws Exception {
            add(sources, events, null, target, actions);
        }

        @SafeVarargs
        final void guarded(TcpState[] sources, TcpEvent[] events, Guard<TcpState, TcpEvent> guard, TcpState target,
                Action<TcpState, TcpEvent>... actions) throws Exception {
            add(sources, events, guard, target, actions);
        }

        @SafeVarargs
        final void anyOther(TcpEvent[] events, TcpState target, Action<TcpState, TcpEvent>... actions) throws Exception {
            for (TcpState s : TcpState.values()) {
                for (TcpEvent e : events) {
                    if (!closed[s.ordinal()][e.ordinal()]) {
                        add(from(s), on(e), null, target, actions);
                    }
                }
            }
        }

        private void add(TcpState[] sources, TcpEvent[] events, Guard<TcpState, TcpEvent> guard, TcpState target,
                Action<TcpState, TcpEvent>[] actions) throws Exception {
            for (TcpState s : sources) {
                for (TcpEvent e : events) {
                    if (closed[s.ordinal()][e.ordinal()]) {
                        throw new IllegalStateException("row for " + s + "/" + e + " can never fire");
                    }
                    if (guard == null || guard instanceof Complement) {
                        // An unguarded row, or the negated guard after its guarded twin: the cell is complete.
                        closed[s.ordinal()][e.ordinal()] = true;
                    }
                    Action<TcpState, TcpEvent> action = sequence(s, target, actions);
                    if (target == null) {
                        var t = transitions.withInternal().source(s).event(e);
                        if (guard != null) {
                            t.guard(guard);
                        }
                        if (action != null) {
                            t.action(action);
                        }
                        t.and();
                    } else {
                        var t = transitions.withExternal().source(s).target(target).event(e);
                        if (guard != null) {
                            t.guard(guard);
                        }
                        if (action != null) {
                            t.action(action);
                        }
                        t.and();
                    }
                }
            }
        }

        /** The row's actions in order, preceded by TIME_WAIT's exit action when the row leaves TIME_WAIT. */
        @SuppressWarnings("unchecked")
        private static Action<TcpState, TcpEvent> sequence(TcpState source, TcpState target,
                Action<TcpState, TcpEvent>[] actions) {
            Action<TcpState, TcpEvent>[] all = actions;
            if (source == TIME_WAIT && target != null) {
                all = new Action[actions.length + 1];
                all[0] = TIME_WAIT_LEFT;
                System.arraycopy(actions, 0, all, 1, actions.length);
            }
            if (all.length == 0) {
                return null;
            }
            if (all.length == 1) {
                return all[0];
            }
            Action<TcpState, TcpEvent>[] chain = all;
            return ctx -> {
                for (Action<TcpState, TcpEvent> a : chain) {
                    a.execute(ctx);
                }
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Guards and actions: shared by every machine of the factory, so they keep nothing; per-connection data is in
    // the extended state.

    private static TcpEffects effects(StateContext<TcpState, TcpEvent> ctx) {
        return (TcpEffects) ctx.getExtendedState().getVariables().get(EFFECTS);
    }

    private static boolean flag(StateContext<TcpState, TcpEvent> ctx, String key) {
        return Boolean.TRUE.equals(ctx.getExtendedState().getVariables().get(key));
    }

    private static void set(StateContext<TcpState, TcpEvent> ctx, String key, boolean value) {
        ctx.getExtendedState().getVariables().put(key, value);
    }

    private static Guard<TcpState, TcpEvent> not(Guard<TcpState, TcpEvent> guard) {
        return new Complement(guard);
    }

    /** The negation of a guard: with its guarded twin declared before it, the two cover the cell. */
    private record Complement(Guard<TcpState, TcpEvent> guard) implements Guard<TcpState, TcpEvent> {
        @Override
        public boolean evaluate(StateContext<TcpState, TcpEvent> context) {
            return !guard.evaluate(context);
        }
    }

    static final Guard<TcpState, TcpEvent> PASSIVE_GUARD = ctx -> flag(ctx, PASSIVE);
    static final Guard<TcpState, TcpEvent> REMOTE_KNOWN_GUARD = ctx -> flag(ctx, REMOTE_KNOWN);

    // entry/exit
    static final Action<TcpState, TcpEvent> TCB_DELETED = ctx -> {
        set(ctx, PASSIVE, false);
        set(ctx, REMOTE_KNOWN, false);
    };
    static final Action<TcpState, TcpEvent> ESTABLISHED_ENTERED = ctx -> effects(ctx).signal(TcpSignal.CONNECTED);
    static final Action<TcpState, TcpEvent> TIME_WAIT_ENTERED = ctx -> effects(ctx)
            .timeWaitStarted(((TcpConfig) ctx.getExtendedState().getVariables().get(CONFIG)).timeWait());
    static final Action<TcpState, TcpEvent> TIME_WAIT_LEFT = ctx -> {
        if (ctx.getEvent() != TIMEOUT) {
            effects(ctx).timeWaitStopped();
        }
    };

    // extended state
    static final Action<TcpState, TcpEvent> ACTIVE_OPEN_FLAG = ctx -> set(ctx, REMOTE_KNOWN, true);
    static final Action<TcpState, TcpEvent> FROM_LISTEN = ctx -> {
        set(ctx, PASSIVE, true);
        set(ctx, REMOTE_KNOWN, true);
    };
    static final Action<TcpState, TcpEvent> FROM_SYN_SENT = ctx -> set(ctx, PASSIVE, false);

    // segments
    static final Action<TcpState, TcpEvent> SEND_SYN = ctx -> effects(ctx).send(TcpSegment.SYN);
    static final Action<TcpState, TcpEvent> SEND_SYN_ACK = ctx -> effects(ctx).send(TcpSegment.SYN_ACK);
    static final Action<TcpState, TcpEvent> SEND_ACK = ctx -> effects(ctx).send(TcpSegment.ACK);
    static final Action<TcpState, TcpEvent> SEND_DATA = ctx -> effects(ctx).send(TcpSegment.DATA);
    static final Action<TcpState, TcpEvent> SEND_FIN = ctx -> effects(ctx).send(TcpSegment.FIN);
    static final Action<TcpState, TcpEvent> SEND_RST = ctx -> effects(ctx).send(TcpSegment.RST);
    static final Action<TcpState, TcpEvent> SEND_RST_ACK = ctx -> effects(ctx).send(TcpSegment.RST_ACK);
    static final Action<TcpState, TcpEvent> SEND_CHALLENGE_ACK = ctx -> effects(ctx).send(TcpSegment.CHALLENGE_ACK);
    static final Action<TcpState, TcpEvent> RETRANSMIT = ctx -> effects(ctx).retransmit();

    // signals and errors
    static final Action<TcpState, TcpEvent> SIGNAL_CONNECTED = ctx -> effects(ctx).signal(TcpSignal.CONNECTED);
    static final Action<TcpState, TcpEvent> SIGNAL_CLOSING = ctx -> effects(ctx).signal(TcpSignal.CLOSING);
    static final Action<TcpState, TcpEvent> SIGNAL_RESET = ctx -> effects(ctx).signal(TcpSignal.RESET);
    static final Action<TcpState, TcpEvent> SIGNAL_REFUSED = ctx -> effects(ctx).signal(TcpSignal.REFUSED);
    static final Action<TcpState, TcpEvent> SIGNAL_TIMED_OUT = ctx -> effects(ctx).signal(TcpSignal.TIMED_OUT);
    static final Action<TcpState, TcpEvent> ERROR_DOES_NOT_EXIST =
            ctx -> effects(ctx).error(TcpSpec.CONNECTION_DOES_NOT_EXIST);
    static final Action<TcpState, TcpEvent> ERROR_ALREADY_EXISTS =
            ctx -> effects(ctx).error(TcpSpec.CONNECTION_ALREADY_EXISTS);
    static final Action<TcpState, TcpEvent> ERROR_CLOSING = ctx -> effects(ctx).error(TcpSpec.CONNECTION_CLOSING);
    static final Action<TcpState, TcpEvent> ERROR_REMOTE_UNSPECIFIED =
            ctx -> effects(ctx).error(TcpSpec.REMOTE_SOCKET_UNSPECIFIED);
    static final Action<TcpState, TcpEvent> ERROR_USER_TIMEOUT = ctx -> effects(ctx).error(TcpSpec.USER_TIMEOUT);

    /** Lazily built shared factory. */
    private static final class Factory {
        static final StateMachineFactory<TcpState, TcpEvent> INSTANCE = newFactory();
    }
}
