package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.ReceiveBuffer;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;

/**
 * The receiving half of a connection: the reassembly buffer behind RCV.NXT and RCV.WND, and the receiver's side of
 * silly window avoidance. It exists from the peer's SYN on; before that there is nothing to receive.
 */
final class ReceiveSide {

    private final EndpointConfig config;
    private final Tcb tcb;
    private final Transmitter out;
    private ReceiveBuffer buffer;

    ReceiveSide(EndpointConfig config, Tcb tcb, Transmitter out) {
        this.config = config;
        this.tcb = tcb;
        this.out = out;
        tcb.rcvWnd(config.receiveBufferBytes());
    }

    /** The peer's SYN is held: RCV.NXT is set, and text may arrive from it on. */
    void open() {
        buffer = new ReceiveBuffer(config.receiveBufferBytes(), tcb.rcvNxt());
        syncWindow();
    }

    /** Takes the text (and an in-order FIN) of an acceptable segment; an ACK is owed for it, in order or not. */
    void take(Segment segment, boolean finInOrder) {
        if (segment.payloadLength() == 0 && !finInOrder) {
            return;
        }
        buffer.accept(segment.seq(), segment.payload(), finInOrder);
        tcb.rcvNxt(buffer.rcvNxt());
        syncWindow();
        out.ackOwed();
    }

    /** Up to {@code max} in-order bytes for the user. */
    byte[] read(int max) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] data = buffer.read(max);
        syncWindow();
        return data;
    }

    int readableBytes() {
        return buffer == null ? 0 : buffer.readableBytes();
    }

    /** Whether the peer's FIN is in and every byte before it has been read. */
    boolean atEndOfStream() {
        return buffer != null && buffer.atEndOfStream();
    }

    /** RCV.WND follows the free space of the buffer. */
    void syncWindow() {
        if (buffer != null) {
            tcb.rcvWnd(buffer.window());
        }
    }

    /**
     * Receiver-side silly window avoidance (RFC 1122 §4.2.3.3): a window update is worth a segment once the window
     * we could announce exceeds the one announced by min(Eff.snd.MSS, half the buffer).
     */
    boolean windowUpdateDue(int sendMss) {
        int threshold = Math.min(sendMss, config.receiveBufferBytes() / 2);
        return tcb.advertisedWindow(false) - out.advertisedWindow() >= threshold;
    }
}
