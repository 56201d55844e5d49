package io.fsmgen.web;

import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.tcp.nio.NioTcpHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An echo server for the tests: it echoes, and closes when the peer finishes, except on connections whose first
 * message is "leak", which it forgets in CLOSE_WAIT until the test tells it to clean up: the CLOSE_WAIT leak.
 */
final class TestServer implements NioTcpHandler {

    private final List<NioTcpConnection> forgetting = new ArrayList<>();
    private final List<NioTcpConnection> forgotten = new ArrayList<>();

    @Override
    public void data(NioTcpConnection connection, ByteBuffer data) {
        String text = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
        if (text.startsWith("leak")) {
            synchronized (this) {
                forgetting.add(connection);
            }
        }
        connection.write(data);
    }

    @Override
    public void peerFinished(NioTcpConnection connection) {
        synchronized (this) {
            if (forgetting.remove(connection)) {
                forgotten.add(connection);
                return;
            }
        }
        connection.close();
    }

    /** Closes the connections it forgot, as a fixed server would. */
    void closeForgotten() {
        List<NioTcpConnection> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(forgotten);
            forgotten.clear();
        }
        toClose.forEach(NioTcpConnection::close);
    }

    @Override
    public String toString() {
        return "forgetful echo server";
    }
}
