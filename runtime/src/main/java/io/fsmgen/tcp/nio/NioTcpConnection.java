package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One TCP connection, driven by two generated machines: a {@link NioTcpMachine} for its TCP life (RFC 9293) and a
 * {@link ChannelMachine} for its channel (which directions are open, whether a close waits for queued writes, when
 * the channel is released). NIO results and user calls become events of one or both (see the package
 * documentation); the TCP machine's FIN and RST become channel events, and the channel machine's rows do the socket
 * operations. Illegal calls fail with the RFC's error text. Transitions socket calls cannot see come from the
 * runtime's {@link TransitionSource}.
 *
 * <p>Methods may be called from any thread; from another thread than the connection's loop they run on the loop and
 * the caller waits. Handler callbacks run on the loop, after the machines' steps, never inside them.
 */
public final class NioTcpConnection implements NioTcpEndpoint {

    private final NioTcpRuntime runtime;
    final EventLoop loop;
    private final long id;
    private final NioTcpHandler handler;
    private final ConnectionInfo.Kind kind;
    private final NioTcpMachine machine;
    private final ChannelMachine channel;
    private final SocketIo io;
    private final Plumbing plumbing;

    private volatile TcpState state = TcpState.CLOSED;
    private volatile long stateSince = System.nanoTime();
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile boolean observed = true;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;

    /** Handler callbacks asked for during a step, delivered after it; null while none waits (most of the time). */
    private ArrayDeque<Runnable> callbacks;
    private CloseCause cause;
    private String detail;
    /** The RFC's error text for the user call being served, set by the machine's error effect. */
    private String rejection;
    /** Whether the event being fired is an estimate rather than an observation (the provenance of one step). */
    private boolean estimating;
    private boolean leakReported;
    /**
     * While our FIN has left ahead of the TCP machine's CLOSE ({@link ChannelState#FIN_UNCONFIRMED}): the bound on
     * waiting for the kernel's word on which transition the close made; null otherwise.
     */
    private Scheduler.Cancellable closeOrderBound;

    /** How long a close waits for the kernel's word before the machine takes an estimated CLOSE (events lost). */
    static final Duration CLOSE_ORDER_BOUND = Duration.ofSeconds(30);

    NioTcpConnection(NioTcpRuntime runtime, EventLoop loop, long id, SocketChannel socket, NioTcpHandler handler,
            ConnectionInfo.Kind kind) {
        this.runtime = runtime;
        this.loop = loop;
        this.id = id;
        this.handler = handler;
        this.kind = kind;
        this.io = new SocketIo(socket, runtime.options().writeQueueLimit());
        this.plumbing = new Plumbing();
        this.channel = new ChannelMachine(plumbing);
        this.machine = new NioTcpMachine(plumbing, plumbing, runtime.options().tcp(), runtime.options().timeouts());
        this.machine.addListener(plumbing);
    }

    // ---- setup, on the loop ----

    /** Active open: ACTIVE_OPEN, then the non-blocking connect. */
    void startConnect(SocketAddress address) throws IOException {
        runtime.registry().add(this);
        drive(TcpEvent.ACTIVE_OPEN);
        io.register(loop, plumbing);
        boolean done;
        try {
            done = io.connect(address);
            local = io.localAddress();
            remote = io.remoteAddress();
        } catch (IOException e) {
            connectFailed(e);
            return;
        }
        if (done) {
            connectedNow();
        } else {
            channel.fire(ChannelEvent.CONNECT_PENDING);
            io.interest(channel.state());
        }
    }

    /** Passive open inferred from accept(): LISTEN → SYN_RECEIVED → ESTABLISHED, all done by the kernel already. */
    void startAccepted() throws IOException {
        local = io.localAddress();
        remote = io.remoteAddress();
        runtime.registry().add(this);
        io.register(loop, plumbing);
        runtime.hidden().follow(this);
        drive(TcpEvent.PASSIVE_OPEN);
        drive(TcpEvent.RCV_SYN);
        drive(TcpEvent.RCV_ACK);
        channel.fire(ChannelEvent.CONNECTED);
        afterStep();
        io.interest(channel.state());
    }

    private void connectedNow() {
        try {
            local = io.localAddress();
        } catch (IOException ignored) {
            // keep what we had
        }
        runtime.hidden().follow(this); // the local port is known for sure only now
        if (state == TcpState.SYN_SENT) {
            drive(TcpEvent.RCV_SYN_ACK);
        }
        channel.fire(ChannelEvent.CONNECTED);
        afterStep();
        if (state.synchronizedState()) {
            flush();
            io.interest(channel.state());
        }
    }

    private void connectFailed(IOException e) {
        if (e instanceof ConnectException) {
            setCause(CloseCause.REFUSED, e.getMessage() == null ? "connection refused" : e.getMessage());
            drive(TcpEvent.RCV_RST);
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
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
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
        return loop.call(() -> doWrite(src));
    }

    /**
     * CLOSE: graceful. Queued data is flushed first, then the FIN goes out through {@code shutdownOutput()}
     * (ESTABLISHED → FIN_WAIT_1) or by closing the channel once the peer has finished (CLOSE_WAIT → LAST_ACK). Data
     * keeps arriving until the peer's FIN.
     *
     * @throws TcpCallException "connection closing" when already closing, "connection does not exist" once CLOSED
     */
    public void close() {
        loop.call(() -> {
            if (state == TcpState.SYN_SENT) {
                setCause(CloseCause.NORMAL, "closed before the connection opened");
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
     *
     * @throws TcpCallException "connection does not exist" once CLOSED
     */
    public void abort() {
        loop.call(() -> {
            setCause(CloseCause.RESET, "aborted by the application");
            userCall(() -> machine.fire(TcpEvent.ABORT));
            return null;
        });
    }

    @Override
    public ConnectionInfo info() {
        return new RegistryRow().of(this).info(handler.toString(), System.nanoTime());
    }

    ConnectionInfo.Kind kind() {
        return kind;
    }

    void fill(RegistryRow row) {
        row.id = id;
        row.kind = kind;
        row.local = local;
        row.remote = remote;
        row.state = state;
        row.observed = observed;
        row.stateSinceNanos = stateSince;
        row.bytesIn = bytesIn;
        row.bytesOut = bytesOut;
        row.queuedBytes = io.queue().queuedBytes();
        row.handler = handler;
    }

    @Override
    public String toString() {
        return "NioTcpConnection#" + id + "[" + state + " " + local + " -> " + remote + "]";
    }

    // ---- user calls ----

    private WriteResult doWrite(ByteBuffer src) {
        if (channel.state().closeAsked()) {
            throw new TcpCallException(TcpSpec.CONNECTION_CLOSING, state); // the CLOSE waits for queued writes
        }
        userCall(() -> machine.fire(TcpEvent.SEND));
        WriteQueue queue = io.queue();
        if (queue.atLimit()) {
            return WriteResult.REJECTED;
        }
        if (channel.state().writing() && queue.isEmpty()) {
            try {
                bytesOut += io.write(src);
            } catch (IOException e) {
                ioFailed(e);
                return WriteResult.FAILED;
            }
            if (!src.hasRemaining()) {
                return WriteResult.WRITTEN;
            }
        }
        WriteResult result = queue.add(src);
        io.interest(channel.state());
        return result;
    }

    /** Runs a step for a user call; the machine's error effect becomes a {@link TcpCallException}. */
    private void userCall(Runnable step) {
        rejection = null;
        TcpState before = state;
        step.run();
        afterStep();
        if (rejection != null) {
            String text = rejection;
            rejection = null;
            throw new TcpCallException(text, before);
        }
    }

    // ---- driving the machines ----

    /** Fires one TCP event, then delivers what its effects asked for, outside the machines. */
    private void drive(TcpEvent event) {
        machine.fire(event);
        afterStep();
        if (rejection != null) {
            // Not a user call: a rejection here means the event came late (the connection already moved on).
            NioTcpRuntime.LOG.log(Level.DEBUG, this + ": " + event + " rejected: " + rejection);
            rejection = null;
        }
    }

    /** A transition no socket call shows, learned from the runtime's source ({@code observed}) or estimated. */
    void hiddenStep(TcpEvent event, boolean fromKernel) {
        estimating = !fromKernel;
        try {
            drive(event);
        } finally {
            estimating = false;
        }
    }

    /** The kernel says a RST ended the connection while no socket call could see it. */
    void kernelReset(String why) {
        setCause(CloseCause.RESET, why);
        hiddenStep(TcpEvent.RCV_RST, true);
    }

    /**
     * The transition source's word on a close made ahead of the TCP machine ({@link ChannelState#FIN_UNCONFIRMED}):
     * the kernel went ESTABLISHED → FIN_WAIT1 ({@code peerFinFirst} false) or CLOSE_WAIT → LAST_ACK (true: the peer's
     * FIN had arrived, unread). The machine takes the kernel's events in the kernel's order: RCV_FIN, then CLOSE.
     * Ignored when no such close waits (answered already, or the connection moved on by a RST or an abort).
     */
    void closeOrdered(boolean peerFinFirst, boolean fromKernel) {
        if (closeOrderBound == null) {
            return;
        }
        closeOrderBound.cancel();
        closeOrderBound = null;
        if (state != TcpState.ESTABLISHED) {
            return;
        }
        estimating = !fromKernel;
        try {
            if (peerFinFirst) {
                machine.fire(TcpEvent.RCV_FIN);
            }
            machine.fire(TcpEvent.CLOSE); // its FIN is out already: the channel just notes it (FIN_DUE)
        } finally {
            estimating = false;
        }
        afterStep();
        if (state == TcpState.FIN_WAIT_1 && channel.state() == ChannelState.RELEASED) {
            runtime.hidden().finInFinWait1(this); // the peer's FIN was read while the close waited
        }
    }

    /** Whether a close made ahead of the TCP machine waits for the transition source's word. */
    boolean awaitingCloseOrder() {
        return closeOrderBound != null;
    }

    private void closeOrderTimedOut() {
        if (closeOrderBound == null) {
            return;
        }
        NioTcpRuntime.LOG.log(Level.WARNING, this + ": no word from the kernel on its close after "
                + CLOSE_ORDER_BOUND.toSeconds() + " s (events lost?): CLOSE taken as an estimate");
        closeOrdered(false, false);
    }

    /** Called by the loop after a machine timer fired. */
    void afterTimer() {
        afterStep();
    }

    /**
     * Delivers the callbacks the step asked for. A callback may call back into this connection, whose own step
     * delivers what is waiting then; the queue is re-read each time, and dropped once empty.
     */
    private void afterStep() {
        Runnable callback;
        while (callbacks != null && (callback = callbacks.poll()) != null) {
            callHandler(callback);
        }
        callbacks = null;
    }

    private void later(Runnable callback) {
        if (callbacks == null) {
            callbacks = new ArrayDeque<>(4);
        }
        callbacks.add(callback);
    }

    private void callHandler(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            NioTcpRuntime.LOG.log(Level.ERROR, "handler " + handler + " failed on " + this, e);
        }
    }

    private void setCause(CloseCause c, String d) {
        if (cause == null || cause == CloseCause.NORMAL) {
            cause = c;
            detail = d;
        }
    }

    // ---- I/O ----

    private void ready(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            try {
                if (io.finishConnect()) {
                    connectedNow();
                }
            } catch (IOException e) {
                connectFailed(e);
                return;
            }
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && k.isValid()) {
            flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && k.isValid() && channel.state().reading()) {
            read();
        }
        io.interest(channel.state());
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < 4 && channel.state().reading(); i++) {
            buf.clear();
            int n;
            try {
                n = io.read(buf);
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
            bytesIn += n;
            drive(TcpEvent.RECEIVE);
            buf.flip();
            try {
                handler.data(this, buf); // the step delivered its callbacks already: data comes after them
            } catch (RuntimeException e) {
                NioTcpRuntime.LOG.log(Level.ERROR, "handler " + handler + " failed on " + this, e);
            }
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
                if (closeOrderBound == null) {
                    machine.fire(TcpEvent.RCV_FIN);
                }
                // else our FIN left ahead of the machine's CLOSE: the kernel's word places this FIN (closeOrdered)
            }
            // Did the peer's FIN also ACK ours (TIME_WAIT) or did the FINs cross (CLOSING)? Only the kernel knows.
            case FIN_WAIT_1 -> runtime.hidden().finInFinWait1(this);
            default -> {
                // the kernel source already moved the machine past the FIN
            }
        }
        channel.fire(ChannelEvent.END_OF_STREAM);
        afterStep();
    }

    private void flush() {
        try {
            bytesOut += io.flush();
        } catch (IOException e) {
            ioFailed(e);
            return;
        }
        if (io.queue().becameWritable()) {
            later(() -> handler.writable(this));
        }
        if (io.queue().isEmpty()) {
            channel.fire(ChannelEvent.DRAINED);
        }
        afterStep();
    }

    private void ioFailed(IOException e) {
        if (!channel.state().channelOpen() || state == TcpState.CLOSED) {
            return;
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("reset") || m.contains("Broken pipe")) {
            setCause(CloseCause.RESET, "connection reset");
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

    // ---- the machines' plumbing ----

    /**
     * Everything the two machines and the loop call back, in one object per connection rather than five (a
     * connection is mostly idle, and each small object costs 16 bytes): the TCP machine's listener, effects and
     * scheduler, the channel machine's actions, and the selection key's attachment.
     */
    private final class Plumbing implements TransitionListener<TcpState, TcpEvent>, TcpEffects, ChannelActions,
            Scheduler, EventLoop.Ready {

        // ---- the selection key ----

        @Override
        public void ready(SelectionKey key) {
            NioTcpConnection.this.ready(key);
        }

        // ---- the TCP machine's scheduler: tasks run on this loop, then this connection's callbacks ----

        @Override
        public Scheduler.Cancellable schedule(Duration delay, Runnable task) {
            return loop.schedule(delay, task, NioTcpConnection.this);
        }

        // ---- the TCP machine's listener: public state, observability, the hidden-transition source ----

        @Override
        public void transitioned(TcpState from, TcpEvent event, TcpState to) {
            if (from == to) {
                return; // an internal row, or the idle timer's restart
            }
            state = to;
            stateSince = System.nanoTime();
            observed = !estimating;
            runtime.transitioned(NioTcpConnection.this, from, event, to, observed);
            runtime.hidden().entered(NioTcpConnection.this, to);
            if (to == TcpState.CLOSED) {
                channel.fire(ChannelEvent.TCB_DELETED);
            }
        }

        // ---- the TCP machine's effects: FIN and RST become channel events; signals become the close cause ----

        @Override
        public void send(TcpSegment segment) {
            switch (segment) {
                case FIN -> channel.fire(ChannelEvent.FIN_DUE);
                case RST -> channel.fire(ChannelEvent.RST_DUE);
                default -> {
                    // SYN, SYN+ACK, ACK, data: the kernel sends them.
                }
            }
        }

        @Override
        public void signal(TcpSignal signal) {
            switch (signal) {
                case RESET -> setCause(state == TcpState.SYN_SENT ? CloseCause.REFUSED : CloseCause.RESET,
                        signal.text());
                case REFUSED -> setCause(CloseCause.REFUSED, signal.text());
                case TIMED_OUT -> setCause(CloseCause.TIMEOUT, signal.text());
                default -> {
                    // CONNECTED and CLOSING: the channel machine tells the handler (opened, peerFinished) once each.
                }
            }
        }

        @Override
        public void error(String text) {
            if (TcpSpec.USER_TIMEOUT.equals(text)) {
                String which = switch (state) {
                    case SYN_SENT -> "connect timeout";
                    case FIN_WAIT_2 -> "FIN_WAIT_2 timeout";
                    case ESTABLISHED -> "idle timeout";
                    default -> "user timeout";
                };
                setCause(CloseCause.TIMEOUT, which + ": " + text);
            } else {
                rejection = text;
            }
        }

        // ---- the channel machine's rows, done on the real socket ----

        @Override
        public boolean writesQueued() {
            return !io.queue().isEmpty();
        }

        @Override
        public boolean kernelOrdersClose() {
            return state == TcpState.ESTABLISHED && runtime.hidden().ordersClose();
        }

        @Override
        public void awaitCloseOrder() {
            closeOrderBound = loop.schedule(CLOSE_ORDER_BOUND, NioTcpConnection.this::closeOrderTimedOut,
                    NioTcpConnection.this);
            runtime.hidden().closeAhead(NioTcpConnection.this);
        }

        @Override
        public void tcpClose() {
            machine.fire(TcpEvent.CLOSE);
        }

        @Override
        public void rejectClosing() {
            rejection = TcpSpec.CONNECTION_CLOSING;
        }

        @Override
        public void shutdownOutput() {
            try {
                io.shutdownOutput();
            } catch (IOException e) {
                ioFailed(e);
            }
        }

        @Override
        public void closeChannel() {
            io.close(false);
        }

        @Override
        public void resetChannel() {
            io.close(true);
        }

        @Override
        public void releaseChannel() {
            io.close(cause != null && cause != CloseCause.NORMAL && cause != CloseCause.REFUSED);
        }

        @Override
        public void tellOpened() {
            later(() -> handler.opened(NioTcpConnection.this));
        }

        @Override
        public void tellPeerFinished() {
            later(() -> handler.peerFinished(NioTcpConnection.this));
        }

        @Override
        public void tellClosed() {
            CloseCause c = cause == null ? CloseCause.NORMAL : cause;
            String d = detail == null ? "closed" : detail;
            later(() -> handler.closed(NioTcpConnection.this, c, d));
        }

        @Override
        public void unregister() {
            if (closeOrderBound != null) {
                closeOrderBound.cancel();
                closeOrderBound = null;
            }
            runtime.registry().remove(NioTcpConnection.this);
            runtime.hidden().forget(NioTcpConnection.this);
        }
    }

    long stateSinceNanos() {
        return stateSince;
    }

    boolean leakReported() {
        return leakReported;
    }

    void markLeakReported() {
        leakReported = true;
    }
}
