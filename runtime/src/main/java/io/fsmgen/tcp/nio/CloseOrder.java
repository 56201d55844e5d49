package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * A close made ahead of the TCP machine, waiting for the kernel's word on which transition it was
 * ({@link ChannelState#FIN_UNCONFIRMED}): our FIN left through {@code shutdownOutput()} while the machine was
 * ESTABLISHED, and the peer's FIN may have been in the kernel, unread. The kernel went either ESTABLISHED → FIN_WAIT1
 * or CLOSE_WAIT → LAST_ACK; the runtime's transition source says which ({@link #answer}), and the machine then takes
 * the kernel's events in the kernel's order: RCV_FIN (when the peer's FIN came first), then CLOSE, whose FIN finds
 * itself out already. Without word within {@link #BOUND} (events lost), the CLOSE is taken as an estimate.
 *
 * <p>Exists only while a connection waits, in its loop's side table ({@link EventLoop#closeOrders}) until the answer,
 * the bound, or the connection's end; an idle connection pays nothing for it. Loop-confined.
 */
final class CloseOrder implements Runnable {

    /** How long a close waits for the kernel's word before the machine takes an estimated CLOSE. */
    static final Duration BOUND = Duration.ofSeconds(30);

    private final NioTcpConnection connection;
    private final Scheduler.Cancellable bound;

    /** Starts waiting: arms the bound and asks the transition source for the kernel's transition. */
    CloseOrder(NioTcpConnection connection) {
        this.connection = connection;
        this.bound = connection.loop.schedule(BOUND, this, connection);
        connection.loop.runtime.hidden().closeAhead(connection);
    }

    /** Stops waiting without an answer (the connection moved on, or left the runtime). */
    void cancel() {
        bound.cancel();
    }

    /**
     * The kernel's word, {@code peerFinFirst} telling CLOSE_WAIT → LAST_ACK from ESTABLISHED → FIN_WAIT1 (from the
     * kernel, or estimated when {@code fromKernel} is false). Ignored once the machine left ESTABLISHED (a RST).
     */
    void answer(boolean peerFinFirst, boolean fromKernel) {
        bound.cancel();
        if (connection.state() != TcpState.ESTABLISHED) {
            return;
        }
        if (peerFinFirst) {
            connection.hiddenSteps(fromKernel, TcpEvent.RCV_FIN, TcpEvent.CLOSE);
        } else {
            connection.hiddenSteps(fromKernel, TcpEvent.CLOSE); // its FIN is out already: the channel just notes it
        }
        if (connection.state() == TcpState.FIN_WAIT_1 && connection.channelState().released()) {
            connection.loop.runtime.hidden().finInFinWait1(connection); // the peer's FIN was read while it waited
        }
        if (connection.endRead()) {
            // A read found the end (a RST, a timeout) meanwhile: the source's next words end the path. Should they
            // never come (lost, with no table to look in), the end is taken after the same bound.
            connection.boundHeldEnd();
        }
    }

    /** The bound expired without a word from the kernel. */
    @Override
    public void run() {
        NioTcpRuntime.LOG.log(Level.WARNING, connection + ": no word from the kernel on its close after "
                + BOUND.toSeconds() + " s (events lost?): CLOSE taken as an estimate");
        connection.closeOrdered(false, false);
        connection.takeHeldEnd(); // an end (RST, timeout) read by the socket meanwhile: its events never came either
    }
}
