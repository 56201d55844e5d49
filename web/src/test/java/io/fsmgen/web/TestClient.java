package io.fsmgen.web;

import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A client for the tests: sends {@code message} once open, and closes when the echo comes back. */
final class TestClient implements NioTcpHandler {

    private final String message;
    private boolean sent;

    TestClient(String message) {
        this.message = message;
    }

    /** Sends the message now (the test decides when the connection moves on). */
    synchronized void send(NioTcpConnection connection) {
        if (!sent) {
            sent = true;
            connection.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void data(NioTcpConnection connection, ByteBuffer data) {
        connection.close();
    }

    @Override
    public String toString() {
        return "test client";
    }
}
