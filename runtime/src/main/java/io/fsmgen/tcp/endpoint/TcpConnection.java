package io.fsmgen.tcp.endpoint;

import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.ReceiveBuffer;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SendBuffer;
import io.fsmgen.tcp.engine.SeqNum;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.Timer;
import io.fsmgen.tcp.engine.TcpFlag;
import io.fsmgen.tcp.engine.TcpFlags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One connection: a {@link TcpMachine} that decides, and the TCB, buffers and timers that it decides about.
 *
 * <p>The division of labour is the one {@link TcpSpec} documents. The connection never sets a state: an arriving
 * segment goes through the {@link SegmentClassifier}; if it yields an event, the connection first applies the RFC's
 * bookkeeping for that segment (record the peer's SYN, advance SND.UNA, take the text and an in-order FIN, all of
 * which the machine's actions need in order to emit the right numbers), then fires the event, then does what the
 * engine owns (send newly permitted data, fire a deferred CLOSE, acknowledge received text). Each machine action
 * arrives through {@link TcpEffects} and becomes a real segment computed from the TCB.
 *
 * <p>Single-threaded: segments, timers and user calls must all come from the thread that drives the endpoint.
 */
public final class TcpConnection {

    /** RFC 5961 §7's limit, Linux's historical default of {@code tcp_challenge_ack_limit} being 100 per second. */
    static final int CHALLENGE_ACKS_PER_SECOND = 10;

    private final TcpEndpoint endpoint;
    private final ConnectionId id;
    private final EndpointConfig config;
    private final TcpListener parent;
    private final TcpMachine machine;
    private final Tcb tcb = new Tcb();
    private final SendBuffer sendBuffer;
    private final List<TcpState> states = new ArrayList<>();
    private final List<TcpSignal> signals = new ArrayList<>();
    private final ChallengeAckLimiter challengeAcks = new ChallengeAckLimiter(CHALLENGE_ACKS_PER_SECOND,
            Duration.ofSeconds(1).toNanos());

    private ReceiveBuffer receiveBuffer;
    private final RetransmissionTimer retransmission;
    private final Timer finWait2Timer;
    private boolean peerSynHeld;
    private boolean finSent;
    private int finSeq;
    private boolean closePending;
    private boolean ackPending;
    private int advertisedWindow;
    private boolean deleted;
    private int timeWaitStarts;
    /** The segment being processed while the machine runs, for the replies that quote it; null for user calls. */
    private Segment arriving;
    /** The error the machine gave the current user call, if any. */
    private String callError;
    /** Bytes of the current SEND not yet queued; the machine's DATA action (or the queueing rows) takes them. */
    private byte[] pendingWrite;
    private int written;

    private TcpConnection(TcpEndpoint endpoint, ConnectionId id, TcpListener parent) {
        this.endpoint = endpoint;
        this.id = id;
        this.parent = parent;
        this.config = endpoint.config();
        this.sendBuffer = new SendBuffer(config.sendBufferBytes());
        this.retransmission = new RetransmissionTimer(config.rto(), endpoint.scheduler(), endpoint::nanoTime,
                this::retransmissionExpired, this::persistExpired);
        this.finWait2Timer = new Timer(endpoint.scheduler(), this::finWait2Expired);
        this.machine = new TcpMachine(new Effects(), endpoint.scheduler(), config.tcp());
        this.states.add(machine.state());
        machine.addListener(TransitionListener.of((from, event, to) -> {
            if (from != to) {
                states.add(to);
                endpoint.note(this, event + ": " + from + " -> " + to);
                if (to == TcpState.FIN_WAIT_2 && !config.finWait2Timeout().isZero()) {
                    finWait2Timer.arm(config.finWait2Timeout());
                } else if (from == TcpState.FIN_WAIT_2) {
                    finWait2Timer.cancel();
                }
                if (to == TcpState.CLOSED) {
                    delete(); // also when the machine's own TIME-WAIT timer closed it, where no settle() follows
                }
            }
        }));
        tcb.initSend(endpoint.issFor(id));
        tcb.rcvWnd(config.receiveBufferBytes());
    }

    /** Active OPEN: CLOSED → SYN_SENT, sending our SYN. */
    static TcpConnection active(TcpEndpoint endpoint, ConnectionId id) {
        TcpConnection connection = new TcpConnection(endpoint, id, null);
        connection.call(TcpEvent.ACTIVE_OPEN);
        return connection;
    }

    /** A child of a listener, for the peer whose SYN is {@code syn}: CLOSED → LISTEN → SYN_RECEIVED. */
    static TcpConnection passive(TcpEndpoint endpoint, ConnectionId id, TcpListener parent, Segment syn) {
        TcpConnection connection = new TcpConnection(endpoint, id, parent);
        connection.call(TcpEvent.PASSIVE_OPEN);
        connection.segmentArrived(syn);
        return connection;
    }

    // ---- user calls (§3.10) ----

    /**
     * SEND: queues as much of {@code data} as the send buffer takes and returns that count (0 when full; the caller
     * offers the rest later). Throws {@link TcpException} with the RFC's text when the machine refuses the call.
     */
    public int send(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (closePending) {
            // The user's CLOSE is already issued, only deferred behind queued data (§3.10.4): SEND is refused.
            throw new TcpException(TcpSpec.CONNECTION_CLOSING);
        }
        pendingWrite = data.clone();
        written = 0;
        call(TcpEvent.SEND);
        byte[] rest = pendingWrite;
        pendingWrite = null;
        if (rest != null) {
            written = sendBuffer.write(rest); // SYN_SENT, SYN_RECEIVED: queued until ESTABLISHED (T25, T38)
        }
        settle();
        return written;
    }

    /**
     * RECEIVE: up to {@code max} in-order bytes, possibly none. Data already on hand is handed over even where the
     * machine answers "connection closing" (the peer's FIN was in order behind it, §3.10.3 CLOSE-WAIT); the error is
     * thrown only when there is nothing left to give.
     */
    public byte[] receive(int max) {
        call(TcpEvent.RECEIVE);
        byte[] out = receiveBuffer == null ? new byte[0] : receiveBuffer.read(max);
        if (out.length == 0 && callError != null) {
            throw new TcpException(callError);
        }
        if (out.length > 0 && !deleted) {
            syncWindow();
            maybeSendWindowUpdate();
        }
        return out;
    }

    /**
     * CLOSE: "I have no more to send". With data still unsegmentized the CLOSE waits for it (T37, T45, T66) and the
     * machine hears it once the last byte has gone out.
     */
    public void close() {
        if (closePending) {
            throw new TcpException(TcpSpec.CONNECTION_CLOSING);
        }
        TcpState state = machine.state();
        if (sendBuffer.unsentBytes() > 0 && (state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED
                || state == TcpState.CLOSE_WAIT)) {
            closePending = true;
            return;
        }
        call(TcpEvent.CLOSE);
        settle();
    }

    /** ABORT: the machine decides whether a RST goes out (A2); queued data is discarded with the TCB. */
    public void abort() {
        call(TcpEvent.ABORT);
        settle();
    }

    private void call(TcpEvent event) {
        callError = null;
        machine.fire(event);
        if (callError != null && event != TcpEvent.RECEIVE) {
            String text = callError;
            callError = null;
            pendingWrite = null;
            throw new TcpException(text);
        }
    }

    // ---- what the user can observe ----

    public ConnectionId id() {
        return id;
    }

    public TcpState state() {
        return machine.state();
    }

    /** Every state this connection has been in, starting with CLOSED, one entry per change. */
    public List<TcpState> states() {
        return List.copyOf(states);
    }

    /** The unsolicited signals so far ("connected", "connection closing", "connection reset", ...). */
    public List<TcpSignal> signals() {
        return List.copyOf(signals);
    }

    /** Whether the peer's FIN is in and every byte before it has been read. */
    public boolean isEndOfStream() {
        return receiveBuffer != null && receiveBuffer.atEndOfStream();
    }

    public int readableBytes() {
        return receiveBuffer == null ? 0 : receiveBuffer.readableBytes();
    }

    /** Room left in the send buffer. */
    public int sendBufferFree() {
        return sendBuffer.free();
    }

    /** Whether every byte queued has been acknowledged by the peer. */
    public boolean allSentAcknowledged() {
        return sendBuffer.isEmpty();
    }

    /** The sequence variables, for inspection; do not modify. */
    public Tcb tcb() {
        return tcb;
    }

    /** How many times the retransmission timer has resent the head of the queue. */
    public long retransmissions() {
        return retransmission.retransmissions();
    }

    /** How often the 2·MSL timer was started: more than once when a retransmitted FIN restarted it (T83). */
    public int timeWaitStarts() {
        return timeWaitStarts;
    }

    /** Whether the TCB has been deleted (the machine reached CLOSED, or a child returned to LISTEN). */
    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return id + " " + machine.state() + " " + tcb;
    }

    // ---- arriving segments (§3.10.7) ----

    void segmentArrived(Segment segment) {
        if (deleted) {
            return;
        }
        syncWindow();
        if (machine.state() == TcpState.FIN_WAIT_2 && finWait2Timer.isArmed()) {
            finWait2Timer.arm(config.finWait2Timeout()); // the peer is alive: it is the silence that is limited
        }
        Verdict verdict = SegmentClassifier.classify(segment, machine.state(), tcb, finSent);
        if (verdict instanceof Verdict.Reply reply) {
            if (!reply.challenge() || challengeAcks.tryAcquire(endpoint.nanoTime())) {
                transmit(reply.reply());
            }
        } else if (verdict instanceof Verdict.Drop drop) {
            endpoint.dropped(this, segment, drop.reason());
        } else {
            Verdict.Deliver deliver = (Verdict.Deliver) verdict;
            arriving = segment;
            try {
                absorb(segment, deliver.event(), deliver.finInOrder());
                machine.fire(deliver.event());
            } finally {
                arriving = null;
            }
            settle();
        }
    }

    /**
     * The RFC's per-segment bookkeeping that the machine's actions rely on, keyed by the state the segment arrives
     * in exactly as §3.10.7 is: the SYN's numbers in LISTEN and SYN_SENT, the ACK from SYN_RECEIVED on, and the text
     * in the states that still receive.
     */
    private void absorb(Segment segment, TcpEvent event, boolean finInOrder) {
        TcpState state = machine.state();
        switch (event) {
            case RCV_SYN -> {
                if (state == TcpState.LISTEN || state == TcpState.SYN_SENT) {
                    holdPeerSyn(segment);
                }
            }
            case RCV_SYN_ACK -> {
                if (state == TcpState.SYN_SENT) {
                    holdPeerSyn(segment);
                    processAck(segment, true);
                } else if (state == TcpState.SYN_RECEIVED) {
                    processAck(segment, true);
                }
            }
            case RCV_ACK, RCV_ACK_PARTIAL, RCV_FIN, RCV_FIN_ACK -> {
                if (state.ordinal() >= TcpState.SYN_RECEIVED.ordinal()) {
                    processAck(segment, state == TcpState.SYN_RECEIVED);
                    acceptText(segment, finInOrder, state);
                }
            }
            default -> {
            }
        }
    }

    private void holdPeerSyn(Segment syn) {
        tcb.initReceive(syn.seq());
        receiveBuffer = new ReceiveBuffer(config.receiveBufferBytes(), tcb.rcvNxt());
        syncWindow();
        syn.mss().ifPresent(tcb::peerMss);
        peerSynHeld = true;
    }

    /** §3.10.7.4 Fifth: SND.UNA, the send window, the RTT sample and the retransmission timer. */
    private void processAck(Segment segment, boolean synchronizing) {
        int ack = segment.ack();
        if (synchronizing) {
            tcb.forceSendWindow(segment);
        } else if (SeqNum.ge(ack, tcb.sndUna())) {
            tcb.updateSendWindow(segment);
        }
        if (!(SeqNum.lt(tcb.sndUna(), ack) && SeqNum.le(ack, tcb.sndNxt()))) {
            return;
        }
        long advanced = SeqNum.distance(tcb.sndUna(), ack);
        boolean synAcknowledged = tcb.sndUna() == tcb.iss();
        if (synAcknowledged) {
            advanced--; // our SYN
        }
        if (finSent && SeqNum.gt(ack, finSeq)) {
            advanced--; // our FIN
        }
        sendBuffer.acknowledge(advanced);
        tcb.sndUna(ack);
        if (retransmission.acknowledged(ack, tcb.sndNxt(), synAcknowledged, headLimits())) {
            sendHead();
        }
    }

    private void acceptText(Segment segment, boolean finInOrder, TcpState state) {
        boolean receiving = state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED
                || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2;
        if (!receiving || (segment.payloadLength() == 0 && !finInOrder)) {
            return;
        }
        receiveBuffer.accept(segment.seq(), segment.payload(), finInOrder);
        tcb.rcvNxt(receiveBuffer.rcvNxt());
        syncWindow();
        ackPending = true;
    }

    // ---- after every event: what the engine owns ----

    private void settle() {
        if (deleted) {
            return;
        }
        TcpState state = machine.state();
        if (state == TcpState.CLOSED) {
            delete();
            return;
        }
        if (state == TcpState.LISTEN && parent != null) {
            // A child back in LISTEN (T32, T34, T100): the listener survives, this TCB does not.
            machine.fire(TcpEvent.CLOSE);
            delete();
            return;
        }
        pump();
        if (closePending && sendBuffer.unsentBytes() == 0
                && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            closePending = false;
            call(TcpEvent.CLOSE);
        }
        if (ackPending) {
            sendAck();
        }
        maybeArmPersist();
    }

    private void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        finWait2Timer.cancel();
        closePending = false;
        retransmission.stop();
        retransmission.stopPersist();
        endpoint.connectionDeleted(this, parent);
    }

    private boolean canSendData() {
        TcpState state = machine.state();
        return !finSent && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT);
    }

    /** Sends what the peer's window and the MSS allow (§3.8.6); no congestion control. */
    private void pump() {
        if (!canSendData()) {
            return;
        }
        while (sendBuffer.unsentBytes() > 0) {
            long allowed = Math.min(Math.min(mss(), tcb.usableWindow()), sendBuffer.unsentBytes());
            if (allowed <= 0) {
                break;
            }
            int seq = tcb.sndNxt();
            byte[] data = sendBuffer.takeNext((int) allowed);
            tcb.advanceSndNxt(data.length);
            transmit(base(seq, TcpFlags.PSH_ACK).payload(data).build());
            sequenceSpaceSent();
        }
    }

    private void sequenceSpaceSent() {
        retransmission.sent(tcb.sndNxt(), headLimits());
    }

    private int mss() {
        return Math.max(1, Math.min(config.mss(), tcb.peerMss()));
    }

    private void syncWindow() {
        if (receiveBuffer != null) {
            tcb.rcvWnd(receiveBuffer.window());
        }
    }

    /** Receiver-side silly window avoidance (RFC 1122 §4.2.3.3): announce a window once it grew enough to matter. */
    private void maybeSendWindowUpdate() {
        TcpState state = machine.state();
        boolean peerMaySend = state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
        int threshold = Math.min(config.mss(), config.receiveBufferBytes() / 2);
        if (peerMaySend && tcb.rcvWnd() - advertisedWindow >= threshold) {
            sendAck();
        }
    }

    // ---- segments out ----

    private Segment.Builder base(int seq, TcpFlags flags) {
        Segment.Builder builder = Segment.builder(id.local().port(), id.remote().port()).seq(seq).flags(flags)
                .window(tcb.rcvWnd());
        if (flags.has(TcpFlag.ACK)) {
            builder.ack(tcb.rcvNxt());
        }
        return builder;
    }

    private void transmit(Segment segment) {
        if (segment.has(TcpFlag.ACK) && !segment.has(TcpFlag.RST)) {
            advertisedWindow = segment.window();
            if (segment.ack() == tcb.rcvNxt()) {
                ackPending = false;
            }
        }
        endpoint.transmit(segment, id.remote());
    }

    private void sendSyn(boolean withAck) {
        if (tcb.sndNxt() == tcb.iss()) {
            tcb.advanceSndNxt(1);
        }
        transmit(synSegment(withAck));
        sequenceSpaceSent();
    }

    private Segment synSegment(boolean withAck) {
        return base(tcb.iss(), withAck ? TcpFlags.SYN_ACK : TcpFlags.SYN).mss(config.mss()).build();
    }

    private void sendAck() {
        transmit(base(tcb.sndNxt(), TcpFlags.ACK).build());
    }

    private void sendFin() {
        if (sendBuffer.unsentBytes() > 0) {
            throw new IllegalStateException("FIN requested with " + sendBuffer.unsentBytes() + " bytes unsent");
        }
        finSeq = tcb.sndNxt();
        finSent = true;
        tcb.advanceSndNxt(1);
        transmit(base(finSeq, TcpFlags.FIN_ACK).build());
        sequenceSpaceSent();
    }

    private void sendReset() {
        if (arriving != null) {
            if (Replies.shouldAnswerWithReset(arriving)) {
                transmit(Replies.resetFor(arriving));
            }
        } else {
            transmit(Replies.abortReset(id.local().port(), id.remote().port(), tcb));
        }
    }

    // ---- retransmission (RFC 6298, §3.8.3) ----

    private RetransmissionLimits headLimits() {
        return tcb.sndUna() == tcb.iss() ? config.synLimits() : config.dataLimits();
    }

    private void retransmissionExpired() {
        if (deleted || tcb.sndUna() == tcb.sndNxt()) {
            return;
        }
        machine.fire(retransmission.exhausted() ? TcpEvent.RETRANSMISSION_EXHAUSTED
                : TcpEvent.RETRANSMISSION_TIMEOUT);
        settle();
    }

    /** Linux's {@code tcp_fin_timeout} through the machine's USER_TIMEOUT row (A7): a peer that never sends its FIN. */
    private void finWait2Expired() {
        if (!deleted && machine.state() == TcpState.FIN_WAIT_2) {
            machine.fire(TcpEvent.USER_TIMEOUT);
            settle();
        }
    }

    /** The machine's {@code retransmit} action: back off, resend the head, re-arm (§3.10.8, RFC 6298 §5.4–5.6). */
    private void retransmitHead() {
        retransmission.retransmitting(tcb.sndNxt(), tcb.sndUna() == tcb.iss());
        sendHead();
    }

    /** The oldest unacknowledged segment: our SYN (or SYN+ACK), else up to an MSS of data, with the FIN if it fits. */
    private void sendHead() {
        int una = tcb.sndUna();
        if (una == tcb.iss()) {
            transmit(synSegment(peerSynHeld));
            return;
        }
        byte[] data = sendBuffer.peekInFlight(mss());
        boolean fin = finSent && una + data.length == finSeq;
        if (data.length == 0 && !fin) {
            return;
        }
        TcpFlags flags = data.length == 0 ? TcpFlags.FIN_ACK
                : fin ? TcpFlags.PSH_ACK.with(TcpFlag.FIN) : TcpFlags.PSH_ACK;
        transmit(base(una, flags).payload(data).build());
    }

    // ---- zero-window probing (§3.8.6.1) ----

    private boolean windowBlocked() {
        return canSendData() && sendBuffer.unsentBytes() > 0 && tcb.sndUna() == tcb.sndNxt()
                && tcb.usableWindow() == 0;
    }

    private void maybeArmPersist() {
        if (windowBlocked()) {
            retransmission.armPersistIfIdle();
        }
    }

    /**
     * Probes a zero window with {@code <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>}, which the peer must find unacceptable
     * and answer with an ACK carrying its current window, as Linux's {@code tcp_probe_timer} does.
     */
    private void persistExpired() {
        if (deleted || !windowBlocked()) {
            return;
        }
        transmit(base(tcb.sndUna() - 1, TcpFlags.ACK).build());
        retransmission.persistProbed();
    }

    // ---- the machine's effects ----

    private final class Effects implements TcpEffects {
        @Override
        public void send(TcpSegment segment) {
            switch (segment) {
                case SYN -> sendSyn(false);
                case SYN_ACK -> sendSyn(true);
                case ACK -> sendAck();
                case CHALLENGE_ACK -> {
                    if (challengeAcks.tryAcquire(endpoint.nanoTime())) {
                        sendAck();
                    }
                }
                case DATA -> {
                    if (pendingWrite != null) {
                        written = sendBuffer.write(pendingWrite);
                        pendingWrite = null;
                    }
                    pump();
                }
                case FIN -> sendFin();
                case RST, RST_ACK -> sendReset();
            }
        }

        @Override
        public void retransmit() {
            retransmitHead();
        }

        @Override
        public void timeWaitStarted(Duration duration) {
            timeWaitStarts++;
            retransmission.stop(); // §3.10.7.4 Eighth: TIME-WAIT turns off the other timers
            retransmission.stopPersist();
        }

        @Override
        public void signal(TcpSignal signal) {
            signals.add(signal);
            endpoint.signalled(TcpConnection.this, parent, signal);
        }

        @Override
        public void error(String text) {
            callError = text;
        }
    }
}
