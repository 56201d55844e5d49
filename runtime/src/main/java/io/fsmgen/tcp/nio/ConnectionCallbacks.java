package io.fsmgen.tcp.nio;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * What a {@link NioTcpConnection}'s handler hears, and when: callbacks asked for during a machine step wait here and
 * are delivered after it, never inside a machine; a handler that throws is logged and the connection goes on. Also
 * the cause and detail that {@code closed} will report, the first failure winning over a normal close.
 *
 * <p>A layer of the connection object (see {@link ConnectionSocket}). Loop-confined.
 */
abstract class ConnectionCallbacks extends ConnectionSocket {

    /**
     * How a connection ended, as {@code closed} reports it; a record kept only once a cause is known. {@code held}: a
     * read found this end (a RST, a timeout) while a close waited for the kernel's word, and the machine has yet to
     * take it.
     */
    private record Ending(CloseCause cause, String detail, boolean held) {}

    final NioTcpHandler handler;
    /** Handler callbacks asked for during a step, delivered after it; null while none waits (most of the time). */
    private ArrayDeque<Runnable> callbacks;
    /** Null until something other than a normal close is known (and for most connections, ever). */
    private Ending ending;

    ConnectionCallbacks(EventLoop loop, SocketChannel socket, NioTcpHandler handler) {
        super(loop, socket);
        this.handler = handler;
    }

    /** This object as the connection the handler is given. */
    final NioTcpConnection connection() {
        return (NioTcpConnection) this;
    }

    // ---- the close cause ----

    /** Records why the connection ends, unless a failure is known already (a normal close gives way to one). */
    final void setCause(CloseCause cause, String detail) {
        endUnlessFailed(cause, detail, false);
    }

    /**
     * Records an end (a RST, a timeout) that a read found while a close waited for the kernel's word: the machine
     * takes it only after the kernel's steps before it ({@link ConnectionMachines#endRead}).
     */
    final void holdEnd(CloseCause cause, String detail) {
        endUnlessFailed(cause, detail, true);
    }

    private void endUnlessFailed(CloseCause cause, String detail, boolean held) {
        if (ending == null || ending.cause() == CloseCause.NORMAL) {
            ending = new Ending(cause, detail, held);
        }
    }

    /**
     * Records an end that the kernel reached before the application's abort (a RST in, its timeout, or the TIME_WAIT
     * of a normal close), which then found the socket gone and sent nothing: that end, not the abort, is why the
     * connection ended. An end a read found
     * already ({@link #holdEnd}) is the kernel's own word and stays.
     */
    final void endedBeforeAbort(CloseCause cause, String detail) {
        if (ending == null || !ending.held()) {
            ending = new Ending(cause, detail, false);
        }
    }

    /** Whether a read found the connection's end while a close waited ({@link #holdEnd}). */
    final boolean endHeld() {
        return ending != null && ending.held();
    }

    /** Whether the connection ends by the kernel's timeout (ETIMEDOUT) rather than a RST, as far as known. */
    final boolean endedByTimeout() {
        return ending != null && ending.cause() == CloseCause.TIMEOUT;
    }

    /** Whether the connection ended in failure: its channel is then reset rather than closed. */
    final boolean endedInFailure() {
        return ending != null && ending.cause() != CloseCause.NORMAL && ending.cause() != CloseCause.REFUSED;
    }

    // ---- the channel machine's callback rows ----

    @Override
    final void tellOpened() {
        later(() -> handler.opened(connection()));
    }

    @Override
    final void tellPeerFinished() {
        later(() -> handler.peerFinished(connection()));
    }

    @Override
    final void tellClosed() {
        CloseCause cause = ending == null ? CloseCause.NORMAL : ending.cause();
        String detail = ending == null ? "closed" : ending.detail();
        later(() -> handler.closed(connection(), cause, detail));
    }

    /** Queues the handler's {@code writable}: the write queue fell below half its limit after a BACKPRESSURE. */
    final void tellWritable() {
        later(() -> handler.writable(connection()));
    }

    // ---- delivery ----

    /** Hands {@code data} to the handler at once (the step that read it has delivered its callbacks already). */
    final void deliverData(ByteBuffer data) {
        try {
            handler.data(connection(), data);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    /**
     * Delivers the callbacks the step asked for. A callback may call back into this connection, whose own step
     * delivers what is waiting then; the queue is re-read each time, and dropped once empty.
     */
    final void afterStep() {
        Runnable callback;
        while (callbacks != null && (callback = callbacks.poll()) != null) {
            call(callback);
        }
        callbacks = null;
    }

    private void later(Runnable callback) {
        if (callbacks == null) {
            callbacks = new ArrayDeque<>(4);
        }
        callbacks.add(callback);
    }

    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    private void handlerFailed(RuntimeException e) {
        NioTcpRuntime.LOG.log(Level.ERROR, "handler " + handler + " failed on " + this, e);
    }
}
