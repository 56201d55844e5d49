package io.fsmgen.tcp.nio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A handler that records what it hears, for tests. Echoes when {@code echo} is set. */
class Recorder implements NioTcpHandler {
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
    }

    @Override
    public void peerFinished(NioTcpConnection c) {
        log.add("peerFinished");
        peerFinished.complete(c);
        if (closeOnPeerFinished) {
            c.close();
        }
    }

    @Override
    public void closed(NioTcpConnection c, CloseCause cause, String detail) {
        log.add("closed " + cause);
        closeDetail = detail;
        closed.complete(cause);
    }

    String text() {
        synchronized (received) {
            return received.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("timed out or failed: " + e, e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
