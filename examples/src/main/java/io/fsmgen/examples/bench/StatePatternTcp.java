package io.fsmgen.examples.bench;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;

/**
 * The GoF State pattern: one class per state, a virtual call per event; the state objects are stateless singletons
 * shared by every machine. Covers the connection-life subset only (see {@link ReferenceTcp}).
 */
public final class StatePatternTcp extends ReferenceTcp {

    /** A state's behaviour: handles {@code event} on {@code m} and returns the next state object. */
    private abstract static class Node {
        final TcpState id;

        Node(TcpState id) {
            this.id = id;
        }

        abstract Node on(TcpEvent event, StatePatternTcp m);
    }

    private static final class Closed extends Node {
        Closed() {
            super(TcpState.CLOSED);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            switch (event) {
                case PASSIVE_OPEN:
                    return LISTEN;
                case ACTIVE_OPEN:
                    m.activeOpen();
                    m.send(TcpSegment.SYN);
                    return SYN_SENT;
                default:
                    throw m.outside(event);
            }
        }
    }

    private static final class Listen extends Node {
        Listen() {
            super(TcpState.LISTEN);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.RCV_SYN) {
                m.fromListen();
                m.send(TcpSegment.SYN_ACK);
                return SYN_RECEIVED;
            }
            throw m.outside(event);
        }
    }

    private static final class SynSent extends Node {
        SynSent() {
            super(TcpState.SYN_SENT);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.RCV_SYN_ACK) {
                m.send(TcpSegment.ACK);
                m.enterEstablished();
                return ESTABLISHED;
            }
            throw m.outside(event);
        }
    }

    private static final class SynReceived extends Node {
        SynReceived() {
            super(TcpState.SYN_RECEIVED);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.RCV_ACK) {
                m.enterEstablished();
                return ESTABLISHED;
            }
            throw m.outside(event);
        }
    }

    private static final class Established extends Node {
        Established() {
            super(TcpState.ESTABLISHED);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            switch (event) {
                case SEND:
                    m.send(TcpSegment.DATA);
                    return this;
                case RECEIVE:
                case RCV_ACK:
                    return this;
                case CLOSE:
                    m.send(TcpSegment.FIN);
                    return FIN_WAIT_1;
                case RCV_FIN:
                    m.send(TcpSegment.ACK);
                    m.signalClosing();
                    return CLOSE_WAIT;
                default:
                    throw m.outside(event);
            }
        }
    }

    private static final class FinWait1 extends Node {
        FinWait1() {
            super(TcpState.FIN_WAIT_1);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.RCV_ACK) {
                return FIN_WAIT_2;
            }
            throw m.outside(event);
        }
    }

    private static final class FinWait2 extends Node {
        FinWait2() {
            super(TcpState.FIN_WAIT_2);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.RCV_FIN) {
                m.send(TcpSegment.ACK);
                m.signalClosing();
                m.enterTimeWait();
                return TIME_WAIT;
            }
            throw m.outside(event);
        }
    }

    private static final class CloseWait extends Node {
        CloseWait() {
            super(TcpState.CLOSE_WAIT);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.CLOSE) {
                m.send(TcpSegment.FIN);
                return LAST_ACK;
            }
            throw m.outside(event);
        }
    }

    private static final class LastAck extends Node {
        LastAck() {
            super(TcpState.LAST_ACK);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.RCV_ACK) {
                m.enterClosed();
                return CLOSED;
            }
            throw m.outside(event);
        }
    }

    private static final class TimeWait extends Node {
        TimeWait() {
            super(TcpState.TIME_WAIT);
        }

        @Override
        Node on(TcpEvent event, StatePatternTcp m) {
            if (event == TcpEvent.TIMEOUT) {
                m.enterClosed();
                return CLOSED;
            }
            throw m.outside(event);
        }
    }

    private static final Node CLOSED = new Closed();
    private static final Node LISTEN = new Listen();
    private static final Node SYN_SENT = new SynSent();
    private static final Node SYN_RECEIVED = new SynReceived();
    private static final Node ESTABLISHED = new Established();
    private static final Node FIN_WAIT_1 = new FinWait1();
    private static final Node FIN_WAIT_2 = new FinWait2();
    private static final Node CLOSE_WAIT = new CloseWait();
    private static final Node LAST_ACK = new LastAck();
    private static final Node TIME_WAIT = new TimeWait();

    private Node node = CLOSED;

    public StatePatternTcp(TcpEffects effects, TcpConfig config) {
        super(effects, config);
    }

    @Override
    public void fire(TcpEvent event) {
        node = node.on(event, this);
        state = node.id;
    }
}
