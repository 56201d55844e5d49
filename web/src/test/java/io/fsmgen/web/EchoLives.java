package io.fsmgen.web;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.nio.ConnectionInfo;
import io.fsmgen.tcp.nio.ConnectionListener;
import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpEndpoint;
import io.fsmgen.tcp.nio.NioTcpHandler;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Whole connection lives on loopback, as fast as the runtime goes: connect, one message echoed, the client closes
 * first, both ends reach CLOSED. A bounded number run at once; each life's end is heard from the runtime's own
 * listener, so nothing here sleeps or polls.
 */
final class EchoLives implements ConnectionListener, AutoCloseable {

    private final NioTcpRuntime runtime;
    private final InetSocketAddress server;
    private final Semaphore inFlight;
    private final int concurrency;

    EchoLives(NioTcpRuntime runtime, InetSocketAddress server, int concurrency) {
        this.runtime = runtime;
        this.server = server;
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
        runtime.addListener(this);
    }

    /** An echo server that closes when the peer has finished. */
    static NioTcpHandler echoServer() {
        return new NioTcpHandler() {
            @Override
            public void data(NioTcpConnection connection, ByteBuffer data) {
                connection.write(data);
            }

            @Override
            public void peerFinished(NioTcpConnection connection) {
                connection.close();
            }

            @Override
            public String toString() {
                return "echo server";
            }
        };
    }

    /**
     * Runs {@code lives} lives and waits until every client has reached CLOSED.
     *
     * @return how long they took
     */
    Duration run(int lives, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < lives; i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("lives did not finish within " + timeout + " (" + i + " started)");
            }
            runtime.connect(server, new PingClient());
        }
        if (!inFlight.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("the last lives did not finish within " + timeout);
        }
        inFlight.release(concurrency);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void transitioned(NioTcpEndpoint endpoint, TcpState from, TcpEvent event, TcpState to) {
        if (to == TcpState.CLOSED && from != TcpState.CLOSED && endpoint instanceof NioTcpConnection c
                && c.info().kind() == ConnectionInfo.Kind.ACTIVE) {
            inFlight.release();
        }
    }

    @Override
    public void close() {
        runtime.removeListener(this);
    }

    /** Sends one ping, and closes when the echo comes back. */
    private static final class PingClient implements NioTcpHandler {
        @Override
        public void opened(NioTcpConnection connection) {
            connection.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void data(NioTcpConnection connection, ByteBuffer data) {
            connection.close();
        }

        @Override
        public String toString() {
            return "ping client";
        }
    }
}
