package io.fsmgen.examples.bench;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;

/**
 * The generated code's dispatch shape, written by hand without its plumbing (no listeners, no run-to-completion
 * queue): a switch on {@code state.ordinal()} to one method per state, each a switch on {@code event.ordinal()} with
 * int constants. Covers the connection-life subset only (see {@link ReferenceTcp}).
 */
public final class OrdinalSwitchTcp extends ReferenceTcp {

    private static final int S_CLOSED = 0;
    private static final int S_LISTEN = 1;
    private static final int S_SYN_SENT = 2;
    private static final int S_SYN_RECEIVED = 3;
    private static final int S_ESTABLISHED = 4;
    private static final int S_FIN_WAIT_1 = 5;
    private static final int S_FIN_WAIT_2 = 6;
    private static final int S_CLOSE_WAIT = 7;
    private static final int S_LAST_ACK = 9;
    private static final int S_TIME_WAIT = 10;

    private static final int E_PASSIVE_OPEN = 0;
    private static final int E_ACTIVE_OPEN = 1;
    private static final int E_SEND = 2;
    private static final int E_RECEIVE = 3;
    private static final int E_CLOSE = 4;
    private static final int E_RCV_SYN = 6;
    private static final int E_RCV_SYN_ACK = 7;
    private static final int E_RCV_ACK = 8;
    private static final int E_RCV_FIN = 11;
    private static final int E_TIMEOUT = 14;

    public OrdinalSwitchTcp(TcpEffects effects, TcpConfig config) {
        super(effects, config);
    }

    @Override
    public void fire(TcpEvent event) {
        switch (state.ordinal()) {
            case S_CLOSED:
                inClosed(event);
                return;
            case S_LISTEN:
                inListen(event);
                return;
            case S_SYN_SENT:
                inSynSent(event);
                return;
            case S_SYN_RECEIVED:
                inSynReceived(event);
                return;
            case S_ESTABLISHED:
                inEstablished(event);
                return;
            case S_FIN_WAIT_1:
                inFinWait1(event);
                return;
            case S_FIN_WAIT_2:
                inFinWait2(event);
                return;
            case S_CLOSE_WAIT:
                inCloseWait(event);
                return;
            case S_LAST_ACK:
                inLastAck(event);
                return;
            case S_TIME_WAIT:
                inTimeWait(event);
                return;
            default:
                throw outside(event);
        }
    }

    private void inClosed(TcpEvent event) {
        switch (event.ordinal()) {
            case E_PASSIVE_OPEN:
                state = TcpState.LISTEN;
                return;
            case E_ACTIVE_OPEN:
                activeOpen();
                send(TcpSegment.SYN);
                state = TcpState.SYN_SENT;
                return;
            default:
                throw outside(event);
        }
    }

    private void inListen(TcpEvent event) {
        switch (event.ordinal()) {
            case E_RCV_SYN:
                fromListen();
                send(TcpSegment.SYN_ACK);
                state = TcpState.SYN_RECEIVED;
                return;
            default:
                throw outside(event);
        }
    }

    private void inSynSent(TcpEvent event) {
        switch (event.ordinal()) {
            case E_RCV_SYN_ACK:
                send(TcpSegment.ACK);
                enterEstablished();
                return;
            default:
                throw outside(event);
        }
    }

    private void inSynReceived(TcpEvent event) {
        switch (event.ordinal()) {
            case E_RCV_ACK:
                enterEstablished();
                return;
            default:
                throw outside(event);
        }
    }

    private void inEstablished(TcpEvent event) {
        switch (event.ordinal()) {
            case E_SEND:
                send(TcpSegment.DATA);
                return;
            case E_RECEIVE:
            case E_RCV_ACK:
                return;
            case E_CLOSE:
                send(TcpSegment.FIN);
                state = TcpState.FIN_WAIT_1;
                return;
            case E_RCV_FIN:
                send(TcpSegment.ACK);
                signalClosing();
                state = TcpState.CLOSE_WAIT;
                return;
            default:
                throw outside(event);
        }
    }

    private void inFinWait1(TcpEvent event) {
        switch (event.ordinal()) {
            case E_RCV_ACK:
                state = TcpState.FIN_WAIT_2;
                return;
            default:
                throw outside(event);
        }
    }

    private void inFinWait2(TcpEvent event) {
        switch (event.ordinal()) {
            case E_RCV_FIN:
                send(TcpSegment.ACK);
                signalClosing();
                enterTimeWait();
                return;
            default:
                throw outside(event);
        }
    }

    private void inCloseWait(TcpEvent event) {
        switch (event.ordinal()) {
            case E_CLOSE:
                send(TcpSegment.FIN);
                state = TcpState.LAST_ACK;
                return;
            default:
                throw outside(event);
        }
    }

    private void inLastAck(TcpEvent event) {
        switch (event.ordinal()) {
            case E_RCV_ACK:
                enterClosed();
                return;
            default:
                throw outside(event);
        }
    }

    private void inTimeWait(TcpEvent event) {
        switch (event.ordinal()) {
            case E_TIMEOUT:
                enterClosed();
                return;
            default:
                throw outside(event);
        }
    }
}
