package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.TcpConnection;
import java.security.MessageDigest;

/**
 * The endpoint's application in a life: writes its payload as the send buffer frees, reads and hashes everything
 * that arrives. {@link #pump()} runs on the loop's thread after every round.
 */
final class EndpointSide {

    private final Payload outgoing;
    private final MessageDigest digest = Payload.newDigest();
    private TcpConnection connection;
    private int sent;
    private long received;

    EndpointSide(Payload outgoing) {
        this.outgoing = outgoing;
    }

    void attach(TcpConnection connection) {
        this.connection = connection;
    }

    TcpConnection connection() {
        return connection;
    }

    /** Sends what fits and reads what is there; does nothing before the connection exists or after it is gone. */
    void pump() {
        if (connection == null) {
            return;
        }
        TcpState state = connection.state();
        boolean maySend = state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT;
        while (maySend && sent < outgoing.length() && connection.sendBufferFree() > 0) {
            int chunk = Math.min(outgoing.length() - sent, connection.sendBufferFree());
            int taken = connection.send(outgoing.bytes(), sent, chunk);
            if (taken == 0) {
                break;
            }
            sent += taken;
        }
        while (connection.readableBytes() > 0) {
            byte[] bytes = connection.receive(1 << 16);
            digest.update(bytes);
            received += bytes.length;
        }
    }

    /** Everything written and acknowledged. */
    boolean allSentAndAcknowledged() {
        return sent == outgoing.length() && connection.allSentAcknowledged();
    }

    long received() {
        return received;
    }

    String receivedSha256() {
        return Payload.hex(digest);
    }

    @Override
    public String toString() {
        return "endpoint " + connection + ", sent " + sent + ", received " + received;
    }
}
