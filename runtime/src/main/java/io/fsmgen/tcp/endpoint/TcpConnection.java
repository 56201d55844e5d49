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
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.Timer;
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
 * <p>The work is split along the protocol's own lines: {@link SendSide} (sequence space, retransmission, congestion
 * control through {@link CongestionSpec}'s table), {@link ReceiveSide} (reassembly, RCV.WND), {@link Transmitter}
 * (what every outgoing segment carries), {@link RetransmissionTimer} (RFC 6298 and the persist timer); this class
 * holds the user calls, the machine and the order in which the parts run.
 *
 * <p>Single-threaded: segments, timers and user calls must all come from the thread that drives the endpoint.
 */
public final class TcpConnection {

    /** RFC 5961 §7's limit, Linux's historical default of {@code tcp_challenge_ack_limit} being 100 per second. */
    static final int CHALLENGE_ACKS_PER_SECOND = 10;
    /** The IPv4 and TCP headers without options (RFC 6691): MTU less this is the MSS. */
    static final int IP_AND_TCP_HEADERS = 40;

    private final TcpEndpoint endpoint;
    private final ConnectionId id;
    private final EndpointConfig config;
    private final TcpListener parent;
    private final TcpMachine machine;
    private final Tcb tcb = new Tcb();
    private final Transmitter out;
    private final SendSide sender;
    private final ReceiveSide receiver;
    private final RetransmissionTimer retransmission;
    private final Timer finWait2Timer;
    private final List<TcpState> states = new ArrayList<>();
    private final List<TcpSignal> signals = new ArrayList<>();
    private final ChallengeAckLimiter challengeAcks = new ChallengeAckLimiter(CHALLENGE_ACKS_PER_SECOND,
            Duration.ofSeconds(1).toNanos());

    private boolean closePending;
    private boolean deleted;
    private int timeWaitStarts;
    /** The segment being processed while the machine runs, for the replies that quote it; null for user calls. */
    private Segment arriving;
    /** The error the machine gave the current user call, if any. */
    private String callError;
    /** Bytes of the current SEND not yet queued; the machine's DATA action (or the queueing rows) takes them. */
    private byte[] pendingWrite;
    private int pendingOffset;
    private int pendingLength;
    private int written;

    private TcpConnection(TcpEndpoint endpoint, ConnectionId id, TcpListener parent) {
        this.endpoint = endpoint;
        this.id = id;
        this.parent = parent;
        this.config = endpoint.config();
        tcb.initSend(endpoint.issFor(id));
        this.retransmission = new RetransmissionTimer(config.rto(), endpoint.scheduler(), endpoint::nanoTime,
                this::retransmissionExpired, this::persistExpired);
        this.out = new Transmitter(endpoint, id, tcb, this::sackBlocks);
        this.receiver = new ReceiveSide(config, tcb, out, endpoint::nanoTime);
        this.sender = new SendSide(config, tcb, out, retransmission, endpoint::nanoTime,
                Math.min(config.mssLimit(), endpoint.mtu() - IP_AND_TCP_HEADERS), endpoint.scheduler(), this::settle);
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
        return send(data, 0, data.length);
    }

    /**
     * SEND of {@code data[offset, offset + length)}: queues as much as the send buffer takes and returns that count,
     * as {@link #send(byte[])} does. The bytes are copied into the send buffer before this returns.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code data}
     */
    public int send(byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        if (closePending) {
            // The user's CLOSE is already issued, only deferred behind queued data (§3.10.4): SEND is refused.
            throw new TcpException(TcpSpec.CONNECTION_CLOSING);
        }
        pendingWrite = data;
        pendingOffset = offset;
        pendingLength = length;
        written = 0;
        try {
            call(TcpEvent.SEND);
            if (pendingWrite != null) {
                written = takePendingWrite(); // SYN_SENT, SYN_RECEIVED: queued until ESTABLISHED (T25, T38)
            }
        } finally {
            pendingWrite = null; // the caller's array is never kept
        }
        settle();
        return written;
    }

    /** Queues the current SEND's bytes: the machine's DATA action, or the queueing rows' default. */
    private int takePendingWrite() {
        int count = sender.write(pendingWrite, pendingOffset, pendingLength);
        pendingWrite = null;
        return count;
    }

    /**
     * RECEIVE: up to {@code max} in-order bytes, possibly none. Data already on hand is handed over even where the
     * machine answers "connection closing" (the peer's FIN was in order behind it, §3.10.3 CLOSE-WAIT); the error is
     * thrown only when there is nothing left to give.
     */
    public byte[] receive(int max) {
        call(TcpEvent.RECEIVE);
        byte[] data = receiver.read(max);
        if (data.length == 0 && callError != null) {
            throw new TcpException(callError);
        }
        if (data.length > 0 && !deleted) {
            maybeSendWindowUpdate();
        }
        return data;
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
        if (sender.unsentBytes() > 0 && (state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED
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
        return receiver.atEndOfStream();
    }

    public int readableBytes() {
        return receiver.readableBytes();
    }

    /** Room left in the send buffer. */
    public int sendBufferFree() {
        return sender.free();
    }

    /** Whether every byte queued has been acknowledged by the peer. */
    public boolean allSentAcknowledged() {
        return sender.allAcknowledged();
    }

    /** The sequence variables, for inspection; do not modify. */
    public Tcb tcb() {
        return tcb;
    }

    /** How many times the retransmission timer has resent the head of the queue. */
    public long retransmissions() {
        return retransmission.retransmissions();
    }

    /** How many tail loss probes (RFC 8985 §7) went out: each one a timeout that did not have to happen. */
    public long lossProbes() {
        return sender.lossProbes();
    }

    /** Congestion control's view (cwnd, ssthresh, the recovery state), for inspection; do not fire events on it. */
    public CongestionMachine congestion() {
        return sender.congestion();
    }

    /** SMSS: the data one segment carries, the effective send MSS less the options every segment carries. */
    public int segmentSize() {
        return sender.segmentText();
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
        receiver.syncWindow();
        receiver.expireStaleTimestamp();
        if (machine.state() == TcpState.FIN_WAIT_2 && finWait2Timer.isArmed()) {
            finWait2Timer.arm(config.finWait2Timeout()); // the peer is alive: it is the silence that is limited
        }
        Verdict verdict = SegmentClassifier.classify(segment, machine.state(), tcb, sender.finSent());
        if (verdict instanceof Verdict.Reply reply) {
            if (!reply.challenge() || challengeAcks.tryAcquire(endpoint.nanoTime())) {
                out.send(reply.reply());
            }
        } else if (verdict instanceof Verdict.Drop drop) {
            endpoint.dropped(this, segment, drop.reason());
        } else {
            Verdict.Deliver deliver = (Verdict.Deliver) verdict;
            receiver.recordTimestamp(segment);
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
                    sender.ackArrived(segment, true);
                } else if (state == TcpState.SYN_RECEIVED) {
                    sender.ackArrived(segment, true);
                }
            }
            case RCV_ACK, RCV_ACK_PARTIAL, RCV_FIN, RCV_FIN_ACK -> {
                if (state.ordinal() >= TcpState.SYN_RECEIVED.ordinal()) {
                    sender.ackArrived(segment, state == TcpState.SYN_RECEIVED);
                    if (receiving(state)) {
                        receiver.take(segment, finInOrder);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** For the transmitter, which exists before the receive side it reports on. */
    private List<SackBlock> sackBlocks() {
        return receiver.sackBlocks();
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
            endpoint.note(this, note);
        }
        receiver.timestampRecorded();
        sender.peerSynHeld(syn.options());
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
        sender.pump(canSendData());
        if (closePending && sender.unsentBytes() == 0
                && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            closePending = false;
            call(TcpEvent.CLOSE);
        }
        if (out.ackPending()) {
            out.sendAck();
        }
        if (sender.windowBlocked(canSendData())) {
            retransmission.armPersistIfIdle();
        }
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
        sender.stop();
        endpoint.connectionDeleted(this, parent);
    }

    private boolean canSendData() {
        TcpState state = machine.state();
        return !sender.finSent() && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT);
    }

    private void maybeSendWindowUpdate() {
        TcpState state = machine.state();
        boolean peerMaySend = state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
        if (peerMaySend && receiver.windowUpdateDue(sender.sendMss())) {
            out.sendAck();
        }
    }

    private void sendReset() {
        if (arriving != null) {
            if (Replies.shouldAnswerWithReset(arriving)) {
                out.send(Replies.resetFor(arriving));
            }
        } else {
            out.send(Replies.abortReset(id.local().port(), id.remote().port(), tcb));
        }
    }

    // ---- timers ----

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

    /** The persist timer (§3.8.6.1): probe while the window stays shut, backing off up to the maximum RTO. */
    private void persistExpired() {
        if (deleted || !sender.windowBlocked(canSendData())) {
            return;
        }
        sender.probeWindow();
        retransmission.persistProbed();
    }

    // ---- the machine's effects ----

    private final class Effects implements TcpEffects {
        @Override
        public void send(TcpSegment segment) {
            switch (segment) {
                case SYN -> sender.sendSyn(false);
                case SYN_ACK -> sender.sendSyn(true);
                case ACK -> out.sendAck();
                case CHALLENGE_ACK -> {
                    if (challengeAcks.tryAcquire(endpoint.nanoTime())) {
                        out.sendAck();
                    }
                }
                case DATA -> {
                    if (pendingWrite != null) {
                        written = takePendingWrite();
                    }
                    sender.pump(canSendData());
                }
                case FIN -> sender.sendFin();
                case RST, RST_ACK -> sendReset();
            }
        }

        /** §3.10.8 and RFC 6298 §5.4–5.6: back off, tell congestion control, resend what it says. */
        @Override
        public void retransmit() {
            sender.timeout();
        }

        @Override
        public void timeWaitStarted(Duration duration) {
            timeWaitStarts++;
            retransmission.stop(); // §3.10.7.4 Eighth: TIME-WAIT turns off the other timers
            retransmission.stopPersist();
            sender.stop();
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
