package io.fsmgen.examples.bench.peers;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The whole table driven from an {@code EnumMap<TcpState, EnumMap<TcpEvent, Row[]>>} built once and shared by every
 * machine, with the entry and exit work in two more {@code EnumMap}s: the table-driven machine one writes without a
 * library or a generator.
 */
public final class EnumMapWholeTcp implements TcpPeer {

    private static final Map<TcpState, Map<TcpEvent, TcpPeerTable.Row[]>> TABLE = new EnumMap<>(TcpState.class);
    private static final Map<TcpState, BiConsumer<TcpPeerContext, TcpEvent>> ENTRY = new EnumMap<>(TcpState.class);
    private static final Map<TcpState, BiConsumer<TcpPeerContext, TcpEvent>> EXIT = new EnumMap<>(TcpState.class);

    static {
        for (TcpState state : TcpState.values()) {
            Map<TcpEvent, TcpPeerTable.Row[]> cells = new EnumMap<>(TcpEvent.class);
            for (TcpEvent event : TcpEvent.values()) {
                List<TcpPeerTable.Row> rows = TcpPeerTable.rows(state, event);
                cells.put(event, rows.toArray(TcpPeerTable.Row[]::new));
            }
            TABLE.put(state, cells);
        }
        ENTRY.put(TcpState.CLOSED, (context, event) -> context.enteredClosed());
        ENTRY.put(TcpState.ESTABLISHED, (context, event) -> context.enteredEstablished());
        ENTRY.put(TcpState.TIME_WAIT, (context, event) -> context.enteredTimeWait());
        EXIT.put(TcpState.TIME_WAIT, TcpPeerContext::leftTimeWait);
    }

    private final TcpPeerContext context;
    private TcpState state = TcpState.CLOSED;

    public EnumMapWholeTcp(TcpEffects effects, Scheduler scheduler, TcpConfig config) {
        this.context = new TcpPeerContext(effects, scheduler, config,
                () -> context().timeWaitExpired(() -> fire(TcpEvent.TIMEOUT)));
    }

    private TcpPeerContext context() {
        return context;
    }

    @Override
    public TcpState state() {
        return state;
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
        for (TcpPeerTable.Row row : TABLE.get(state).get(event)) {
            if (row.guard() == null || row.guard().test(context)) {
                take(row, event);
                return;
            }
        }
        throw new IllegalStateException("no transition for " + event + " in " + state);
    }

    private void take(TcpPeerTable.Row row, TcpEvent event) {
        if (row.internal()) {
            row.act(context);
            return;
        }
        BiConsumer<TcpPeerContext, TcpEvent> exit = EXIT.get(state);
        if (exit != null) {
            exit.accept(context, event);
        }
        row.act(context);
        state = row.target();
        BiConsumer<TcpPeerContext, TcpEvent> entry = ENTRY.get(state);
        if (entry != null) {
            entry.accept(context, event);
        }
    }
}
