package io.fsmgen.examples.bench;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;
import java.util.EnumMap;
import java.util.Map;

/**
 * Table-driven: an {@code EnumMap<TcpState, EnumMap<TcpEvent, Row>>}, built once and shared by every machine; a row
 * is the cell's actions and next state. Covers the connection-life subset only (see {@link ReferenceTcp}).
 */
public final class EnumMapTcp extends ReferenceTcp {

    /** One cell: run the actions, then enter {@code target} (null: stay, no entry). */
    private interface Effect {
        void run(EnumMapTcp machine);
    }

    private record Row(Effect effect, TcpState target) {}

    private static final Map<TcpState, Map<TcpEvent, Row>> TABLE = new EnumMap<>(TcpState.class);

    private static void row(TcpState from, TcpEvent on, TcpState to, Effect effect) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(TcpEvent.class)).put(on, new Row(effect, to));
    }

    static {
        Effect none = m -> {};
        row(TcpState.CLOSED, TcpEvent.PASSIVE_OPEN, TcpState.LISTEN, none);
        row(TcpState.CLOSED, TcpEvent.ACTIVE_OPEN, TcpState.SYN_SENT, m -> {
            m.activeOpen();
            m.send(TcpSegment.SYN);
        });
        row(TcpState.LISTEN, TcpEvent.RCV_SYN, TcpState.SYN_RECEIVED, m -> {
            m.fromListen();
            m.send(TcpSegment.SYN_ACK);
        });
        row(TcpState.SYN_SENT, TcpEvent.RCV_SYN_ACK, TcpState.ESTABLISHED, m -> m.send(TcpSegment.ACK));
        row(TcpState.SYN_RECEIVED, TcpEvent.RCV_ACK, TcpState.ESTABLISHED, none);
        row(TcpState.ESTABLISHED, TcpEvent.SEND, null, m -> m.send(TcpSegment.DATA));
        row(TcpState.ESTABLISHED, TcpEvent.RECEIVE, null, none);
        row(TcpState.ESTABLISHED, TcpEvent.RCV_ACK, null, none);
        row(TcpState.ESTABLISHED, TcpEvent.CLOSE, TcpState.FIN_WAIT_1, m -> m.send(TcpSegment.FIN));
        row(TcpState.ESTABLISHED, TcpEvent.RCV_FIN, TcpState.CLOSE_WAIT, m -> {
            m.send(TcpSegment.ACK);
            m.signalClosing();
        });
        row(TcpState.FIN_WAIT_1, TcpEvent.RCV_ACK, TcpState.FIN_WAIT_2, none);
        row(TcpState.FIN_WAIT_2, TcpEvent.RCV_FIN, TcpState.TIME_WAIT, m -> {
            m.send(TcpSegment.ACK);
            m.signalClosing();
        });
        row(TcpState.CLOSE_WAIT, TcpEvent.CLOSE, TcpState.LAST_ACK, m -> m.send(TcpSegment.FIN));
        row(TcpState.LAST_ACK, TcpEvent.RCV_ACK, TcpState.CLOSED, none);
        row(TcpState.TIME_WAIT, TcpEvent.TIMEOUT, TcpState.CLOSED, none);
    }

    public EnumMapTcp(TcpEffects effects, TcpConfig config) {
        super(effects, config);
    }

    @Override
    public void fire(TcpEvent event) {
        Map<TcpEvent, Row> cells = TABLE.get(state);
        Row row = cells == null ? null : cells.get(event);
        if (row == null) {
            throw outside(event);
        }
        row.effect().run(this);
        TcpState target = row.target();
        if (target != null) {
            switch (target) {
                case CLOSED:
                    enterClosed();
                    break;
                case ESTABLISHED:
                    enterEstablished();
                    break;
                case TIME_WAIT:
                    enterTimeWait();
                    break;
                default:
                    state = target;
                    break;
            }
        }
    }
}
