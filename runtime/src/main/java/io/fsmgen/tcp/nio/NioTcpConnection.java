package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * One TCP connection, driven by two generated machines: a {@link NioTcpMachine} for its TCP life (RFC 9293) and a
 * {@link ChannelMachine} for its channel (which directions are open, whether a close waits for queued writes, when
 * the channel is released). NIO results and user calls become events of one or both (see the package
 * documentation); the TCP machine's FIN and RST become channel events, and the channel machine's rows do the socket
 * operations. Illegal calls fail with the RFC's error text. Transitions socket calls cannot see come from the
 * runtime's {@link TransitionSource}.
 *
 * <p>Methods may be called from any thread; from another thread than the connection's loop they run on the loop and
 * the caller waits (an interrupt does not cut the wait short: the call happens, and the interrupt stays set). A
 * handler on another of the runtime's loops may call too, unless this connection's loop is itself waiting for the
 * handler's: that call fails at once with {@link IllegalStateException} naming the loops, since both would stop for
 * ever. Handler callbacks run on the loop, after the machines' steps, never inside them.
 *
 * <p>A connection is one object besides its two machines, so that an idle connection costs little more than its
 * socket: its socket side ({@link ConnectionSocket}), its handler callbacks ({@link ConnectionCallbacks}) and the
 * steps that drive its machines ({@link ConnectionMachines}) are superclasses rather than objects of their own, the
 * channel machine is the TCP machine's effects, listener and scheduler, and the rare parts (a close waiting for the
 * kernel's word, {@link CloseOrder}; the cause of a failure) are created only when needed.
 */
public final class NioTcpConnection extends ConnectionMachines implements NioTcpEndpoint {

    private final long id;
    /** Accepted ({@link ConnectionInfo.Kind#PASSIVE}) rather than connected: a fixed attribute, not a lifecycle. */
    private final boolean accepted;

    NioTcpConnection(EventLoop loop, long id, SocketChannel socket, NioTcpHandler handler, ConnectionInfo.Kind kind) {
        super(loop, socket, handler);
        this.id = id;
        this.accepted = kind == ConnectionInfo.Kind.PASSIVE;
    }

    // ---- setup, on the loop ----

    /**
     * Active open: the non-blocking connect, then ACTIVE_OPEN, the step the kernel took when it sent the SYN. A connect
     * that fails at once takes the kernel's path ({@link ImmediateConnectFailure}): through SYN_SENT when the kernel
     * got there (no free port), or none at all when it failed before (no route): the machine stays CLOSED and the
     * handler hears {@code closed} ERROR.
     */
    void startConnect(SocketAddress address) throws IOException {
        register(this);
        loop.runtime.registry().add(this);
        boolean done;
        try {
            done = connect(address);
        } catch (IOException | RuntimeException e) {
            // A runtime exception too (an address the channel cannot use): the connection, already registered, must
            // end like any failed connect, not linger as a ghost.
            if (ImmediateConnectFailure.passedSynSent(e)) {
                drive(TcpEvent.ACTIVE_OPEN);
                connectFailed(e);
            } else {
                failedBeforeSynSent(e);
            }
            return;
        }
        drive(TcpEvent.ACTIVE_OPEN);
        try {
            learnAddresses();
        } catch (IOException | RuntimeException e) {
            connectFailed(e);
            return;
        }
        if (done) {
            connectedNow();
        } else {
            channel.fire(ChannelEvent.CONNECT_PENDING);
            interest(channel.state());
        }
    }

    /**
     * The kernel refused the connect before it made a connection of it (the socket never left CLOSE, no SYN left): the
     * TCP machine takes no step, and the channel ends as one whose connection is gone.
     */
    private void failedBeforeSynSent(Exception e) {
        setCause(CloseCause.ERROR, "connect failed before the kernel sent a SYN (the socket never left CLOSED): " + e);
        channel.fire(ChannelEvent.TCB_DELETED);
        afterStep();
    }

    /** Passive open inferred from accept(): LISTEN → SYN_RECEIVED → ESTABLISHED, all done by the kernel already. */
    void startAccepted() throws IOException {
        learnAddresses();
        loop.runtime.registry().add(this);
        register(this);
        loop.runtime.hidden().follow(this);
        drive(TcpEvent.PASSIVE_OPEN);
        drive(TcpEvent.RCV_SYN);
        drive(TcpEvent.RCV_ACK);
        channel.fire(ChannelEvent.CONNECTED);
        afterStep();
        interest(channel.state());
    }

    private void connectedNow() {
        learnLocalAddress();
        loop.runtime.hidden().follow(this); // the local port is known for sure only now
        if (state == TcpState.SYN_SENT) {
            drive(TcpEvent.RCV_SYN_ACK);
        }
        channel.fire(ChannelEvent.CONNECTED);
        afterStep();
        if (state.synchronizedState()) {
            flushQueued();
            interest(channel.state());
        }
    }

    private void connectFailed(Exception e) {
        if (ConnectRefusal.refused(e)) {
            setCause(CloseCause.REFUSED, e.getMessage() == null ? "connection refused" : e.getMessage());
            drive(TcpEvent.RCV_RST);
        } else if (e instanceof ConnectException) {
            // No RST came: the kernel gave up retransmitting the SYN (ETIMEDOUT), before our own connect timeout.
            setCause(CloseCause.TIMEOUT, "connect timed out in the kernel: " + e.getMessage());
            drive(TcpEvent.RETRANSMISSION_EXHAUSTED);
        } else if (ResetAfterHandshake.says(e)) {
            // The kernel finished the handshake, then took a RST (ECONNRESET, not ECONNREFUSED): its path, not ours.
            setCause(CloseCause.RESET, "connection reset after the handshake: " + e.getMessage());
            hiddenSteps(true, ResetAfterHandshake.events());
        } else {
            setCause(CloseCause.ERROR, e.toString());
            drive(TcpEvent.ABORT);
        }
    }

    // ---- public API ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public TcpState state() {
        return state;
    }

    /** The I/O side of this connection: which directions of its channel are open. */
    public ChannelState channelState() {
        return channel.state();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote();
    }

    /** The handler that owns this connection. */
    public NioTcpHandler handler() {
        return handler;
    }

    /** Whether the current state was read from the kernel (or is a NIO-visible state); false when estimated. */
    public boolean observed() {
        return observed;
    }

    /**
     * SEND: queues {@code src} (copying what the socket does not take at once). Legal in SYN_SENT (sent once open),
     * ESTABLISHED and CLOSE_WAIT.
     *
     * @throws TcpCallException with "connection closing" after {@link #close()}, "connection does not exist" once
     *     CLOSED
     */
    public WriteResult write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return loop.call(() -> doWrite(src));
    }

    /**
     * CLOSE: graceful. Queued data is flushed first, then the FIN goes out through {@code shutdownOutput()}
     * (ESTABLISHED → FIN_WAIT_1) or by closing the channel once the peer has finished (CLOSE_WAIT → LAST_ACK). Data
     * keeps arriving until the peer's FIN. In SYN_SENT there is no connection to flush to: it ends at once, and
     * data written meanwhile is dropped, as RFC 9293 says; the handler's {@code closed} detail counts the bytes.
     *
     * @throws TcpCallException "connection closing" when already closing, "connection does not exist" once CLOSED
     */
    public void close() {
        loop.call(() -> {
            if (state == TcpState.SYN_SENT) {
                long dropped = queuedBytes();
                setCause(CloseCause.NORMAL, "closed before the connection opened" + (dropped == 0 ? ""
                        : "; " + dropped + " queued bytes dropped, as RFC 9293 drops queued SENDs on a CLOSE in"
                                + " SYN-SENT"));
            }
            if (channel.state().reading()) {
                // The peer's FIN may already be in: read it first, so that the machine is in CLOSE_WAIT, as the
                // kernel is, when CLOSE decides between FIN_WAIT_1 and LAST_ACK.
                read();
            }
            userCall(() -> channel.fire(ChannelEvent.CLOSE_ASKED));
            return null;
        });
    }

    /**
     * ABORT: the connection ends at once with a RST (SO_LINGER 0) where RFC 9293 sends one; queued data is dropped.
     * Once both FINs are out the channel is released and no RST can be sent: the connection then leaves the runtime,
     * and the kernel finishes the close on its own.
     *
     * <p>With the tracepoint, in ESTABLISHED, FIN_WAIT_1 or FIN_WAIT_2, the peer's FIN may be in the kernel, unread
     * (the kernel then aborts from CLOSE_WAIT or CLOSING, or finds a TIME_WAIT), or a change the kernel reported may
     * wait on the loop. So the RST leaves at once, and the machine takes the ABORT when the kernel's event says from
     * which state (one read of the trace buffer later): {@link #state()} may still say ESTABLISHED when this returns, every
     * call meanwhile fails with "connection does not exist", and the handler hears {@code closed} after the ABORT.
     * Polling, in FIN_WAIT_1 or FIN_WAIT_2, the RST leaves at once too, and a look at the kernel's table once the
     * socket is closed says whether a TIME_WAIT was left behind (the peer's FIN had come in). Nothing is read or
     * delivered here.
     *
     * <p>In TIME_WAIT with the peer's FIN unread (the machine learnt the kernel's TIME_WAIT before any read showed the
     * FIN) the connection had closed normally, both FINs exchanged: the abort sends nothing, and the handler hears
     * {@code closed} NORMAL, as when the kernel's word on an abort shows the TIME_WAIT, not "aborted by the
     * application" with RESET.
     *
     * @throws TcpCallException "connection does not exist" once CLOSED
     */
    public void abort() {
        loop.call(() -> {
            if (channel.state().released()) {
                setCause(CloseCause.RESET, "aborted by the application after its close; no RST: the channel was"
                        + " released, and the kernel finishes the close on its own");
            } else if (state == TcpState.TIME_WAIT) {
                setCause(CloseCause.NORMAL, CLOSED_BEFORE_ABORT);
            } else {
                setCause(CloseCause.RESET, "aborted by the application");
            }
            userCall(() -> channel.fire(ChannelEvent.ABORT_ASKED));
            return null;
        });
    }

    @Override
    public ConnectionInfo info() {
        return new RegistryRow().of(this).info(HandlerName.of(handler), System.nanoTime());
    }

    ConnectionInfo.Kind kind() {
        return accepted ? ConnectionInfo.Kind.PASSIVE : ConnectionInfo.Kind.ACTIVE;
    }

    void fill(RegistryRow row) {
        row.id = id;
        row.kind = kind();
        row.local = local();
        row.remote = remote();
        row.state = state;
        row.observed = observed;
        row.stateSinceNanos = stateSince;
        row.bytesIn = bytesIn();
        row.bytesOut = bytesOut();
        row.queuedBytes = queuedBytes();
        row.handler = handler;
    }

    long stateSinceNanos() {
        return stateSince;
    }

    @Override
    public String toString() {
        return "NioTcpConnection#" + id + "[" + state + " " + local() + " -> " + remote() + "]";
    }

    // ---- user calls ----

    private WriteResult doWrite(ByteBuffer src) {
        if (channel.state() == ChannelState.ABORT_UNCONFIRMED) {
            throw new TcpCallException(TcpSpec.CONNECTION_DOES_NOT_EXIST, state); // aborted; the machine follows
        }
        if (channel.state().closeAsked()) {
            throw new TcpCallException(TcpSpec.CONNECTION_CLOSING, state); // the CLOSE waits for queued writes
        }
        userCall(() -> machine.fire(TcpEvent.SEND));
        WriteResult result;
        try {
            result = writeOrQueue(src, channel.state().writing());
        } catch (IOException e) {
            ioFailed(e);
            return WriteResult.FAILED;
        }
        interest(channel.state());
        return result;
    }

    // ---- I/O ----

    /** The selector reports the socket ready. */
    void ready(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            try {
                if (finishConnect()) {
                    connectedNow();
                }
            } catch (IOException e) {
                connectFailed(e);
                return;
            }
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && k.isValid()) {
            flushQueued();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && k.isValid() && channel.state().reading() && !endRead()) {
            read();
        }
        interest(channel.state());
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < 4 && channel.state().reading(); i++) {
            buf.clear();
            int n;
            try {
                n = readSocket(buf);
            } catch (IOException e) {
                ioFailed(e);
                return;
            }
            if (n == 0) {
                return;
            }
            if (n < 0) {
                endOfStream();
                return;
            }
            drive(TcpEvent.RECEIVE);
            buf.flip();
            deliverData(buf); // the step delivered its callbacks already: data comes after them
            afterStep();
            if (n < buf.capacity()) {
                return; // the socket buffer is drained: spare the read that would return 0
            }
        }
    }

    /** read() returned -1: the peer's FIN. The TCP machine takes it where NIO can tell what it means. */
    private void endOfStream() {
        switch (state) {
            case ESTABLISHED, FIN_WAIT_2, SYN_RECEIVED -> {
                if (!awaitingCloseOrder()) {
                    machine.fire(TcpEvent.RCV_FIN);
                }
                // else our FIN left ahead of the machine's CLOSE: the kernel's word places this FIN (CloseOrder)
            }
            // Did the peer's FIN also ACK ours (TIME_WAIT) or did the FINs cross (CLOSING)? Only the kernel knows.
            case FIN_WAIT_1 -> loop.runtime.hidden().finInFinWait1(this);
            default -> {
                // the kernel source already moved the machine past the FIN
            }
        }
        channel.fire(ChannelEvent.END_OF_STREAM);
        afterStep();
    }

    private void flushQueued() {
        try {
            if (flush()) {
                tellWritable();
            }
        } catch (IOException e) {
            ioFailed(e);
            return;
        }
        if (!writesQueued()) {
            channel.fire(ChannelEvent.DRAINED);
        }
        afterStep();
    }

    @Override
    void ioFailed(IOException e) {
        if (!channel.state().channelOpen() || state == TcpState.CLOSED) {
            return;
        }
        boolean reset = ReadWriteFailure.reset(e); // in this JVM's language
        // ETIMEDOUT: the kernel gave up retransmitting (or on keepalives); no RST came and nobody aborted.
        boolean timedOut = !reset && ReadWriteFailure.timedOut(e);
        if (reset || timedOut) {
            CloseCause cause = reset ? CloseCause.RESET : CloseCause.TIMEOUT;
            String detail = reset ? "connection reset" : "connection timed out in the kernel: " + e.getMessage();
            if (awaitingCloseOrder()) {
                // Our FIN left before this end: the machine must take the CLOSE first, as the kernel did.
                if (loop.runtime.hidden().showsResetPath()) {
                    holdEnd(cause, detail); // no more reads: the kernel's own events tell the path, the end last
                    interest(channel.state());
                    return;
                }
                closeOrdered(false, false); // no exact source: our FIN first, the likely order, estimated
            }
            if (timedOut) {
                kernelTimedOut(detail);
                return;
            }
            setCause(CloseCause.RESET, detail);
            machine.fire(TcpEvent.RCV_RST);
            if (state != TcpState.CLOSED) {
                // A RST in a state whose row ignores it (never expected with an open channel): abort locally.
                machine.fire(TcpEvent.ABORT);
            }
            afterStep();
        } else if (!(e instanceof ClosedChannelException)) {
            setCause(CloseCause.ERROR, e.toString());
            drive(TcpEvent.ABORT);
        }
    }

    /** The runtime is closing: the connection ends now (RST where it is still open). */
    void runtimeClosing() {
        if (state == TcpState.CLOSED) {
            return;
        }
        setCause(CloseCause.ERROR, "runtime closed");
        drive(TcpEvent.ABORT);
    }
}
