package io.fsmgen.examples.bench;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;

/**
 * The hand-written switch reference ("the practical limit"): a nested {@code switch} on the state enum, then on the
 * event enum, as one would write it by hand. Covers the connection-life subset only (see {@link ReferenceTcp}).
 */
public final class EnumSwitchTcp extends ReferenceTcp {

    public EnumSwitchTcp(TcpEffects effects, TcpConfig config) {
        super(effects, config);
    }

    @Override
    public void fire(TcpEvent event) {
        switch (state) {
            case CLOSED:
                switch (event) {
                    case PASSIVE_OPEN:
                        state = TcpState.LISTEN;
                        return;
                    case ACTIVE_OPEN:
                        activeOpen();
                        send(TcpSegment.SYN);
                        state = TcpState.SYN_SENT;
                        return;
                    default:
                        throw outside(event);
                }
            case LISTEN:
                if (event == TcpEvent.RCV_SYN) {
                    fromListen();
                    send(TcpSegment.SYN_ACK);
                    state = TcpState.SYN_RECEIVED;
                    return;
                }
                throw outside(event);
            case SYN_SENT:
                if (event == TcpEvent.RCV_SYN_ACK) {
                    send(TcpSegment.ACK);
                    enterEstablished();
                    return;
                }
                throw outside(event);
            case SYN_RECEIVED:
                if (event == TcpEvent.RCV_ACK) {
                    enterEstablished();
                    return;
                }
                throw outside(event);
            case ESTABLISHED:
                switch (event) {
                    case SEND:
                        send(TcpSegment.DATA);
                        return;
                    case RECEIVE:
                    case RCV_ACK:
                        return;
                    case CLOSE:
                        send(TcpSegment.FIN);
                        state = TcpState.FIN_WAIT_1;
                        return;
                    case RCV_FIN:
                        send(TcpSegment.ACK);
                        signalClosing();
                        state = TcpState.CLOSE_WAIT;
                        return;
                    default:
                        throw outside(event);
                }
            case FIN_WAIT_1:
                if (event == TcpEvent.RCV_ACK) {
                    state = TcpState.FIN_WAIT_2;
                    return;
                }
                throw outside(event);
            case FIN_WAIT_2:
                if (event == TcpEvent.RCV_FIN) {
                    send(TcpSegment.ACK);
                    signalClosing();
                    enterTimeWait();
                    return;
                }
                throw outside(event);
            case CLOSE_WAIT:
                if (event == TcpEvent.CLOSE) {
                    send(TcpSegment.FIN);
                    state = TcpState.LAST_ACK;
                    return;
                }
                throw outside(event);
            case LAST_ACK:
                if (event == TcpEvent.RCV_ACK) {
                    enterClosed();
                    return;
                }
                throw outside(event);
            case TIME_WAIT:
                if (event == TcpEvent.TIMEOUT) {
                    enterClosed();
                    return;
                }
                throw outside(event);
            default:
                throw outside(event);
        }
    }
}
