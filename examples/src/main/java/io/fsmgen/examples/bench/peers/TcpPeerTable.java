package io.fsmgen.examples.bench.peers;

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

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code TcpSpec}'s table once, in a form every peer library can be configured from: for each of the 231 (state,
 * event) cells, its rows in the order they are tried. It is written row for row like {@code TcpSpec}, with the same
 * two rules the processor applies: a row that names a state is tried before the {@code "*"} rows, and the
 * {@code "*"} rows only reach cells without an unguarded row of their own. The entry and exit work (TIME_WAIT's
 * timer, CLOSED and ESTABLISHED's entry) is the peers' own business, done with each library's hooks.
 */
public final class TcpPeerTable {

    /**
     * One row of a cell.
     *
     * @param guard  null for the cell's unguarded (last) row
     * @param target null for an internal transition (no exit, no entry)
     * @param actions the row's actions, in order
     */
    public record Row(Predicate<TcpPeerContext> guard, TcpState target, List<Consumer<TcpPeerContext>> actions) {

        public boolean internal() {
            return target == null;
        }

        /**
         * Runs the actions in order. Indexed rather than for-each: the rows' lists are of several immutable list
         * classes, so the call to {@code iterator()} is megamorphic and its iterator (32 B) escaped on every event.
         */
        public void act(TcpPeerContext context) {
            for (int i = 0; i < actions.size(); i++) {
                actions.get(i).accept(context);
            }
        }
    }

    private static final int EVENTS = TcpEvent.values().length;
    private static final List<List<Row>> CELLS = new ArrayList<>();
    private static final boolean[] INTERNAL;

    static {
        for (int i = 0; i < TcpState.values().length * EVENTS; i++) {
            CELLS.add(new ArrayList<>());
        }
        table();
        INTERNAL = new boolean[CELLS.size()];
        for (int i = 0; i < CELLS.size(); i++) {
            List<Row> rows = CELLS.get(i);
            if (rows.isEmpty() || rows.get(rows.size() - 1).guard() != null) {
                throw new AssertionError("an undecided cell");
            }
            CELLS.set(i, List.copyOf(rows));
            INTERNAL[i] = rows.stream().allMatch(Row::internal);
        }
    }

    private TcpPeerTable() {}

    /** The rows of one cell, in the order they are tried; the last one has no guard. */
    public static List<Row> rows(TcpState state, TcpEvent event) {
        return CELLS.get(state.ordinal() * EVENTS + event.ordinal());
    }

    /** Whether {@code event} in {@code state} is an internal transition (no exit, no entry) whatever the guards say. */
    public static boolean internal(TcpState state, TcpEvent event) {
        return INTERNAL[state.ordinal() * EVENTS + event.ordinal()];
    }

    @SafeVarargs
    private static void row(EnumSet<TcpState> from, EnumSet<TcpEvent> on, TcpState to,
                            Consumer<TcpPeerContext>... actions) {
        guarded(from, on, null, to, actions);
    }

    @SafeVarargs
    private static void guarded(EnumSet<TcpState> from, EnumSet<TcpEvent> on, Predicate<TcpPeerContext> guard,
                                TcpState to, Consumer<TcpPeerContext>... actions) {
        for (TcpState state : from) {
            for (TcpEvent event : on) {
                List<Row> rows = CELLS.get(state.ordinal() * EVENTS + event.ordinal());
                if (!rows.isEmpty() && rows.get(rows.size() - 1).guard() == null) {
                    throw new AssertionError(event + " in " + state + " has an unguarded row already");
                }
                rows.add(new Row(guard, to, List.of(actions)));
            }
        }
    }

    /** A {@code "*"} row: every state whose cell has no unguarded row yet. */
    @SafeVarargs
    private static void any(EnumSet<TcpEvent> on, TcpState to, Consumer<TcpPeerContext>... actions) {
        for (TcpState state : TcpState.values()) {
            for (TcpEvent event : on) {
                List<Row> rows = CELLS.get(state.ordinal() * EVENTS + event.ordinal());
                if (rows.isEmpty() || rows.get(rows.size() - 1).guard() != null) {
                    row(EnumSet.of(state), EnumSet.of(event), to, actions);
                }
            }
        }
    }

    private static EnumSet<TcpState> from(TcpState first, TcpState... rest) {
        return EnumSet.of(first, rest);
    }

    private static EnumSet<TcpEvent> on(TcpEvent first, TcpEvent... rest) {
        return EnumSet.of(first, rest);
    }

    /** {@code TcpSpec}'s rows, in its order. */
    private static void table() {
        // ---- CLOSED ----
        row(from(CLOSED), on(PASSIVE_OPEN), LISTEN);
        row(from(CLOSED), on(ACTIVE_OPEN), SYN_SENT, TcpPeerContext::activeOpen, TcpPeerContext::sendSyn);
        row(from(CLOSED), on(SEND, RECEIVE, CLOSE, ABORT, CLOSE_DISCARDING_UNREAD), null,
                TcpPeerContext::errorDoesNotExist);
        row(from(CLOSED), on(RCV_SYN, RCV_SYN_RETRANSMITTED), null, TcpPeerContext::sendRstAck);
        row(from(CLOSED), on(RCV_SYN_ACK, RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN, RCV_FIN_ACK,
                RCV_DATA_NO_READER), null, TcpPeerContext::sendRst);
        row(from(CLOSED), on(RCV_RST), null);
        row(from(CLOSED), on(USER_TIMEOUT), null);

        // ---- LISTEN ----
        row(from(LISTEN), on(ACTIVE_OPEN), SYN_SENT, TcpPeerContext::activeOpen, TcpPeerContext::sendSyn);
        guarded(from(LISTEN), on(SEND), TcpPeerContext::remoteKnown, SYN_SENT, TcpPeerContext::sendSyn);
        row(from(LISTEN), on(SEND), null, TcpPeerContext::errorRemoteUnspecified);
        row(from(LISTEN), on(CLOSE), CLOSED);
        row(from(LISTEN), on(ABORT), CLOSED);
        row(from(LISTEN), on(RCV_RST), null);
        row(from(LISTEN), on(RCV_SYN_ACK, RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE, RCV_FIN, RCV_FIN_ACK,
                RCV_DATA_NO_READER), null, TcpPeerContext::sendRst);
        row(from(LISTEN), on(RCV_SYN, RCV_SYN_RETRANSMITTED), SYN_RECEIVED, TcpPeerContext::fromListen,
                TcpPeerContext::sendSynAck);

        // ---- SYN_SENT ----
        row(from(SYN_SENT), on(RCV_SYN_ACK), ESTABLISHED, TcpPeerContext::sendAck);
        row(from(SYN_SENT), on(RCV_SYN, RCV_SYN_RETRANSMITTED), SYN_RECEIVED, TcpPeerContext::fromSynSent,
                TcpPeerContext::sendSynAck);
        row(from(SYN_SENT), on(RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null, TcpPeerContext::sendRst);
        row(from(SYN_SENT), on(RCV_RST), CLOSED, TcpPeerContext::signalReset);
        row(from(SYN_SENT), on(RCV_ACK, RCV_FIN, RCV_FIN_ACK, RCV_DATA_NO_READER), null);
        row(from(SYN_SENT), on(CLOSE), CLOSED);
        row(from(SYN_SENT), on(ABORT), CLOSED);

        // ---- SYN_RECEIVED ----
        row(from(SYN_RECEIVED), on(RCV_ACK), ESTABLISHED);
        guarded(from(SYN_RECEIVED), on(RCV_SYN_ACK), TcpPeerContext::passive, LISTEN);
        row(from(SYN_RECEIVED), on(RCV_SYN_ACK), ESTABLISHED);
        row(from(SYN_RECEIVED), on(RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null, TcpPeerContext::sendRst);
        row(from(SYN_RECEIVED), on(RCV_FIN, RCV_FIN_ACK), CLOSE_WAIT,
                TcpPeerContext::signalConnected, TcpPeerContext::sendAck, TcpPeerContext::signalClosing);
        guarded(from(SYN_RECEIVED), on(RCV_RST), TcpPeerContext::passive, LISTEN);
        row(from(SYN_RECEIVED), on(RCV_RST), CLOSED, TcpPeerContext::signalRefused);
        guarded(from(SYN_RECEIVED), on(RCV_SYN), TcpPeerContext::passive, LISTEN);
        row(from(SYN_RECEIVED), on(RCV_SYN), null, TcpPeerContext::sendChallengeAck);
        guarded(from(SYN_RECEIVED), on(RCV_SYN_RETRANSMITTED), TcpPeerContext::passive, null,
                TcpPeerContext::sendSynAck);
        row(from(SYN_RECEIVED), on(RCV_SYN_RETRANSMITTED), null, TcpPeerContext::sendChallengeAck);
        row(from(SYN_RECEIVED), on(CLOSE), FIN_WAIT_1, TcpPeerContext::sendFin);

        // ---- ESTABLISHED ----
        row(from(ESTABLISHED), on(CLOSE), FIN_WAIT_1, TcpPeerContext::sendFin);
        row(from(ESTABLISHED), on(RCV_FIN, RCV_FIN_ACK), CLOSE_WAIT, TcpPeerContext::sendAck,
                TcpPeerContext::signalClosing);

        // ---- FIN_WAIT_1 ----
        row(from(FIN_WAIT_1), on(RCV_ACK), FIN_WAIT_2);
        row(from(FIN_WAIT_1), on(RCV_FIN), CLOSING, TcpPeerContext::sendAck, TcpPeerContext::signalClosing);
        row(from(FIN_WAIT_1), on(RCV_FIN_ACK), TIME_WAIT, TcpPeerContext::sendAck, TcpPeerContext::signalClosing);

        // ---- FIN_WAIT_2 ----
        row(from(FIN_WAIT_2), on(RCV_FIN, RCV_FIN_ACK), TIME_WAIT, TcpPeerContext::sendAck,
                TcpPeerContext::signalClosing);

        // ---- CLOSE_WAIT ----
        row(from(CLOSE_WAIT), on(CLOSE), LAST_ACK, TcpPeerContext::sendFin);
        row(from(CLOSE_WAIT), on(RCV_FIN, RCV_FIN_ACK), null, TcpPeerContext::sendAck);

        // ---- CLOSING ----
        row(from(CLOSING), on(RCV_ACK), TIME_WAIT);
        row(from(CLOSING), on(RCV_FIN_ACK), TIME_WAIT, TcpPeerContext::sendAck);
        row(from(CLOSING), on(RCV_FIN), null, TcpPeerContext::sendAck);

        // ---- LAST_ACK ----
        row(from(LAST_ACK), on(RCV_ACK, RCV_FIN_ACK), CLOSED);
        row(from(LAST_ACK), on(RCV_FIN), null, TcpPeerContext::sendAck);
        row(from(LAST_ACK), on(RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null);

        // ---- TIME_WAIT ----
        row(from(TIME_WAIT), on(RCV_FIN, RCV_FIN_ACK), TIME_WAIT, TcpPeerContext::sendAck);
        row(from(TIME_WAIT), on(TIMEOUT), CLOSED);
        row(from(TIME_WAIT), on(RCV_RST), CLOSED);
        row(from(TIME_WAIT), on(RCV_ACK, RCV_ACK_PARTIAL, RCV_ACK_UNACCEPTABLE), null);

        // ---- rows shared by several states ----
        row(from(LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT), on(RECEIVE), null);
        row(from(SYN_SENT, SYN_RECEIVED), on(SEND), null);
        row(from(ESTABLISHED, CLOSE_WAIT), on(SEND), null, TcpPeerContext::sendData);
        row(from(FIN_WAIT_1, FIN_WAIT_2), on(SEND, CLOSE), null, TcpPeerContext::errorClosing);
        row(from(CLOSING, LAST_ACK, TIME_WAIT), on(SEND, RECEIVE, CLOSE), null, TcpPeerContext::errorClosing);
        row(from(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT), on(ABORT), CLOSED,
                TcpPeerContext::sendRst);
        row(from(CLOSING, LAST_ACK, TIME_WAIT), on(ABORT), CLOSED);
        row(from(LISTEN, SYN_SENT), on(CLOSE_DISCARDING_UNREAD), CLOSED);
        row(from(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK),
                on(CLOSE_DISCARDING_UNREAD), CLOSED, TcpPeerContext::sendRst);
        row(from(TIME_WAIT), on(CLOSE_DISCARDING_UNREAD), null);
        row(from(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2), on(RCV_DATA_NO_READER), CLOSED,
                TcpPeerContext::sendRst);
        row(from(CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT), on(RCV_DATA_NO_READER), null);
        row(from(ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT), on(RCV_ACK, RCV_ACK_PARTIAL), null);
        row(from(FIN_WAIT_1, CLOSING), on(RCV_ACK_PARTIAL), null);
        row(from(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING), on(RCV_ACK_UNACCEPTABLE), null,
                TcpPeerContext::sendAck);
        row(from(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT), on(RCV_RST), CLOSED, TcpPeerContext::signalReset);
        row(from(CLOSING, LAST_ACK), on(RCV_RST), CLOSED);
        row(from(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT),
                on(RCV_SYN, RCV_SYN_ACK, RCV_SYN_RETRANSMITTED), null, TcpPeerContext::sendChallengeAck);
        row(from(SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK),
                on(RETRANSMISSION_TIMEOUT), null, TcpPeerContext::retransmit);
        guarded(from(SYN_RECEIVED), on(RETRANSMISSION_EXHAUSTED), TcpPeerContext::passive, LISTEN);
        row(from(SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, CLOSE_WAIT, CLOSING, LAST_ACK),
                on(RETRANSMISSION_EXHAUSTED), CLOSED, TcpPeerContext::signalTimedOut);

        // ---- fallbacks for every other state ("*") ----
        any(on(PASSIVE_OPEN, ACTIVE_OPEN), null, TcpPeerContext::errorAlreadyExists);
        any(on(USER_TIMEOUT), CLOSED, TcpPeerContext::errorUserTimeout);
        any(on(TIMEOUT, RETRANSMISSION_TIMEOUT, RETRANSMISSION_EXHAUSTED), null);
    }
}
