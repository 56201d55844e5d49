package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import java.time.Duration;

/**
 * What {@link ChannelSpec}'s rows do to the real channel, and what the TCP machine's callbacks (which reach the
 * connection through its channel machine) do to the connection; {@link NioTcpConnection} is the runtime's one
 * implementation. Handler callbacks are queued here and delivered after the step, never inside a machine.
 *
 * <p>An abstract class with package-private methods rather than an interface: the connection, a public class,
 * implements it without these methods becoming part of its public API, and without a per-connection adapter object
 * (an idle connection pays for every object it holds).
 */
abstract class ChannelActions {

    // ---- the channel machine's rows ----

    /** Whether writes wait in the connection's queue. */
    abstract boolean writesQueued();

    /**
     * Whether a close now should let the kernel order it: the TCP machine is ESTABLISHED (the peer's FIN may be in the
     * kernel, unread) and the transition source can tell which transition the close made.
     */
    abstract boolean kernelOrdersClose();

    /** Whether the peer has acknowledged our FIN: the TCP machine is in FIN_WAIT_2 or TIME_WAIT. */
    abstract boolean finAcknowledged();

    /** Our FIN left ahead of the TCP machine's CLOSE: asks the transition source which transition the kernel made. */
    abstract void awaitCloseOrder();

    /** Gives the TCP machine its CLOSE (which sends the FIN, or rejects the call with the RFC's text). */
    abstract void tcpClose();

    /**
     * Whether an abort now should let the kernel order it: the TCP machine is ESTABLISHED (the peer's FIN may be in
     * the kernel, unread) and the transition source reports from which state the socket was aborted.
     */
    abstract boolean kernelOrdersAbort();

    /** The abort's RST left ahead of the TCP machine's ABORT: waits for the kernel's word on where it came from. */
    abstract void awaitAbortOrder();

    /** Gives the TCP machine its ABORT (which sends the RST, or rejects the call with the RFC's text). */
    abstract void tcpAbort();

    /** A call after an abort the TCP machine has not taken yet: "connection does not exist", as once it has. */
    abstract void rejectGone();

    /** {@code shutdownOutput()}: the FIN leaves while the channel keeps reading. */
    abstract void shutdownOutput();

    /** Closes the channel gracefully: the kernel sends the FIN if it is not out yet. */
    abstract void closeChannel();

    /** Closes the channel with SO_LINGER 0: the kernel sends a RST. */
    abstract void resetChannel();

    /** The TCB was deleted while the channel was still open: closes it, with a RST if the connection failed. */
    abstract void releaseChannel();

    /** Queues the handler's {@code opened}. */
    abstract void tellOpened();

    /** Queues the handler's {@code peerFinished}: the peer will send no more. */
    abstract void tellPeerFinished();

    /** Queues the handler's {@code closed}. */
    abstract void tellClosed();

    /** Removes the connection from the registry, its loop and the kernel source. */
    abstract void unregister();

    /** A close() while one already waits for queued writes: "connection closing". */
    abstract void rejectClosing();

    // ---- the TCP machine's callbacks, passed on by the channel machine ----

    /** The TCP machine moved to another state: publish it. */
    abstract void tcpTransitioned(TcpState from, TcpEvent event, TcpState to);

    /** The TCP machine signals the user (reset, refused, timed out, ...). */
    abstract void tcpSignal(TcpSignal signal);

    /** The TCP machine's error effect: the RFC's text for the user call being served, or a user timeout. */
    abstract void tcpError(String text);

    /** Runs one of the TCP machine's timers on the connection's loop. */
    abstract Scheduler.Cancellable schedule(Duration delay, Runnable task);
}
