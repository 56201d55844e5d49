package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import io.fsmgen.tcp.engine.TcpOptions;

/**
 * Every segment a connection sends leaves through here. It fills in what every segment carries (ports, the window
 * field scaled by Rcv.Wind.Shift, the acknowledgment), stamps the timestamps option once it is in force, and
 * remembers what the peer was told: the window it may fill, Last.ACK.sent, and whether an ACK is still owed.
 */
final class Transmitter {

    /** RFC 7323 §5.4 allows 1 ms to 1 s per tick; Linux ticks every millisecond. */
    private static final long NANOS_PER_TIMESTAMP_TICK = 1_000_000;

    private final TcpEndpoint endpoint;
    private final ConnectionId id;
    private final Tcb tcb;
    private final int tsOffset;
    /** The window our last ACK offered, in bytes: what the peer believes it may send. */
    private long advertisedWindow;
    private boolean ackPending;

    Transmitter(TcpEndpoint endpoint, ConnectionId id, Tcb tcb) {
        this.endpoint = endpoint;
        this.id = id;
        this.tcb = tcb;
        this.tsOffset = endpoint.timestampOffsetFor(id);
    }

    /** A segment from this connection: ports, SEQ, flags, the window field, and RCV.NXT when ACK is set. */
    Segment.Builder segment(int seq, TcpFlags flags) {
        Segment.Builder builder = Segment.builder(id.local().port(), id.remote().port()).seq(seq).flags(flags)
                .window(tcb.windowField(flags.has(TcpFlag.SYN)));
        if (flags.has(TcpFlag.ACK)) {
            builder.ack(tcb.rcvNxt());
        }
        return builder;
    }

    /**
     * Sends {@code segment}. Once timestamps are in force each segment but a SYN (which carries its own) gets TSval
     * and the TSecr of TS.Recent (RFC 7323 §3.2: MUST on every non-RST segment, SHOULD on a RST; TSecr zero without
     * ACK); every ACK updates Last.ACK.sent and the window the peer believes in.
     */
    void send(Segment segment) {
        boolean ack = segment.has(TcpFlag.ACK);
        if (tcb.timestamps() && !segment.has(TcpFlag.SYN)) {
            segment = segment.withOptions(TcpOptions.builder().timestamps(tsVal(), ack ? tcb.tsRecent() : 0).build());
        }
        if (ack && !segment.has(TcpFlag.RST)) {
            advertisedWindow = tcb.advertisedWindow(segment.has(TcpFlag.SYN));
            tcb.lastAckSent(segment.ack());
            if (segment.ack() == tcb.rcvNxt()) {
                ackPending = false;
            }
        }
        endpoint.transmit(segment, id.remote());
    }

    /** {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}. */
    void sendAck() {
        send(segment(tcb.sndNxt(), TcpFlags.ACK).build());
    }

    /** Text arrived: an ACK is owed, and goes out after the event unless a segment carried one first. */
    void ackOwed() {
        ackPending = true;
    }

    boolean ackPending() {
        return ackPending;
    }

    /** The window the last ACK offered, in bytes. */
    long advertisedWindow() {
        return advertisedWindow;
    }

    /** Our timestamp clock (RFC 7323 §5.4): milliseconds, offset per connection (§7.1). */
    int tsVal() {
        return (int) (endpoint.nanoTime() / NANOS_PER_TIMESTAMP_TICK) + tsOffset;
    }
}
