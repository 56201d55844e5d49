package io.fsmgen.tcp.nio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A handler that records what it hears, for tests. Echoes when {@code echo} is set. Each callback signals
 * {@link #CHANGES}, on which {@link #await} waits.
 */
class Recorder implements NioTcpHandler {
    /** Signalled by every recorder's callbacks (and by runtimes' transitions while awaited): a signal, no data. */
    static final Changes CHANGES = new Changes();

    final String name;
    volatile boolean echo;
    volatile boolean closeOnPeerFinished;
    final List<String> log = new CopyOnWriteArrayList<>();
    final CompletableFuture<NioTcpConnection> opened = new CompletableFuture<>();
    final CompletableFuture<NioTcpConnection> peerFinished = new CompletableFuture<>();
    final CompletableFuture<CloseCause> closed = new CompletableFuture<>();
    final List<NioTcpConnection> accepted = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    volatile String closeDetail;

    Recorder(String name) {
        this.name = name;
    }

    @Override
    public void opened(NioTcpConnection c) {
        log.add("opened");
        accepted.add(c);
        opened.complete(c);
        CHANGES.changed();
    }

    @Override
    public void data(NioTcpConnection c, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        synchronized (received) {
            received.writeBytes(b);
        }
        if (echo) {
            c.write(data);
        }
        CHANGES.changed();
    }

    @Override
    public void peerFinished(NioTcpConnection c) {
        log.add("peerFinished");
        peerFinished.complete(c);
        if (closeOnPeerFinished) {
            c.close();
        }
        CHANGES.changed();
    }

    @Override
    public void closed(NioTcpConnection c, CloseCause cause, String detail) {
        log.add("closed " + cause);
        closeDetail = detail;
        closed.complete(cause);
        CHANGES.changed();
    }

    @Override
    public void writable(NioTcpConnection c) {
        CHANGES.changed();
    }

    String text() {
        synchronized (received) {
            return received.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(Changes.BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("timed out or failed: " + e, e);
        }
    }

    /** Waits for a condition on what recorders heard (data, callbacks); see {@link Changes}. */
    static void await(String what, BooleanSupplier condition) {
        CHANGES.await(what, condition);
    }

    /** Waits for a condition on connections of {@code rt} (their states) or on what recorders heard. */
    static void await(NioTcpRuntime rt, String what, BooleanSupplier condition) {
        CHANGES.await(rt, what, condition);
    }

    @Override
    public String toString() {
        return name;
    }
}
