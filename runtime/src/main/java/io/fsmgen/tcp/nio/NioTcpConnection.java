package io.fsmgen.tcp.nio;

import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One TCP connection bound to a {@link NioTcpMachine}. The machine follows the connection's real life: every NIO
 * event and user call becomes a machine event (see the package documentation for the mapping), the machine's
 * effects become socket operations, and illegal calls fail with the RFC's error text.
 *
 * <p>Methods may be called from any thread; from another thread than the connection's loop they run on the loop and
 * the caller waits. Handler callbacks run on the loop.
 */
public final class NioTcpConnection implements NioTcpEndpoint {

    private final NioTcpRuntime runtime;
    final EventLoop loop;
    private final long id;
    private final NioTcpHandler handler;
    private final ConnectionInfo.Kind kind;
    private final NioTcpMachine machine;
    private final SocketChannel channel;
    private SelectionKey key;

    private volatile TcpState state = TcpState.CLOSED;
    private volatile long stateSince = System.nanoTime();
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long queuedBytes;
    private volatile boolean observed = true;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private boolean inferredFromAccept;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean connected;
    private boolean connecting;
    private boolean readOpen = true;
    private boolean outputShut;
    private boolean channelClosed;
    private boolean closeDeferred;
    private boolean backpressured;
    private boolean peerFinished;
    private boolean leakReported;

    // Effects gathered during a machine step, acted on after it (callbacks never run inside the machine).
    private boolean inUserCall;
    private String callError;
    private boolean signalOpened;
    private boolean signalPeerFinished;
    private boolean opened;
    private CloseCause cause;
    private String detail;
    private boolean closedDelivered;
    private TcpState lastState = TcpState.CLOSED;
    private boolean deliverClosedPending;
    private boolean finished;
    /** Left the initial CLOSED at least once (so CLOSED now means the TCB was deleted). */
    private boolean everOpened;
    /** True while firing an event that is the local timer's estimate rather than an observation. */
    private boolean estimating;
    /** EOF read in FIN_WAIT_1; waiting for the kernel to say whether the peer's FIN ACKed ours. */
    private boolean finUndecided;

    NioTcpConnection(NioTcpRuntime runtime, EventLoop loop, long id, SocketChannel channel, NioTcpHandler handler,
            ConnectionInfo.Kind kind) {
        this.runtime = runtime;
        this.loop = loop;
        this.id = id;
        this.channel = channel;
        this.handler = handler;
        this.kind = kind;
        this.machine = new NioTcpMachine(new Effects(), loop.schedulerFor(this), runtime.options().tcp(),
                runtime.options().timeouts());
        this.machine.addListener(new Listener());
    }

    // ---- setup, on the loop ----

    /** Active open: ACTIVE_OPEN, then the non-blocking connect. */
    void startConnect(SocketAddress address) throws IOException {
        runtime.registry().add(this);
        loop.connections.add(this);
        drive(TcpEvent.ACTIVE_OPEN);
        key = channel.register(loop.selector, 0, (EventLoop.Ready) this::ready);
        boolean done;
        try {
            done = channel.connect(address);
            local = (InetSocketAddress) channel.getLocalAddress();
            remote = (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            connectFailed(e);
            return;
        }
        if (done) {
            connectedNow();
        } else {
            connecting = true;
            updateInterest();
        }
    }

    /** Passive open inferred from accept(): LISTEN → SYN_RECEIVED → ESTABLISHED, all done by the kernel already. */
    void startAccepted() throws IOException {
        inferredFromAccept = true;
        local = (InetSocketAddress) channel.getLocalAddress();
        remote = (InetSocketAddress) channel.getRemoteAddress();
        runtime.registry().add(this);
        loop.connections.add(this);
        key = channel.register(loop.selector, 0, (EventLoop.Ready) this::ready);
        connected = true;
        drive(TcpEvent.PASSIVE_OPEN);
        drive(TcpEvent.RCV_SYN);
        drive(TcpEvent.RCV_ACK);
        updateInterest();
    }

    private void connectedNow() {
        connecting = false;
        connected = true;
        try {
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException ignored) {
            // keep what we had
        }
        drive(TcpEvent.RCV_SYN_ACK);
        if (state.synchronizedState()) {
            flush();
            updateInterest();
        }
    }

    private void connectFailed(IOException e) {
        connecting = false;
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
            doClose();
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
            userCall(TcpEvent.ABORT);
            return null;
        });
    }

    @Override
    public ConnectionInfo info() {
        return new ConnectionInfo(id, kind, local, remote, state, observed, inferredFromAccept,
                Duration.ofNanos(System.nanoTime() - stateSince), bytesIn, bytesOut, queuedBytes, handler.toString());
    }

    @Override
    public String toString() {
        return "NioTcpConnection#" + id + "[" + state + " " + local + " -> " + remote + "]";
    }

    // ---- user calls ----

    private WriteResult doWrite(ByteBuffer src) {
        if (closeDeferred) {
            throw new TcpCallException(TcpSpec.CONNECTION_CLOSING, state);
        }
        userCall(TcpEvent.SEND);
        if (queuedBytes >= runtime.options().writeQueueLimit()) {
            return WriteResult.REJECTED;
        }
        if (connected && queue.isEmpty()) {
            try {
                int n = channel.write(src);
                bytesOut += n;
            } catch (IOException e) {
                ioFailed(e);
                return WriteResult.FAILED;
            }
            if (!src.hasRemaining()) {
                return WriteResult.WRITTEN;
            }
        }
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        queue.add(copy);
        queuedBytes += copy.remaining();
        updateInterest();
        if (queuedBytes >= runtime.options().writeQueueLimit()) {
            backpressured = true;
            return WriteResult.BACKPRESSURE;
        }
        return WriteResult.QUEUED;
    }

    private void doClose() {
        TcpState s = state;
        if (closeDeferred) {
            throw new TcpCallException(TcpSpec.CONNECTION_CLOSING, s);
        }
        if (!queue.isEmpty() && (s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT)) {
            // T45/T66: the CLOSE waits until queued SENDs are segmentized; the machine stays where the kernel is.
            closeDeferred = true;
            return;
        }
        if (s == TcpState.SYN_SENT) {
            setCause(CloseCause.NORMAL, "closed before the connection opened");
        }
        userCall(TcpEvent.CLOSE);
    }

    private void userCall(TcpEvent event) {
        inUserCall = true;
        callError = null;
        TcpState before = state;
        try {
            drive(event);
        } finally {
            inUserCall = false;
        }
        if (callError != null) {
            String text = callError;
            callError = null;
            throw new TcpCallException(text, before);
        }
    }

    // ---- driving the machine ----

    /** Fires one event, then does what its effects asked for, outside the machine. */
    private void drive(TcpEvent event) {
        machine.fire(event);
        afterStep();
    }

    /** Called by the loop after a machine timer fired. */
    void afterTimer() {
        afterStep();
    }

    private void afterStep() {
        if (signalOpened) {
            signalOpened = false;
            if (!opened) {
                opened = true;
                safe(() -> handler.opened(this));
            }
        }
        if (signalPeerFinished) {
            signalPeerFinished = false;
            safe(() -> handler.peerFinished(this));
        }
        if (deliverClosedPending) {
            deliverClosedPending = false;
            deliverClosed();
        }
        if (state == TcpState.CLOSED && !finished && lastState == TcpState.CLOSED && everOpened) {
            finish();
        }
    }

    private void finish() {
        finished = true;
        if (!channelClosed) {
            boolean abortive = cause != null && cause != CloseCause.NORMAL && cause != CloseCause.REFUSED;
            closeChannel(abortive);
        }
        runtime.registry().remove(this);
        loop.connections.remove(this);
        runtime.unwatch(this);
        deliverClosed();
    }

    private void deliverClosed() {
        if (closedDelivered) {
            return;
        }
        closedDelivered = true;
        CloseCause c = cause == null ? CloseCause.NORMAL : cause;
        String d = detail == null ? "closed" : detail;
        safe(() -> handler.closed(this, c, d));
    }

    private void setCause(CloseCause c, String d) {
        if (cause == null || cause == CloseCause.NORMAL) {
            cause = c;
            detail = d;
        }
    }

    private void safe(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            NioTcpRuntime.LOG.log(Level.ERROR, "handler " + handler + " failed on " + this, e);
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
                if (channel.finishConnect()) {
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
        if ((ready & SelectionKey.OP_READ) != 0 && k.isValid() && readOpen && !channelClosed) {
            read();
        }
        if (!channelClosed) {
            updateInterest();
        }
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < 4 && readOpen && !channelClosed; i++) {
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
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
            ByteBuffer data = buf;
            safe(() -> handler.data(this, data));
            if (n < buf.capacity()) {
                return; // the socket buffer is drained: spare the read that would return 0
            }
        }
    }

    private void endOfStream() {
        readOpen = false;
        peerFinished = true;
        TcpState s = state;
        if (s == TcpState.FIN_WAIT_1) {
            // Did the peer's FIN also ACK ours (TIME_WAIT) or did the FINs cross (CLOSING)? Only the kernel knows;
            // the watcher decides, so the loop never reads /proc itself.
            if (runtime.kernelAvailable()) {
                finUndecided = true;
                runtime.watch(this, 0);
                return;
            }
            estimating = true; // no kernel: CLOSING is a guess, then the ACK estimate
            try {
                drive(TcpEvent.RCV_FIN);
            } finally {
                estimating = false;
            }
        } else if (s == TcpState.ESTABLISHED || s == TcpState.FIN_WAIT_2 || s == TcpState.SYN_RECEIVED) {
            drive(TcpEvent.RCV_FIN);
        }
        afterPeerFin();
    }

    /** Both FINs are out: the application is done with the channel; the kernel keeps the socket. */
    private void afterPeerFin() {
        TcpState s = state;
        if (s == TcpState.TIME_WAIT || s == TcpState.CLOSING) {
            closeChannel(false);
            deliverClosed();
        }
    }

    private void flush() {
        while (!queue.isEmpty()) {
            ByteBuffer head = queue.peek();
            int n;
            try {
                n = channel.write(head);
            } catch (IOException e) {
                ioFailed(e);
                return;
            }
            bytesOut += n;
            queuedBytes -= n;
            if (head.hasRemaining()) {
                break;
            }
            queue.poll();
        }
        if (backpressured && queuedBytes < runtime.options().writeQueueLimit() / 2) {
            backpressured = false;
            safe(() -> handler.writable(this));
        }
        if (queue.isEmpty() && closeDeferred && !channelClosed) {
            closeDeferred = false;
            drive(TcpEvent.CLOSE);
        }
    }

    private void ioFailed(IOException e) {
        if (channelClosed || state == TcpState.CLOSED) {
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

    private void updateInterest() {
        if (key == null || !key.isValid() || channelClosed) {
            return;
        }
        int ops = 0;
        if (connecting) {
            ops |= SelectionKey.OP_CONNECT;
        }
        if (connected && readOpen) {
            ops |= SelectionKey.OP_READ;
        }
        if (connected && !queue.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void sendFin() {
        if (channelClosed) {
            return;
        }
        try {
            if (peerFinished) {
                closeChannel(false); // CLOSE_WAIT → LAST_ACK: nothing more to read; close() sends the FIN
                deliverClosedPending = true;
            } else {
                channel.shutdownOutput();
                outputShut = true;
            }
        } catch (IOException e) {
            ioFailed(e);
        }
    }

    private void sendRst() {
        if (channelClosed) {
            return;
        }
        closeChannel(true);
    }

    private void closeChannel(boolean rst) {
        if (channelClosed) {
            return;
        }
        channelClosed = true;
        queue.clear();
        queuedBytes = 0;
        try {
            if (rst && channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // the close below still releases the socket
        }
        try {
            channel.close();
        } catch (IOException e) {
            NioTcpRuntime.LOG.log(Level.DEBUG, "close failed on " + this, e);
        }
    }

    /** The runtime is closing: the connection ends now (RST where it is still open). */
    void runtimeClosing() {
        if (state == TcpState.CLOSED) {
            return;
        }
        setCause(CloseCause.ERROR, "runtime closed");
        if (!channelClosed) {
            drive(TcpEvent.ABORT);
        } else {
            machine.fire(TcpEvent.ABORT);
            afterStep();
        }
    }

    // ---- what the kernel said ----

    /** From the kernel watcher's thread: the kernel holds this connection in {@code k} (CLOSE: no socket). */
    void kernelSaw(KernelTcpState k, long timerNanos, long backoffNanos) {
        loop.execute(() -> onKernel(k, timerNanos, backoffNanos));
    }

    private void onKernel(KernelTcpState k, long timerNanos, long backoffNanos) {
        TcpState s = state;
        switch (s) {
            case FIN_WAIT_1 -> {
                if (finUndecided) {
                    finUndecided = false;
                    if (k == KernelTcpState.TIME_WAIT || k == KernelTcpState.CLOSE) {
                        drive(TcpEvent.RCV_FIN_ACK); // the FIN ACKed ours (or the ACK came first: same end)
                    } else {
                        drive(TcpEvent.RCV_FIN); // the FINs crossed: CLOSING
                    }
                    afterPeerFin();
                    return;
                }
                if (k == KernelTcpState.FIN_WAIT2 || k == KernelTcpState.TIME_WAIT) {
                    drive(TcpEvent.RCV_ACK); // FIN_WAIT_1 → FIN_WAIT_2; a FIN already there comes through read()
                    return;
                }
            }
            case CLOSING -> {
                if (k == KernelTcpState.TIME_WAIT || k == KernelTcpState.CLOSE) {
                    drive(TcpEvent.RCV_ACK);
                    return;
                }
            }
            case LAST_ACK -> {
                if (k == KernelTcpState.CLOSE) {
                    drive(TcpEvent.RCV_ACK);
                    return;
                }
            }
            case CLOSE_WAIT -> {
                if (k == KernelTcpState.CLOSE) {
                    // After EOF NIO no longer reads, so only the kernel shows that a RST ended the connection.
                    setCause(CloseCause.RESET, "connection reset (seen in the kernel's table)");
                    drive(TcpEvent.RCV_RST);
                    return;
                }
                runtime.watchAgain(this, 100_000_000L);
                return;
            }
            case TIME_WAIT -> {
                if (k == KernelTcpState.CLOSE) {
                    drive(TcpEvent.TIMEOUT); // the kernel's TIME-WAIT ended
                    return;
                }
                if (k == KernelTcpState.TIME_WAIT && timerNanos > 0) {
                    runtime.watchAgain(this, timerNanos + 20_000_000L);
                    return;
                }
            }
            default -> {
                runtime.unwatch(this);
                return;
            }
        }
        runtime.watchAgain(this, backoffNanos);
    }

    /** Without the kernel's table: assume the ACK of our FIN arrived after the configured estimate. */
    private void estimateAck() {
        TcpState expected = state;
        loop.schedule(runtime.options().ackEstimate(), () -> {
            if (state == expected) {
                estimating = true;
                try {
                    machine.fire(TcpEvent.RCV_ACK);
                } finally {
                    estimating = false;
                }
            }
        }, this);
    }

    // ---- machine plumbing ----

    private final class Listener implements TransitionListener<TcpState, TcpEvent> {
        @Override
        public void transitioned(TcpState from, TcpEvent event, TcpState to) {
            if (from == to) {
                return; // an internal row, or the idle timer's restart
            }
            lastState = to;
            state = to;
            everOpened = true;
            stateSince = System.nanoTime();
            observed = !estimating;
            runtime.transitioned(NioTcpConnection.this, from, event, to, observed);
            switch (to) {
                case FIN_WAIT_1, CLOSING, LAST_ACK -> {
                    if (runtime.kernelAvailable()) {
                        runtime.watch(NioTcpConnection.this, 1_000_000L); // let the ACK arrive; batch the round
                    } else {
                        estimateAck();
                    }
                }
                case TIME_WAIT -> {
                    if (runtime.kernelAvailable()) {
                        runtime.watch(NioTcpConnection.this, 500_000_000L);
                    }
                }
                case CLOSE_WAIT -> runtime.watch(NioTcpConnection.this, 50_000_000L); // a RST is invisible here
                default -> runtime.unwatch(NioTcpConnection.this);
            }
        }
    }

    private final class Effects implements TcpEffects {
        @Override
        public void send(TcpSegment segment) {
            switch (segment) {
                case FIN -> sendFin();
                case RST -> sendRst();
                default -> {
                    // SYN, SYN+ACK, ACK, data: the kernel sends them.
                }
            }
        }

        @Override
        public void signal(TcpSignal signal) {
            switch (signal) {
                case CONNECTED -> signalOpened = true;
                case CLOSING -> signalPeerFinished = true;
                case RESET -> setCause(lastState == TcpState.SYN_SENT ? CloseCause.REFUSED : CloseCause.RESET,
                        signal.text());
                case REFUSED -> setCause(CloseCause.REFUSED, signal.text());
                case TIMED_OUT -> setCause(CloseCause.TIMEOUT, signal.text());
                default -> {
                }
            }
        }

        @Override
        public void error(String text) {
            if (inUserCall) {
                callError = text;
            } else if (TcpSpec.USER_TIMEOUT.equals(text)) {
                String which = switch (lastState) {
                    case SYN_SENT -> "connect timeout";
                    case FIN_WAIT_2 -> "FIN_WAIT_2 timeout";
                    case ESTABLISHED -> "idle timeout";
                    default -> "user timeout";
                };
                setCause(CloseCause.TIMEOUT, which + ": " + text);
            } else {
                NioTcpRuntime.LOG.log(Level.WARNING, "unexpected machine error on " + NioTcpConnection.this + ": " + text);
            }
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
