package io.fsmgen.tcp.endpoint;

import io.fsmgen.TransitionListener;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.SackBlock;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One connection: a {@link TcpMachine} that decides, and the TCB, buffers and timers that it decides about.
 *
 * <p>The division of labour is the one {@link TcpSpec} documents. The connection never sets a state: user calls
 * (here) and arriving segments ({@link SegmentArrival}) become machine events, the timers' expiries too
 * ({@link ConnectionTimers}); each action of the machine arrives through {@link MachineEffects} and becomes a real
 * segment computed from the TCB. After every event the connection {@linkplain #settle settles}: it does what the
 * engine owns (send newly permitted data, fire a deferred CLOSE, acknowledge received text, arm the persist timer).
 *
 * <p>The protocol's own halves are {@link SendSide} (sequence space, retransmission, congestion control through
 * {@link CongestionSpec}'s table) and {@link ReceiveSide} (reassembly, RCV.WND); {@link Transmitter} fills in what
 * every outgoing segment carries; {@link UserCalls} turns a user call into the machine's event and its refusal into
 * an exception, and holds a CLOSE behind unsent data. This class holds the machine, what the user can call and observe,
 * and the order in which the parts run.
 *
 * <p>Single-threaded: segments, timers and user calls must all come from the thread that drives the endpoint.
 */
public final class TcpConnection {

    /**
     * How often a connection answers a segment it does not take in, with an answer that could feed a loop or an
     * amplifier: once, then not again until this has passed since that answer, on one clock per connection, as Linux
     * answers on each socket's {@code last_oow_ack_time} ({@code tcp_invalid_ratelimit}, 500 ms). The answers that
     * share it are those Linux makes share it:
     * <ul>
     *   <li>RFC 5961's challenge ACKs: to a RST in the window but not at RCV.NXT, a SYN in a synchronized state, an
     *       ACK older than the window, and, as Linux answers it, an ACK of data never sent (T97). §7 asks for a limit
     *       and leaves its form open; {@code tcp_send_challenge_ack} checks this clock first, and the global
     *       {@code tcp_challenge_ack_limit} behind it is unlimited by default since Linux 6.0, which also removes
     *       the global counter's side channel (CVE-2016-5696);
     *   <li>the ACK to a segment outside the window or failing PAWS that carries no text, or a SYN: two ends that
     *       disagree on the window would otherwise ACK each other's ACKs for ever; text is always answered, as
     *       Linux's {@code tcp_oow_rate_limited} answers it;
     *   <li>the SYN+ACK again to the peer's SYN again in SYN_RECEIVED (TcpSpec's A8), which Linux's
     *       {@code tcp_check_req} sends on its request socket's clock with the ACK to a SYN failing PAWS.
     * </ul>
     * So a burst of blind RSTs draws one challenge ACK, as from Linux, and an ACK just sent outside the window leaves
     * none to send (ChallengeAckRateTest in the TUN module compares each case with Linux). The retransmission timer's
     * SYN+ACKs do not count, as Linux's do not.
     */
    static final Duration ANSWER_INTERVAL = Duration.ofMillis(500);
    /** The IPv4 and TCP headers without options (RFC 6691): MTU less this is the MSS. */
    static final int IP_AND_TCP_HEADERS = 40;

    private final TcpEndpoint endpoint;
    private final ConnectionId id;
    private final TcpListener parent;
    private final TcpMachine machine;
    private final Tcb tcb = new Tcb();
    private final Transmitter out;
    private final SendSide sender;
    private final SendQueue queue;
    private final ReceiveSide receiver;
    private final ConnectionTimers timers;
    private final SegmentArrival arrival;
    private final PendingSend pendingSend;
    private final UserCalls calls;
    private final List<TcpState> states = new ArrayList<>();
    private final List<TcpSignal> signals = new ArrayList<>();

    private boolean deleted;
    private int timeWaitStarts;

    private TcpConnection(TcpEndpoint endpoint, ConnectionId id, TcpListener parent) {
        this.endpoint = endpoint;
        this.id = id;
        this.parent = parent;
        EndpointConfig config = endpoint.config();
        tcb.initSend(endpoint.issFor(id));
        this.timers = new ConnectionTimers(this, endpoint, tcb);
        this.out = new Transmitter(endpoint, id, tcb, this::sackBlocks);
        this.receiver = new ReceiveSide(config, tcb, out, endpoint::nanoTime);
        this.sender = new SendSide(config, tcb, out, timers.retransmission(), endpoint::nanoTime,
                Math.min(config.mssLimit(), endpoint.mtu() - IP_AND_TCP_HEADERS), endpoint.scheduler(), this::settle);
        this.queue = sender.queue();
        this.pendingSend = new PendingSend(queue);
        timers.attach(sender);
        AnswerLimiter answers = new AnswerLimiter(ANSWER_INTERVAL.toNanos());
        this.arrival = new SegmentArrival(this, endpoint, tcb, out, sender, receiver, timers, answers);
        this.machine = new TcpMachine(new MachineEffects(this, endpoint, tcb, out, sender, arrival, answers,
                pendingSend), endpoint.scheduler(), config.tcp());
        this.calls = new UserCalls(machine);
        this.states.add(machine.state());
        machine.addListener(TransitionListener.of((from, event, to) -> {
            if (from != to) {
                states.add(to);
                endpoint.note(this, event + ": " + from + " -> " + to);
                timers.stateChanged(from, to);
                if (to == TcpState.CLOSED) {
                    delete(); // also when the machine's own TIME-WAIT timer closed it, where no settle() follows
                }
            }
        }));
    }

    /** Active OPEN: CLOSED → SYN_SENT, sending our SYN. */
    static TcpConnection active(TcpEndpoint endpoint, ConnectionId id) {
        TcpConnection connection = new TcpConnection(endpoint, id, null);
        connection.calls.fire(TcpEvent.ACTIVE_OPEN);
        return connection;
    }

    /** A child of a listener, for the peer whose SYN is {@code syn}: CLOSED → LISTEN → SYN_RECEIVED. */
    static TcpConnection passive(TcpEndpoint endpoint, ConnectionId id, TcpListener parent, Segment syn) {
        TcpConnection connection = new TcpConnection(endpoint, id, parent);
        connection.calls.fire(TcpEvent.PASSIVE_OPEN);
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
        return send(data, offset, length, false);
    }

    /**
     * SEND with the URGENT flag (RFC 9293 §3.10.2): {@code data} is queued as {@link #send(byte[])} queues it, and
     * the urgent pointer moves to the octet after the last byte this call queued (SND.UP, §3.8.5, MUST-30). Every
     * segment the peer gets until it has acknowledged the urgent data carries URG and the pointer, even a pure ACK or
     * a probe of its closed window, so that it hears of the urgent data before the window lets it in.
     * Linux with its default {@code tcp_stdurg} takes the octet before the pointer as the urgent one: it reads it
     * with {@code MSG_OOB}, out of the stream, or inline with {@code SO_OOBINLINE}. Returns the count queued; when
     * that is less than {@code data}, the urgent data ends at what was queued, and a later call for the rest moves it
     * on.
     */
    public int sendUrgent(byte[] data) {
        return sendUrgent(data, 0, data.length);
    }

    /**
     * SEND with the URGENT flag of {@code data[offset, offset + length)}, as {@link #sendUrgent(byte[])}.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code data}
     */
    public int sendUrgent(byte[] data, int offset, int length) {
        return send(data, offset, length, true);
    }

    private int send(byte[] data, int offset, int length, boolean urgent) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        calls.refuseSendWhileClosing();
        pendingSend.begin(data, offset, length, urgent);
        int written;
        try {
            calls.fire(TcpEvent.SEND);
            pendingSend.queue(); // SYN_SENT, SYN_RECEIVED: queued until ESTABLISHED (T25, T38)
        } finally {
            written = pendingSend.end();
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
        calls.fire(TcpEvent.RECEIVE);
        byte[] data = receiver.read(max);
        String refusal = data.length == 0 ? calls.refusal() : null;
        if (refusal != null) {
            throw new TcpException(refusal);
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
        if (calls.close(queue.unsentBytes())) {
            settle();
        }
    }

    /**
     * CLOSE from a user that will not read again: Linux's {@code close(2)}, where {@link #close()} is its
     * {@code shutdown(SHUT_WR)} and leaves the rest of the stream to read. RFC 9293 §3.6.1 says the peer SHOULD be
     * told by a RST that data was lost, rather than by a FIN that would pass for an orderly end (RFC 2525 §2.17), both
     * when the close finds received data unread and when new data arrives after it; Linux does both
     * ({@code TCPAbortOnClose}, {@code TCPAbortOnData}), and so does this, by the machine's rows (TcpSpec's A9):
     * <ul>
     *   <li>with received data unread, the machine hears {@link TcpEvent#CLOSE_DISCARDING_UNREAD} and the data is
     *       discarded, so that a later RECEIVE is refused rather than handed what the peer was told was lost;
     *   <li>with nothing unread, it is {@link #close()}, or nothing more if the user already closed (as
     *       {@code close(2)} after {@code shutdown(SHUT_WR)} sends no second FIN); text that arrives afterwards is
     *       {@link TcpEvent#RCV_DATA_NO_READER}.
     * </ul>
     */
    public void closeDiscardingUnread() {
        if (receiver.readableBytes() > 0) {
            calls.fire(TcpEvent.CLOSE_DISCARDING_UNREAD);
            calls.closeReading();
            receiver.discard();
            settle();
            return;
        }
        if (!calls.closeIssued()) {
            close();
        }
        calls.closeReading();
    }

    /** ABORT: the machine decides whether a RST goes out (A2); queued data is discarded with the TCB. */
    public void abort() {
        calls.fire(TcpEvent.ABORT);
        settle();
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

    /**
     * How many octets, from the next one {@link #receive} hands over, lie up to the end of the peer's urgent data
     * (RFC 9293 MUST-32); 0 when none is pending. {@link TcpSignal#URGENT} said when it arrived or advanced. Urgent
     * data comes inline, in its place in the stream (as with Linux's {@code SO_OOBINLINE}); {@link #sendUrgent} sends
     * it.
     */
    public int urgentBytes() {
        return receiver.urgentBytes();
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
        return queue.free();
    }

    /** Whether every byte queued has been acknowledged by the peer. */
    public boolean allSentAcknowledged() {
        return queue.allAcknowledged();
    }

    /** The sequence variables, for inspection; do not modify. */
    public Tcb tcb() {
        return tcb;
    }

    /** How many times the retransmission timer has resent the head of the queue. */
    public long retransmissions() {
        return timers.retransmission().retransmissions();
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
        return queue.segmentText();
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

    // ---- what drives the machine besides the user ----

    /** Whether the user has closed for reading too ({@link #closeDiscardingUnread}), for the classifier. */
    boolean readingClosed() {
        return calls.readingClosed();
    }

    void segmentArrived(Segment segment) {
        arrival.arrived(segment);
    }

    /** For the transmitter, which exists before the receive side it reports on. */
    private List<SackBlock> sackBlocks() {
        return receiver.sackBlocks();
    }

    /** An event from an arriving segment, whose bookkeeping is done; the caller settles afterwards. */
    void fire(TcpEvent event) {
        machine.fire(event);
    }

    /** An event from a timer: fired, then settled. */
    void fireAndSettle(TcpEvent event) {
        machine.fire(event);
        settle();
    }

    // ---- what the machine's effects tell the connection ----

    void timeWaitStarted() {
        timeWaitStarts++;
        timers.stopSending();
    }

    void signalled(TcpSignal signal) {
        if (signal == TcpSignal.RESET) {
            calls.reset(signals.contains(TcpSignal.CONNECTED), signals.contains(TcpSignal.CLOSING));
        }
        signals.add(signal);
        endpoint.signalled(this, parent, signal);
    }

    /** The machine refused the current user call with the RFC's {@code text}. */
    void callRefused(String text) {
        calls.refused(text);
    }

    // ---- after every event: what the engine owns ----

    void settle() {
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
        calls.closeWhenSent(state, queue.unsentBytes());
        if (out.ackPending()) {
            out.sendAck();
        }
        if (queue.windowBlocked(canSendData())) {
            timers.windowBlocked();
        }
    }

    private void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        calls.forget();
        timers.stopAll();
        endpoint.connectionDeleted(this, parent);
    }

    /** Whether new data may start: the states that send, before our FIN. */
    boolean canSendData() {
        TcpState state = machine.state();
        return !queue.finSent() && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT);
    }

    private void maybeSendWindowUpdate() {
        TcpState state = machine.state();
        boolean peerMaySend = state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
        if (peerMaySend && receiver.windowUpdateDue(queue.sendMss())) {
            out.sendAck();
        }
    }
}
