package io.fsmgen.examples.bench;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import java.util.Objects;

/**
 * Base of the hand-written TCP reference machines the benchmarks compare with the generated {@code TcpMachine}: the
 * extended state ({@code passive}, {@code remoteKnown}), the effects and the entry/exit actions, exactly as in
 * {@code TcpSpec}. Subclasses differ only in how they dispatch (state, event).
 *
 * <h2>Scope: the connection-life subset, not the whole table</h2>
 *
 * The hand-written machines implement the {@value #CELLS} (state, event) cells that the two benchmarked connection
 * lives visit ({@link #CLIENT_LIFE}, {@link #SERVER_LIFE}), with {@code TcpSpec}'s effects for those cells; any other
 * event throws {@link IllegalStateException}. The generated machine and the Spring variant implement all 231 cells.
 * There is no TIME-WAIT timer here: TIMEOUT is an event, and the generated machine is benchmarked with
 * {@code Scheduler.none()}, whose {@code schedule} does nothing.
 */
public abstract class ReferenceTcp {

    /** Number of (state, event) cells the hand-written machines implement. */
    public static final int CELLS = 15;

    /** Active open, one data exchange, active close, TIME-WAIT, 2·MSL expiry: CLOSED to CLOSED in 8 events. */
    public static final TcpEvent[] CLIENT_LIFE = {
        TcpEvent.ACTIVE_OPEN, TcpEvent.RCV_SYN_ACK, TcpEvent.SEND, TcpEvent.RCV_ACK, TcpEvent.CLOSE,
        TcpEvent.RCV_ACK, TcpEvent.RCV_FIN, TcpEvent.TIMEOUT
    };

    /** Passive open, a RECEIVE and a data exchange, passive close: CLOSED to CLOSED in 9 events. */
    public static final TcpEvent[] SERVER_LIFE = {
        TcpEvent.PASSIVE_OPEN, TcpEvent.RCV_SYN, TcpEvent.RCV_ACK, TcpEvent.RECEIVE, TcpEvent.SEND,
        TcpEvent.RCV_ACK, TcpEvent.RCV_FIN, TcpEvent.CLOSE, TcpEvent.RCV_ACK
    };

    /** {@link #CLIENT_LIFE} then {@link #SERVER_LIFE}: 17 events. */
    public static final TcpEvent[] BOTH_LIVES = concat(CLIENT_LIFE, SERVER_LIFE);

    protected final TcpEffects effects;
    protected final TcpConfig config;
    protected TcpState state = TcpState.CLOSED;
    protected boolean passive;
    protected boolean remoteKnown;

    protected ReferenceTcp(TcpEffects effects, TcpConfig config) {
        this.effects = Objects.requireNonNull(effects, "effects");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The current state. */
    public final TcpState state() {
        return state;
    }

    public final boolean passive() {
        return passive;
    }

    public final boolean remoteKnown() {
        return remoteKnown;
    }

    /** Processes one event; throws {@link IllegalStateException} outside the implemented subset. */
    public abstract void fire(TcpEvent event);

    protected final IllegalStateException outside(TcpEvent event) {
        return new IllegalStateException(getClass().getSimpleName() + ": " + event + " in " + state
                + " is outside the benchmarked subset");
    }

    // ---- entry actions of TcpSpec (TIME_WAIT's exit only happens on TIMEOUT here, which emits nothing) ----

    protected final void enterClosed() {
        state = TcpState.CLOSED;
        passive = false;
        remoteKnown = false;
    }

    protected final void enterEstablished() {
        state = TcpState.ESTABLISHED;
        effects.signal(TcpSignal.CONNECTED);
    }

    protected final void enterTimeWait() {
        state = TcpState.TIME_WAIT;
        effects.timeWaitStarted(config.timeWait());
    }

    // ---- the cells' actions, named after TcpSpec's ----

    protected final void activeOpen() {
        remoteKnown = true;
    }

    protected final void fromListen() {
        passive = true;
        remoteKnown = true;
    }

    protected final void send(TcpSegment segment) {
        effects.send(segment);
    }

    protected final void signalClosing() {
        effects.signal(TcpSignal.CLOSING);
    }

    private static TcpEvent[] concat(TcpEvent[] a, TcpEvent[] b) {
        TcpEvent[] all = new TcpEvent[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
