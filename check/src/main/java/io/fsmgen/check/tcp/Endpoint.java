package io.fsmgen.check.tcp;

import io.fsmgen.Capturable;
import io.fsmgen.Machine;
import io.fsmgen.StateBits;
import io.fsmgen.check.Channel;
import io.fsmgen.check.ModelScheduler;
import io.fsmgen.check.Recording;
import io.fsmgen.check.StateComponent;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.TcpState;

/**
 * One end of the TCP model: a generated machine and the smallest engine around it. The engine keeps the abstract TCB
 * (SND.UNA, SND.NXT, RCV.NXT as positions, see {@link Segments}), classifies each arriving segment with the
 * {@link SegmentRule}, and turns the machine's effects ({@link TcpEffects}) into segments on its outbound channel.
 * The machine decides everything else. The endpoint also remembers what its user has done and what happened to it
 * (history flags that the properties read).
 *
 * <p>Its encoding (17 bits): the TCB (6), its incarnation (1), the user's calls in this incarnation (4), and the
 * history flags (6). The machine encodes itself.
 */
final class Endpoint implements StateComponent, TcpEffects {

    private static final int NONE = -1;

    final String name;
    final Channel out;
    final ModelScheduler scheduler = new ModelScheduler();
    final Machine<TcpState, TcpEvent> machine;
    final Capturable capture;
    final TcpSpec spec;
    private final Recording recording;
    Endpoint peer;

    int sndUna;
    int sndNxt;
    int rcvNxt;
    int incarnation;
    boolean opened;
    /** The user opened passively (LISTEN) in this incarnation. */
    boolean passiveOpened;
    boolean closed;
    boolean aborted;
    /** This side was reset: told "connection reset"/"refused", or closed by a RST before its FIN was acknowledged. */
    boolean reset;
    /** A synchronized connection of this side was closed by a segment an off-path attacker forged. */
    boolean forgedReset;
    /** This side left TIME_WAIT before its 2·MSL timer expired (TIME-WAIT assassination). */
    boolean timeWaitCut;
    /**
     * A segment of an earlier incarnation changed the state of this side's connection (one that has a TCB: an old
     * SYN reaching LISTEN is the case the three-way handshake itself resolves).
     */
    boolean oldSegmentTaken;
    /** This side's connection was established at least once (the user was told "connected"). */
    boolean established;
    /** A SYN of this connection met this side while it was CLOSED (the connection was refused, legitimately). */
    boolean synAtClosedPort;

    private int arriving = NONE;

    Endpoint(String name, TcpVariant variant, Channel out, Recording recording) {
        this.name = name;
        this.out = out;
        this.recording = recording;
        this.spec = variant.create().apply(this, scheduler);
        this.machine = machineOf(spec);
        this.capture = (Capturable) spec;
    }

    @SuppressWarnings("unchecked") // every generated TCP machine is a Machine<TcpState, TcpEvent>
    private static Machine<TcpState, TcpEvent> machineOf(TcpSpec spec) {
        return (Machine<TcpState, TcpEvent>) spec;
    }

    TcpState state() {
        return machine.state();
    }

    /** Our SYN or FIN is unacknowledged: the retransmission queue is not empty. */
    boolean awaitsAck() {
        return sndUna < sndNxt;
    }

    /** A user call or a timer: fires {@code event} and updates what follows from the transition. */
    void call(TcpEvent event) {
        TcpState before = machine.state();
        machine.fire(event);
        afterStep(before, event, NONE);
    }

    /** The TIME-WAIT timer expires: the machine's own timeout, armed through the model's scheduler. */
    void expireTimer() {
        TcpState before = machine.state();
        scheduler.expireFirst();
        afterStep(before, TcpEvent.TIMEOUT, NONE);
    }

    /** A segment arrives from the network. */
    void receive(int segment) {
        TcpState before = machine.state();
        int verdict = SegmentRule.classify(segment, before, sndUna, sndNxt, rcvNxt);
        switch (SegmentRule.kind(verdict)) {
            case SegmentRule.DROP -> {
                if (recording.active()) {
                    recording.get().note(name, "drops " + Segments.label(segment));
                }
            }
            case SegmentRule.REPLY_ACK, SegmentRule.REPLY_CHALLENGE -> {
                if (recording.active()) {
                    recording.get().note(name, "answers " + Segments.label(segment) + " with an ACK");
                }
                int ack = Segments.of(Segments.ACK, sndNxt, rcvNxt, incarnation);
                out.send(SegmentRule.kind(verdict) == SegmentRule.REPLY_CHALLENGE ? Segments.challenge(ack) : ack);
            }
            default -> deliver(segment, verdict, before);
        }
    }

    private void deliver(int segment, int verdict, TcpState before) {
        TcpEvent event = SegmentRule.event(verdict);
        if (before == TcpState.CLOSED && Segments.has(segment, Segments.SYN) && !Segments.isForged(segment)) {
            synAtClosedPort = true;
        }
        int una = sndUna;
        int rcv = rcvNxt;
        takeNumbers(segment, event, before, SegmentRule.takesFin(verdict));
        arriving = segment;
        try {
            machine.fire(event);
        } finally {
            arriving = NONE;
        }
        if (machine.state() == before && rcvNxt != rcv) {
            // The machine did not take the SYN or FIN (a variant may drop it): neither does the engine.
            rcvNxt = rcv;
            if (before == TcpState.SYN_SENT) {
                sndUna = una;
            }
        }
        TcpState after = machine.state();
        if (Segments.isForged(segment) && isSynchronized(before) && (after == TcpState.CLOSED
                || after == TcpState.LISTEN)) {
            forgedReset = true;
        }
        if (Segments.incarnation(segment) < incarnation && before != TcpState.CLOSED && before != TcpState.LISTEN
                && after != before) {
            oldSegmentTaken = true;
        }
        afterStep(before, event, segment);
    }

    /**
     * The engine's part of an arriving segment, before the machine decides (its answer must carry the new RCV.NXT):
     * RCV.NXT past its SYN or FIN, SND.UNA up to its ACK. Undone when the machine leaves its state unchanged.
     */
    private void takeNumbers(int segment, TcpEvent event, TcpState before, boolean takesFin) {
        boolean ack = Segments.has(segment, Segments.ACK);
        switch (before) {
            case CLOSED:
                return;
            case LISTEN:
                if (event == TcpEvent.RCV_SYN) {
                    rcvNxt = 1;
                }
                return;
            case SYN_SENT:
                if (event == TcpEvent.RCV_SYN || event == TcpEvent.RCV_SYN_ACK) {
                    rcvNxt = 1;
                }
                if (event == TcpEvent.RCV_SYN_ACK) {
                    sndUna = Segments.ack(segment);
                }
                return;
            default:
                if (ack && event != TcpEvent.RCV_ACK_UNACCEPTABLE && Segments.ack(segment) <= sndNxt) {
                    sndUna = Math.max(sndUna, Segments.ack(segment));
                }
                if (takesFin) {
                    rcvNxt = 2;
                }
        }
    }

    private void afterStep(TcpState before, TcpEvent event, int segment) {
        TcpState after = machine.state();
        if (after == TcpState.ESTABLISHED) {
            established = true;
        }
        if (before == TcpState.TIME_WAIT && after != TcpState.TIME_WAIT && event != TcpEvent.TIMEOUT
                && event != TcpEvent.ABORT) {
            timeWaitCut = true;
        }
        if (event == TcpEvent.RCV_RST && isSynchronized(before) && after == TcpState.CLOSED && sndUna < 2) {
            reset = true; // closed by a RST before our FIN was acknowledged: the close did not complete
        }
        if (after == TcpState.CLOSED || after == TcpState.LISTEN) {
            sndUna = 0;
            sndNxt = 0;
            rcvNxt = 0; // the TCB is deleted
        }
    }

    static boolean isSynchronized(TcpState state) {
        return switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> true;
            default -> false;
        };
    }

    // ---- effects: what the machine asks for ----

    @Override
    public void send(TcpSegment kind) {
        switch (kind) {
            case SYN -> {
                sndNxt = Math.max(sndNxt, 1);
                out.send(Segments.of(Segments.SYN, 0, 0, incarnation));
            }
            case SYN_ACK -> {
                sndNxt = Math.max(sndNxt, 1);
                out.send(Segments.of(Segments.SYN | Segments.ACK, 0, rcvNxt, incarnation));
            }
            case ACK -> out.send(Segments.of(Segments.ACK, sndNxt, rcvNxt, incarnation));
            case CHALLENGE_ACK -> out.send(Segments.challenge(Segments.of(Segments.ACK, sndNxt, rcvNxt, incarnation)));
            case FIN -> {
                sndNxt = 2;
                out.send(Segments.of(Segments.FIN | Segments.ACK, 1, rcvNxt, incarnation));
            }
            case RST, RST_ACK -> sendReset();
            case DATA -> throw new IllegalStateException("the TCP model has no data: SEND is never called");
        }
    }

    /**
     * As the engine does: answer the arriving segment ({@code <SEQ=SEG.ACK>} or RST,ACK), else ABORT's reset. An
     * answer belongs to the incarnation of the segment it answers: a closed port refusing a new SYN is not old.
     */
    private void sendReset() {
        if (arriving == NONE) {
            out.send(Segments.of(Segments.RST, sndNxt, 0, incarnation));
        } else if (!Segments.has(arriving, Segments.RST)) {
            int about = Segments.incarnation(arriving);
            if (Segments.has(arriving, Segments.ACK)) {
                out.send(Segments.of(Segments.RST, Segments.ack(arriving), 0, about));
            } else {
                int acknowledged = Math.min(2, Segments.seq(arriving) + Segments.length(arriving));
                out.send(Segments.of(Segments.RST | Segments.ACK, 0, acknowledged, about));
            }
        }
    }

    @Override
    public void retransmit() {
        if (sndUna == 0 && sndNxt >= 1) {
            out.send(rcvNxt >= 1 ? Segments.of(Segments.SYN | Segments.ACK, 0, rcvNxt, incarnation)
                    : Segments.of(Segments.SYN, 0, 0, incarnation));
        } else if (sndNxt == 2 && sndUna < 2) {
            out.send(Segments.of(Segments.FIN | Segments.ACK, 1, rcvNxt, incarnation));
        }
    }

    @Override
    public void signal(TcpSignal signal) {
        if (signal == TcpSignal.RESET || signal == TcpSignal.REFUSED) {
            reset = true;
        }
        if (signal == TcpSignal.CONNECTED) {
            established = true; // also when SYN_RECEIVED jumps to CLOSE_WAIT on a FIN (T31)
        }
    }

    // ---- encoding ----

    @Override
    public void encode(StateBits bits) {
        bits.write(sndUna, 2);
        bits.write(sndNxt, 2);
        bits.write(rcvNxt, 2);
        bits.write(incarnation, 1);
        bits.write((opened ? 1 : 0) | (closed ? 2 : 0) | (aborted ? 4 : 0) | (passiveOpened ? 8 : 0), 4);
        bits.write((reset ? 1 : 0) | (forgedReset ? 2 : 0) | (timeWaitCut ? 4 : 0) | (oldSegmentTaken ? 8 : 0)
                | (established ? 16 : 0) | (synAtClosedPort ? 32 : 0), 6);
    }

    @Override
    public void decode(StateBits bits) {
        sndUna = (int) bits.read(2);
        sndNxt = (int) bits.read(2);
        rcvNxt = (int) bits.read(2);
        incarnation = (int) bits.read(1);
        int calls = (int) bits.read(4);
        opened = (calls & 1) != 0;
        closed = (calls & 2) != 0;
        aborted = (calls & 4) != 0;
        passiveOpened = (calls & 8) != 0;
        int history = (int) bits.read(6);
        reset = (history & 1) != 0;
        forgedReset = (history & 2) != 0;
        timeWaitCut = (history & 4) != 0;
        oldSegmentTaken = (history & 8) != 0;
        established = (history & 16) != 0;
        synAtClosedPort = (history & 32) != 0;
    }

    @Override
    public String toString() {
        return name + " " + machine.state() + " una=" + sndUna + " nxt=" + sndNxt + " rcv=" + rcvNxt;
    }
}
