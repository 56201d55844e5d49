package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpFlag;

/**
 * An arriving segment's way through a connection (RFC 9293 §3.10.7): the {@link SegmentClassifier} gives its verdict;
 * a reply (rate-limited where Linux limits it) or a drop never reaches the machine; an event does, after the
 * bookkeeping that the machine's actions need in order to emit the right numbers (record the peer's SYN, advance
 * SND.UNA, take the text and an in-order FIN). Then the connection settles: what the engine owns follows the event.
 *
 * <p>While the machine runs, the segment stays {@link #current()}, for the RST that quotes it.
 */
final class SegmentArrival {

    private final TcpConnection connection;
    private final TcpEndpoint endpoint;
    private final EndpointConfig config;
    private final Tcb tcb;
    private final Transmitter out;
    private final SendSide sender;
    private final ReceiveSide receiver;
    private final ConnectionTimers timers;
    private final AnswerLimiter answers;
    /** The segment being processed while the machine runs; null otherwise. */
    private Segment arriving;
    /** The event {@link #arriving} became; null with it. */
    private TcpEvent arrivingEvent;
    /** Urgent data arrived on the segment that completes the handshake: told once the machine has connected. */
    private boolean urgentAfterConnect;

    SegmentArrival(TcpConnection connection, TcpEndpoint endpoint, Tcb tcb, Transmitter out, SendSide sender,
            ReceiveSide receiver, ConnectionTimers timers, AnswerLimiter answers) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.config = endpoint.config();
        this.tcb = tcb;
        this.out = out;
        this.sender = sender;
        this.receiver = receiver;
        this.timers = timers;
        this.answers = answers;
    }

    /** The segment the machine is reacting to, or null when a user call or a timer drives it. */
    Segment current() {
        return arriving;
    }

    /**
     * Whether the machine is reacting to an ACK of data never sent (RCV_ACK_UNACCEPTABLE): its ACK then answers a
     * segment that is not taken in, and goes out only on the answer clock ({@link TcpConnection#ANSWER_INTERVAL}).
     */
    boolean answeringAckOfUnsentData() {
        return arrivingEvent == TcpEvent.RCV_ACK_UNACCEPTABLE;
    }

    void arrived(Segment segment) {
        if (connection.isDeleted()) {
            return;
        }
        TcpState state = connection.state();
        receiver.syncWindow();
        receiver.expireStaleTimestamp();
        timers.segmentArrived(state);
        Verdict verdict = SegmentClassifier.classify(segment, state, tcb, sender.queue().finSent(),
                connection.readingClosed());
        if (verdict instanceof Verdict.Reply reply) {
            if (mayAnswer(reply, segment)) {
                out.send(reply.reply());
            }
        } else if (verdict instanceof Verdict.Drop drop) {
            endpoint.dropped(connection, segment, drop.reason());
        } else {
            Verdict.Deliver deliver = (Verdict.Deliver) verdict;
            if (accepted(deliver.event(), state)) {
                receiver.recordTimestamp(segment);
            }
            arriving = segment;
            arrivingEvent = deliver.event();
            try {
                absorb(segment, deliver.event(), deliver.finInOrder());
                connection.fire(deliver.event());
                if (urgentAfterConnect) {
                    urgentAfterConnect = false;
                    if (connection.state().synchronizedState()) {
                        connection.signalled(TcpSignal.URGENT);
                    }
                }
                if (receiver.heldFinTaken() && !connection.isDeleted()) {
                    // The hole before a FIN held out of order is filled: the FIN is in order now. The segment's
                    // ACK was heard first, so FIN_WAIT_1 has become FIN_WAIT_2 if it covers our FIN.
                    connection.fire(TcpEvent.RCV_FIN);
                }
            } finally {
                arriving = null;
                arrivingEvent = null;
                urgentAfterConnect = false;
            }
            connection.settle();
        }
    }

    /**
     * Whether the answer the classifier made goes out: a RST, and the ACK to text, always; a challenge ACK (RFC 5961
     * §7), and the ACK to a segment without text or with a SYN that is not taken in (outside the window, or failing
     * PAWS), only on the connection's answer clock ({@link TcpConnection#ANSWER_INTERVAL}), as Linux's
     * {@code tcp_oow_rate_limited} decides which of its answers to limit.
     */
    private boolean mayAnswer(Verdict.Reply reply, Segment segment) {
        if (reply.reply().has(TcpFlag.RST)) {
            return true;
        }
        if (reply.challenge() || segment.sequenceLength() == 0 || segment.has(TcpFlag.SYN)) {
            return answers.tryAcquire(endpoint.nanoTime());
        }
        return true;
    }

    /**
     * Whether the machine takes the segment in rather than answering and dropping it: only then may its timestamp
     * become TS.Recent (RFC 7323 §5.3 R3 and §4.3 record an accepted segment's). A SYN in SYN_RECEIVED or a
     * synchronized state is challenged (RFC 5961 §4), and an ACK of data never sent is answered and dropped (RFC 9293
     * §3.10.7.4, fifth): recording either would let one blind segment with a far-future TSval make PAWS refuse every
     * genuine segment after it, as Linux avoids by updating TS.Recent only once the ACK is validated. The peer's SYN
     * again is only answered too, its TSval not recorded, as Linux's {@code tcp_check_req} answers it.
     */
    private static boolean accepted(TcpEvent event, TcpState state) {
        if (event == TcpEvent.RCV_ACK_UNACCEPTABLE || event == TcpEvent.RCV_SYN_RETRANSMITTED) {
            return false;
        }
        return event != TcpEvent.RCV_SYN || !(state == TcpState.SYN_RECEIVED || state.synchronizedState());
    }

    /**
     * The RFC's per-segment bookkeeping that the machine's actions rely on, keyed by the state the segment arrives
     * in exactly as §3.10.7 is: the SYN's numbers in LISTEN and SYN_SENT, the ACK from SYN_RECEIVED on, and the text
     * in the states that still receive.
     */
    private void absorb(Segment segment, TcpEvent event, boolean finInOrder) {
        TcpState state = connection.state();
        switch (event) {
            case RCV_SYN -> {
                if (state == TcpState.LISTEN || state == TcpState.SYN_SENT) {
                    holdPeerSyn(segment);
                }
            }
            case RCV_SYN_ACK -> {
                if (state == TcpState.SYN_SENT) {
                    holdPeerSyn(segment);
                    sender.ackArrived(segment, true);
                } else if (state == TcpState.SYN_RECEIVED) {
                    sender.ackArrived(segment, true);
                }
            }
            case RCV_ACK, RCV_ACK_PARTIAL, RCV_FIN, RCV_FIN_ACK -> {
                if (state.ordinal() >= TcpState.SYN_RECEIVED.ordinal()) {
                    sender.ackArrived(segment, state == TcpState.SYN_RECEIVED);
                    if (receiving(state)) {
                        if (segment.has(TcpFlag.URG) && receiver.urgentPointer(segment)) {
                            urgent(state);
                        }
                        receiver.take(segment, finInOrder);
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * Tells the user of urgent data (MUST-31). In SYN_RECEIVED the segment completes the handshake and its URG is
     * processed as in ESTABLISHED (§3.10.7.4: "enter ESTABLISHED state and continue processing"), but the user hears
     * of it only after CONNECTED, once the machine has taken the ACK: a connection's signals start there, and a
     * listener hands over no connection before it.
     */
    private void urgent(TcpState state) {
        if (state == TcpState.SYN_RECEIVED) {
            urgentAfterConnect = true;
        } else {
            connection.signalled(TcpSignal.URGENT);
        }
    }

    private static boolean receiving(TcpState state) {
        return state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
    }

    private void holdPeerSyn(Segment syn) {
        tcb.initReceive(syn.seq());
        receiver.open();
        String note = SynOptions.accept(syn, config, tcb);
        if (note != null) {
            endpoint.note(connection, note);
        }
        if (syn.payloadLength() > 0) {
            // Only the SYN's sequence number is acknowledged (no TCP Fast Open, as in Linux without it): a peer that
            // put text on its SYN sends it again after the handshake.
            endpoint.note(connection, "SYN text of " + syn.payloadLength() + " bytes not kept (no TCP Fast Open)");
        }
        receiver.timestampRecorded();
        sender.queue().peerSynHeld(syn.options());
    }
}
