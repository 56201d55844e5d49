package io.fsmgen.examples.bench;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;

/**
 * The combined-key dispatch shape: one {@code switch} on {@code (state << 5) | event} (21 events fit in 5 bits).
 * Covers the connection-life subset only (see {@link ReferenceTcp}).
 */
public final class PackedSwitchTcp extends ReferenceTcp {

    private static final int SHIFT = 5;

    public PackedSwitchTcp(TcpEffects effects, TcpConfig config) {
        super(effects, config);
    }

    @Override
    public void fire(TcpEvent event) {
        // Case labels are (state ordinal << 5) | event ordinal; the comment names the cell.
        switch ((state.ordinal() << SHIFT) | event.ordinal()) {
            case (0 << SHIFT) | 0: // CLOSED_PASSIVE_OPEN
                state = TcpState.LISTEN;
                return;
            case (0 << SHIFT) | 1: // CLOSED_ACTIVE_OPEN
                activeOpen();
                send(TcpSegment.SYN);
                state = TcpState.SYN_SENT;
                return;
            case (1 << SHIFT) | 6: // LISTEN_RCV_SYN
                fromListen();
                send(TcpSegment.SYN_ACK);
                state = TcpState.SYN_RECEIVED;
                return;
            case (2 << SHIFT) | 7: // SYN_SENT_RCV_SYN_ACK
                send(TcpSegment.ACK);
                enterEstablished();
                return;
            case (3 << SHIFT) | 8: // SYN_RECEIVED_RCV_ACK
                enterEstablished();
                return;
            case (4 << SHIFT) | 2: // ESTABLISHED_SEND
                send(TcpSegment.DATA);
                return;
            case (4 << SHIFT) | 3: // ESTABLISHED_RECEIVE
            case (4 << SHIFT) | 8: // ESTABLISHED_RCV_ACK
                return;
            case (4 << SHIFT) | 4: // ESTABLISHED_CLOSE
                send(TcpSegment.FIN);
                state = TcpState.FIN_WAIT_1;
                return;
            case (4 << SHIFT) | 11: // ESTABLISHED_RCV_FIN
                send(TcpSegment.ACK);
                signalClosing();
                state = TcpState.CLOSE_WAIT;
                return;
            case (5 << SHIFT) | 8: // FIN_WAIT_1_RCV_ACK
                state = TcpState.FIN_WAIT_2;
                return;
            case (6 << SHIFT) | 11: // FIN_WAIT_2_RCV_FIN
                send(TcpSegment.ACK);
                signalClosing();
                enterTimeWait();
                return;
            case (7 << SHIFT) | 4: // CLOSE_WAIT_CLOSE
                send(TcpSegment.FIN);
                state = TcpState.LAST_ACK;
                return;
            case (9 << SHIFT) | 8: // LAST_ACK_RCV_ACK
                enterClosed();
                return;
            case (10 << SHIFT) | 14: // TIME_WAIT_TIMEOUT
                enterClosed();
                return;
            default:
                throw outside(event);
        }
    }
}
