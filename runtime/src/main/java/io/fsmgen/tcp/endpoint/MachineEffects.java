package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import java.time.Duration;

/**
 * The machine's actions made real: each {@link TcpSegment} it asks for becomes a segment computed from the TCB, its
 * {@code retransmit} becomes the send side's timeout handling, and its signals and errors go to the connection, which
 * hands them to the user. The machine decides that a segment goes; this class only knows how each one is built.
 */
final class MachineEffects implements TcpEffects {

    private final TcpConnection connection;
    private final TcpEndpoint endpoint;
    private final ConnectionId id;
    private final Tcb tcb;
    private final Transmitter out;
    private final SendSide sender;
    private final SegmentArrival arrival;
    private final AnswerLimiter answers;
    private final PendingSend pendingSend;

    MachineEffects(TcpConnection connection, TcpEndpoint endpoint, Tcb tcb, Transmitter out, SendSide sender,
            SegmentArrival arrival, AnswerLimiter answers, PendingSend pendingSend) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.id = connection.id();
        this.tcb = tcb;
        this.out = out;
        this.sender = sender;
        this.arrival = arrival;
        this.answers = answers;
        this.pendingSend = pendingSend;
    }

    @Override
    public void send(TcpSegment segment) {
        switch (segment) {
            case SYN -> sender.queue().sendSyn(false);
            case SYN_ACK -> {
                // Once sent, the SYN+ACK goes again only at the peer's SYN again (A8), on the connection's answer
                // clock, as Linux's tcp_check_req limits it with its other answers outside the window.
                if (!sender.queue().synAckSent() || answers.tryAcquire(endpoint.nanoTime())) {
                    sender.queue().sendSyn(true);
                }
            }
            case ACK -> {
                // T97's ACK to an ACK of data never sent answers a segment that is not taken in: on the answer
                // clock, as Linux sends it (a challenge ACK, RFC 5961 §5.2), or a blind sprayer of such ACKs with a
                // sequence number in the window would draw one answer each.
                if (!arrival.answeringAckOfUnsentData() || answers.tryAcquire(endpoint.nanoTime())) {
                    out.sendAck();
                }
            }
            case CHALLENGE_ACK -> {
                if (answers.tryAcquire(endpoint.nanoTime())) {
                    out.sendAck();
                }
            }
            case DATA -> {
                pendingSend.queue();
                sender.pump(connection.canSendData());
            }
            case FIN -> sender.queue().sendFin();
            case RST, RST_ACK -> sendReset();
        }
    }

    /** While a segment is processed, the RST its arrival calls for (§3.10.7); for ABORT, one from SND.NXT. */
    private void sendReset() {
        Segment arriving = arrival.current();
        if (arriving != null) {
            if (Replies.shouldAnswerWithReset(arriving)) {
                out.send(Replies.resetFor(arriving));
            }
        } else {
            out.send(Replies.abortReset(id.local().port(), id.remote().port(), tcb));
        }
    }

    /** §3.10.8 and RFC 6298 §5.4–5.6: back off, tell congestion control, resend what it says. */
    @Override
    public void retransmit() {
        sender.timeout();
    }

    @Override
    public void timeWaitStarted(Duration duration) {
        connection.timeWaitStarted();
    }

    @Override
    public void signal(TcpSignal signal) {
        connection.signalled(signal);
    }

    @Override
    public void error(String text) {
        connection.callRefused(text);
    }
}
