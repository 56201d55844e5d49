package io.fsmgen.examples.job;

import io.fsmgen.tcp.nio.NioTcpConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a scenario's handlers share: a clock for the applications' pauses, the client's connection (so that a
 * server can act on both ends at once) and a log of the text each side received.
 */
final class Stage {

    private final ScheduledExecutorService applications;
    private final ExecutorService closers;
    private final List<String> received = new ArrayList<>();
    private volatile NioTcpConnection client;
    private volatile NioTcpConnection server;

    Stage(ScheduledExecutorService applications, ExecutorService closers) {
        this.applications = applications;
        this.closers = closers;
    }

    /**
     * Both applications call {@code close()} in the same instant: two threads wait on one barrier, then each closes
     * its end, so that the two FINs can cross on the wire.
     */
    void closeBothAtOnce() {
        CyclicBarrier barrier = new CyclicBarrier(2);
        for (NioTcpConnection end : List.of(client, server)) {
            closers.execute(() -> {
                try {
                    barrier.await();
                } catch (InterruptedException | BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                end.close();
            });
        }
    }

    /** Runs {@code action} after {@code delay}, as an application that takes its time. */
    void later(Duration delay, Runnable action) {
        applications.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void send(NioTcpConnection connection, String text) {
        connection.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    void received(String side, ByteBuffer data) {
        String text = StandardCharsets.UTF_8.decode(data).toString();
        synchronized (received) {
            received.add(side + " got \"" + text + "\"");
        }
    }

    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    NioTcpConnection client() {
        return client;
    }

    void client(NioTcpConnection connection) {
        client = connection;
    }

    NioTcpConnection server() {
        return server;
    }

    void server(NioTcpConnection connection) {
        server = connection;
    }
}
