package io.fsmgen.tcp.nio;

import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening socket with its own machine (PASSIVE_OPEN: CLOSED → LISTEN; close: LISTEN → CLOSED). Every accepted
 * connection gets a fresh machine taken through LISTEN → SYN_RECEIVED → ESTABLISHED and is handed to the handler.
 */
public final class NioTcpListener implements NioTcpEndpoint, AutoCloseable {

    private final NioTcpRuntime runtime;
    private final EventLoop loop;
    private final long id;
    private final ServerSocketChannel server;
    private final NioTcpHandler handler;
    private final NioTcpMachine machine;
    private volatile TcpState state = TcpState.CLOSED;
    private volatile long stateSince = System.nanoTime();
    private volatile InetSocketAddress local;
    private volatile long accepted;

    NioTcpListener(NioTcpRuntime runtime, EventLoop loop, long id, ServerSocketChannel server, NioTcpHandler handler) {
        this.runtime = runtime;
        this.loop = loop;
        this.id = id;
        this.server = server;
        this.handler = handler;
        this.machine = new NioTcpMachine(TcpEffects.NONE, loop.schedulerFor(null), runtime.options().tcp(),
                runtime.options().timeouts());
        this.machine.addListener(new TransitionListener<>() {
            @Override
            public void transitioned(TcpState from, TcpEvent event, TcpState to) {
                if (from != to) {
                    state = to;
                    stateSince = System.nanoTime();
                    runtime.transitioned(NioTcpListener.this, from, event, to, true);
                }
            }
        });
    }

    void start() throws IOException {
        local = (InetSocketAddress) server.getLocalAddress();
        machine.fire(TcpEvent.PASSIVE_OPEN);
        runtime.registry().add(this);
        loop.listeners.add(this);
        server.register(loop.selector, SelectionKey.OP_ACCEPT, (EventLoop.Ready) this::ready);
    }

    private void ready(SelectionKey key) {
        for (int i = 0; i < 256; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                NioTcpRuntime.LOG.log(Level.WARNING, "accept failed on " + this, e);
                return;
            }
            if (ch == null) {
                return;
            }
            accepted++;
            runtime.adopt(ch, handler);
        }
    }

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
        return null;
    }

    /** How many connections were accepted. */
    public long acceptedCount() {
        return accepted;
    }

    @Override
    public ConnectionInfo info() {
        return new RegistryRow().of(this).info(HandlerName.of(handler), System.nanoTime());
    }

    void fill(RegistryRow row) {
        row.id = id;
        row.kind = ConnectionInfo.Kind.LISTENER;
        row.local = local;
        row.remote = null;
        row.state = state;
        row.observed = true;
        row.stateSinceNanos = stateSince;
        row.bytesIn = 0;
        row.bytesOut = 0;
        row.queuedBytes = 0;
        row.handler = handler;
    }

    /**
     * CLOSE on the listener: LISTEN → CLOSED and the socket is closed; accepted connections live on.
     *
     * @throws TcpCallException "connection does not exist" when already closed
     */
    @Override
    public void close() {
        loop.call(() -> {
            if (state == TcpState.CLOSED) {
                throw new TcpCallException(io.fsmgen.tcp.TcpSpec.CONNECTION_DOES_NOT_EXIST, state);
            }
            machine.fire(TcpEvent.CLOSE);
            closeSocket();
            return null;
        });
    }

    void runtimeClosing() {
        if (state != TcpState.CLOSED) {
            machine.fire(TcpEvent.CLOSE);
        }
        closeSocket();
    }

    private void closeSocket() {
        runtime.registry().remove(this);
        loop.listeners.remove(this);
        try {
            server.close();
        } catch (IOException e) {
            NioTcpRuntime.LOG.log(Level.DEBUG, "close failed on " + this, e);
        }
    }

    @Override
    public String toString() {
        return "NioTcpListener#" + id + "[" + state + " " + local + "]";
    }
}
