package io.fsmgen.tcp.endpoint;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.TcpEffects;
import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpMachine;
import io.fsmgen.tcp.TcpSegment;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.engine.ConnectionId;
import io.fsmgen.tcp.engine.Replies;
import io.fsmgen.tcp.engine.Segment;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A passive OPEN on an endpoint's address. Its own machine stays in LISTEN and answers what LISTEN answers (a RST
 * to any ACK-bearing segment, nothing to a RST); each SYN from a new 4-tuple instead spawns a child
 * {@link TcpConnection} whose machine walks CLOSED → LISTEN → SYN_RECEIVED itself, as a Linux listener clones a
 * request socket. The listener thereby survives whatever happens to a half-open child (T32, T34, T100).
 */
public final class TcpListener {

    /**
     * How many children that ended {@link #spawned} still shows, the latest: enough to inspect how the recent ones
     * ended, while a listener that lives through many connections does not keep every one it ever spawned.
     */
    public static final int ENDED_CHILDREN_KEPT = 64;

    private final TcpEndpoint endpoint;
    private final TcpMachine machine;
    private final ArrayDeque<TcpConnection> ready = new ArrayDeque<>();
    private final Set<TcpConnection> pending = new HashSet<>();
    private final Set<TcpConnection> spawned = new LinkedHashSet<>();
    /** The children in {@link #spawned} that ended, oldest first: the first to be forgotten. */
    private final ArrayDeque<TcpConnection> ended = new ArrayDeque<>();
    private Segment arriving;
    private ConnectionId arrivingFrom;
    private long droppedSyns;

    TcpListener(TcpEndpoint endpoint) {
        this.endpoint = endpoint;
        // No timer in LISTEN, so no scheduler is needed.
        this.machine = new TcpMachine(new Effects(), Scheduler.none(), endpoint.config().tcp());
        machine.fire(TcpEvent.PASSIVE_OPEN);
    }

    public TcpState state() {
        return machine.state();
    }

    /** The next connection that reached ESTABLISHED (or CLOSE_WAIT straight from SYN_RECEIVED), if any. */
    public Optional<TcpConnection> accept() {
        return Optional.ofNullable(ready.poll());
    }

    /**
     * The children this listener spawned, oldest first, for inspection: every one still alive, and the latest
     * {@value #ENDED_CHILDREN_KEPT} that ended, whatever became of them.
     */
    public List<TcpConnection> spawned() {
        return List.copyOf(spawned);
    }

    /** SYNs dropped because the backlog was full. */
    public long droppedSyns() {
        return droppedSyns;
    }

    /** Stops listening (LISTEN → CLOSED); children already spawned live on. */
    public void close() {
        machine.fire(TcpEvent.CLOSE);
        endpoint.stopListening(this);
    }

    void segmentArrived(ConnectionId id, Segment segment) {
        if (machine.state() != TcpState.LISTEN) {
            return;
        }
        Verdict verdict = SegmentClassifier.classify(segment, TcpState.LISTEN, null, false);
        if (verdict instanceof Verdict.Reply reply) {
            endpoint.transmit(reply.reply(), id.remote());
        } else if (verdict instanceof Verdict.Deliver deliver) {
            if (deliver.event() == TcpEvent.RCV_SYN) {
                spawn(id, segment);
                return;
            }
            arriving = segment;
            arrivingFrom = id;
            try {
                machine.fire(deliver.event());
            } finally {
                arriving = null;
                arrivingFrom = null;
            }
        }
    }

    private void spawn(ConnectionId id, Segment syn) {
        if (pending.size() + ready.size() >= endpoint.config().backlog()) {
            droppedSyns++;
            return;
        }
        TcpConnection child = TcpConnection.passive(endpoint, id, this, syn);
        spawned.add(child);
        if (child.isDeleted()) {
            forgetEndedBeyondTheLatest(child);
        } else {
            pending.add(child);
            endpoint.register(child);
        }
    }

    void childConnected(TcpConnection child) {
        if (pending.remove(child)) {
            ready.add(child);
        }
    }

    void childDeleted(TcpConnection child) {
        pending.remove(child);
        if (spawned.contains(child)) { // not yet when the child ends while it is spawned
            forgetEndedBeyondTheLatest(child);
        }
    }

    private void forgetEndedBeyondTheLatest(TcpConnection child) {
        ended.add(child);
        if (ended.size() > ENDED_CHILDREN_KEPT) {
            spawned.remove(ended.poll());
        }
    }

    private final class Effects implements TcpEffects {
        @Override
        public void send(TcpSegment segment) {
            if (arriving != null && Replies.shouldAnswerWithReset(arriving)
                    && (segment == TcpSegment.RST || segment == TcpSegment.RST_ACK)) {
                endpoint.transmit(Replies.resetFor(arriving), arrivingFrom.remote());
            }
        }
    }
}
