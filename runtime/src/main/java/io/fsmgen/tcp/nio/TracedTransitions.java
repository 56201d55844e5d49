package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpEvent;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelInterest;
import io.fsmgen.tcp.kernel.KernelTcpEvent;
import io.fsmgen.tcp.kernel.KernelTcpState;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.kernel.SsTcpTable;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hidden transitions as the kernel makes them, from {@link KernelTransitionSource} (the
 * {@code sock:inet_sock_set_state} and {@code tcp:tcp_receive_reset} tracepoints). Each followed connection's socket
 * is recognised by its 4-tuple; its state changes are read through {@link LinuxRfcMapping} on the source's thread
 * and applied on the connection's loop, where the rule is simple: a change the machine already made (a user call, or
 * what NIO showed first) is skipped; a change from where the machine is fires the mapped event; anything else is
 * stale and ignored. So the machine passes every state the kernel passed, in the kernel's order.
 *
 * <p><b>A close's own transition.</b> A socket call cannot say whether a close in ESTABLISHED was ESTABLISHED →
 * FIN_WAIT1 or, the peer's FIN having arrived while NIO had not read it yet, CLOSE_WAIT → LAST_ACK. So this source
 * {@linkplain #ordersClose() orders closes}: the connection sends its FIN first and its machine waits for the
 * kernel's answer ({@link NioTcpConnection#closeOrdered}). {@code ESTABLISHED -> FIN_WAIT1}, made inside that very
 * syscall, means ours went first: CLOSE. The peer's FIN first is told by {@code LAST_ACK -> CLOSE}, the end of the
 * LAST_ACK that only CLOSE_WAIT leads to: RCV_FIN, CLOSE, then that change's RCV_ACK (or RCV_RST), in the kernel's
 * order. Changes into LAST_ACK are not asked for: a server that closes after reading the peer's FIN, the common case,
 * would pay one more event per connection for an answer nobody waits for; the price is that a machine whose close
 * met an unread FIN shows ESTABLISHED until the peer's ACK of our FIN (on loopback, microseconds). Each answer is
 * posted to the loop before any later change of the same socket, so those find the machine where the kernel was.
 *
 * <p><b>An abort's own transition.</b> The same unread FIN makes an abort in ESTABLISHED the kernel's
 * {@code CLOSE_WAIT -> CLOSE}, and one in FIN_WAIT_2 a TIME_WAIT's (the minisocket took over before the abort). The
 * abort's RST leaves at once and its machine waits ({@link ChannelState#ABORT_UNCONFIRMED}) for the socket's change
 * into CLOSE, already asked for ({@link NioTcpConnection#abortOrdered}): stamped after the abort began, it is the
 * abort's own and its old state says where the kernel aborted from (CLOSE_WAIT: RCV_FIN, then ABORT); stamped before,
 * it ended the socket first (TIME_WAIT, a RST, a timeout), and ABORT follows where a state is left. No event more is
 * asked of the kernel.
 *
 * <p><b>What the kernel is asked for, and why so little.</b> Only the changes into the states no socket call shows
 * (FIN_WAIT2, CLOSING, CLOSE) or our close first (FIN_WAIT1), and resets received; only the sockets of this side of
 * a connection: an active connection's by its remote port ({@code dport}), an accepted one's by its listener's port
 * ({@code sport}). So a server that closes after the peer learns one event per connection (typically
 * {@code LAST_ACK -> CLOSE}) where a port filter on both sides passed about eleven
 * (both ends' whole lives, and their destructions), each one a wake-up, a copy, a decode and a merge; the kernel
 * drops the rest before recording it ({@link KernelInterest}).
 *
 * <p>Subscriptions are shared per (port, side) with reference counts, so a server's connections share one. One left
 * without users is kept (up to {@value #IDLE_SUBSCRIPTIONS} such, the least recently used closed first): rewriting
 * the kernel's filters costs the kernel an RCU grace period, milliseconds on a loaded machine, and a server whose last
 * connection just closed usually gets the next at once. Events that arrive before a connection is followed (its
 * handshake, done before {@code accept()} returns) are not needed: NIO shows those steps.
 *
 * <p>What it does not see: the end of TIME_WAIT (no event; the machine's 2·MSL timer ends it, or a new connection
 * with the very same addresses, which only the minisocket's end lets the kernel make), and events the kernel
 * dropped when its buffer was full ({@link KernelTcpEvent.EventsLost}). Those are counted and logged, and every
 * followed connection whose machine waits on a step only the kernel shows is looked up once in the kernel's table
 * ({@link PolledTransitions#resync}), once the stream has caught up (a change recorded before the loss was noticed
 * is still delivered first): what the kernel holds now moves the machine, as polling would have. A state the
 * socket passed and left during the loss (a short FIN_WAIT_2, a CLOSING) is missed, as with polling; without a
 * readable table the machines concerned stay where they are until their timers or socket calls move them.
 *
 * <p><b>Other network namespaces.</b> The tracepoints are host-wide and name a socket by its addresses: another
 * namespace may hold a socket with the very addresses of one of ours. An event that would end a connection (a RST,
 * a timeout) therefore counts once this namespace's table no longer holds the socket
 * ({@link PolledTransitions#lookUp}); where the table cannot be read, it counts as it comes. The closing steps (the
 * ACK of our FIN, the peer's FIN after it, LAST_ACK's end) are taken as they come, since confirming each would cost
 * every connection a table round: while both namespaces' sockets close at once, the other's can move the machine
 * ahead of ours and tell {@code closed} early.
 */
final class TracedTransitions implements HiddenTransitions {

    private final KernelTransitionSource source;
    private final String reason;
    /** The kernel's table, to look connections up after lost events; null where it cannot be read. */
    private final SsTcpTable table;
    /** Created when first needed ({@link #looks()}), under {@code this}; null before, and where there is no table. */
    private PolledTransitions looks;
    /** Tests only: socket events dropped before they are handled, as if the kernel's buffer had been full. */
    private volatile Predicate<KernelTcpEvent.SocketEvent> dropped;
    /** Tests only: told when a resync starts waiting for the stream ({@link #afterTheStream}). */
    private volatile Runnable waitingForTheStream;
    /** Tests only: told when a resync's pass has posted its looks ({@link #afterTheStream}). */
    private volatile Runnable passPosted;
    /** Tests only: run when {@link #follow} retires a connection whose addresses a new one took. */
    private volatile Runnable retiring;
    private final Map<Key, Followed> followed = new ConcurrentHashMap<>();
    /** Connections whose addresses a newer one follows now; until they leave the runtime. */
    private final Map<Key, Retired> retired = new ConcurrentHashMap<>();
    /** Guarded by itself: subscriptions per port and side, with how many connections use each; in use order. */
    private final LinkedHashMap<PortKey, Shared> ports = new LinkedHashMap<>(16, 0.75f, true);
    /** Guarded by {@link #ports}: how many of them have no user. */
    private int idle;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    /** A pass of looks after lost events is under way; and a loss came during it, so another pass follows. */
    private final AtomicBoolean resyncing = new AtomicBoolean();
    private final AtomicBoolean resyncAgain = new AtomicBoolean();

    /**
     * The states a socket reaches without a socket call showing it: only changes into them are posted to the loop
     * (the others, ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, LAST_ACK, are a call's own result or its result read by NIO).
     */
    private static final Set<TcpState> HIDDEN_TARGETS = EnumSet.of(TcpState.FIN_WAIT_2, TcpState.CLOSING,
            TcpState.TIME_WAIT, TcpState.CLOSED);
    /**
     * The only state changes asked of the kernel: those into the states that map into {@link #HIDDEN_TARGETS}
     * ({@code -> CLOSE} is TIME_WAIT or CLOSED, see {@link LinuxRfcMapping#target}), and into FIN_WAIT1, which
     * answers a close sent ahead of the machine (see the class comment).
     */
    private static final Set<KernelTcpState> KERNEL_STATES = EnumSet.of(KernelTcpState.FIN_WAIT1,
            KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSING, KernelTcpState.TIME_WAIT, KernelTcpState.CLOSE);
    /** The kernel states that only our FIN leads to (ESTABLISHED -> FIN_WAIT1 and on). */
    private static final Set<KernelTcpState> PAST_OUR_FIN = EnumSet.of(KernelTcpState.FIN_WAIT1,
            KernelTcpState.FIN_WAIT2, KernelTcpState.CLOSING);
    private static final Set<KernelInterest.Kind> KINDS = EnumSet.of(KernelInterest.Kind.STATE_CHANGES,
            KernelInterest.Kind.RESETS_RECEIVED);
    /** Subscriptions kept open without users (see the class comment). */
    static final int IDLE_SUBSCRIPTIONS = 32;

    private record Key(InetSocketAddress local, InetSocketAddress remote) {}

    /** A connection whose addresses a new one took at {@code until} (nanoTime): its socket's earlier events are its. */
    private record Retired(Followed followed, long until) {}

    /** A subscribed port: the connections' own ({@code local}, accepted ones) or their peer's (active ones). */
    private record PortKey(int port, boolean local) {
        KernelInterest interest() {
            KernelInterest sockets = local ? KernelInterest.localPorts(List.of(port))
                    : KernelInterest.remotePorts(List.of(port));
            return sockets.withKinds(KINDS).withNewStates(KERNEL_STATES);
        }
    }

    /** A followed connection; {@code resetReceived} is touched by the source's thread only. */
    private static final class Followed {
        final NioTcpConnection connection;
        final PortKey port;
        boolean resetReceived;

        Followed(NioTcpConnection connection, PortKey port) {
            this.connection = connection;
            this.port = port;
        }
    }

    private static final class Shared {
        final KernelTransitionSource.Subscription subscription;
        int users;

        Shared(KernelTransitionSource.Subscription subscription) {
            this.subscription = subscription;
        }
    }

    TracedTransitions(KernelTransitionSource source, String reason, SsTcpTable table) {
        this.source = source;
        this.reason = reason;
        this.table = table;
    }

    @Override
    public TransitionSource source() {
        return TransitionSource.TRACEPOINT;
    }

    @Override
    public String reason() {
        return reason;
    }

    /** Kernel events delivered to followed connections so far. */
    @Override
    public long reads() {
        return events.get();
    }

    /** Events the kernel dropped (its buffer was full) while this runtime followed connections. */
    long lost() {
        return lost.get();
    }

    /** Subscribes {@code port} (a listener's with {@code local}, else a peer's) while a connection uses it. */
    private void subscribe(PortKey port) {
        synchronized (ports) {
            Shared s = ports.get(port);
            if (s == null) {
                s = new Shared(source.subscribe(port.interest(), this::onEvent));
                ports.put(port, s);
            } else if (s.users == 0) {
                idle--;
            }
            s.users++;
        }
    }

    private void unsubscribe(PortKey port) {
        synchronized (ports) {
            Shared s = ports.get(port);
            if (s == null || --s.users > 0) {
                return;
            }
            idle++;
            Iterator<Shared> eldest = ports.values().iterator();
            while (idle > IDLE_SUBSCRIPTIONS && eldest.hasNext()) {
                Shared e = eldest.next();
                if (e.users == 0) {
                    eldest.remove();
                    idle--;
                    e.subscription.close();
                }
            }
        }
    }

    /** The ports with a kernel subscription now, used or kept idle; for tests. */
    int subscribedPorts() {
        synchronized (ports) {
            return ports.size();
        }
    }

    @Override
    public void follow(NioTcpConnection c) {
        PortKey port = c.kind() == ConnectionInfo.Kind.ACTIVE ? new PortKey(c.remoteAddress().getPort(), false)
                : new PortKey(c.localAddress().getPort(), true);
        subscribe(port);
        Key key = new Key(c.localAddress(), c.remoteAddress());
        Followed previous = followed.get(key);
        boolean reopened = previous != null && previous.connection != c;
        if (reopened) {
            // The kernel gave these addresses to a new socket, so the old one is gone. Its last events may still be
            // on their way (stamped before now: they go to it), or lost (then a loss is reported, and it is taken as
            // gone). Retired before the new connection is followed: onEvent reads the two maps in the other order, so
            // it never finds the new connection without the old one's retirement beside it, and never hands it an
            // old change it would take as stale (the old one's machine then waited for those words in vain).
            retired.put(key, new Retired(previous, System.nanoTime()));
            Runnable hook = retiring;
            if (hook != null) {
                hook.run();
            }
        }
        followed.put(key, new Followed(c, port));
        if (reopened) {
            NioTcpConnection old = previous.connection;
            old.loop.execute(() -> endReopenedTimeWait(old));
        }
    }

    /**
     * Tests only: waits until every change the kernel recorded before this call has been posted to its connection's
     * loop ({@link KernelTransitionSource#sync}); false if {@code bound} passed first.
     */
    boolean syncForTests(Duration bound) throws InterruptedException {
        return source.sync(bound);
    }

    /** Tests only: run by {@link #follow} between a connection's retirement and its successor's following. */
    void retiringForTests(Runnable hook) {
        retiring = hook;
    }

    @Override
    public void entered(NioTcpConnection c, TcpState state) {
        // Nothing to arm: the kernel reports every change as it happens.
    }

    @Override
    public boolean ordersClose() {
        return true;
    }

    @Override
    public boolean showsResetPath() {
        return true;
    }

    @Override
    public void finInFinWait1(NioTcpConnection c) {
        // The kernel's own events say whether the FINs crossed (FIN_WAIT1 -> CLOSING) or ours was ACKed first.
    }

    @Override
    public void forget(NioTcpConnection c) {
        if (c.localAddress() == null || c.remoteAddress() == null) {
            return;
        }
        Key key = new Key(c.localAddress(), c.remoteAddress());
        Followed f = followed.get(key);
        if (f != null && f.connection == c && followed.remove(key, f)) {
            unsubscribe(f.port); // (a new connection with the same addresses keeps its own entry)
        }
        Retired r = retired.get(key);
        if (r != null && r.followed().connection == c && retired.remove(key, r)) {
            unsubscribe(r.followed().port);
        }
        PolledTransitions watcher;
        synchronized (this) {
            watcher = looks;
        }
        if (watcher != null) {
            watcher.forget(c);
        }
    }

    /** On the source's thread: never blocks; posts the step to the connection's loop. */
    void onEvent(KernelTcpEvent event) {
        if (event instanceof KernelTcpEvent.EventsLost l) {
            lost.addAndGet(l.count());
            PolledTransitions watcher = looks();
            NioTcpRuntime.LOG.log(Level.WARNING, "the kernel dropped " + l.count() + " TCP event(s) on CPU " + l.cpu()
                    + " before they were read; " + (watcher == null ? "machines waiting on them stay where they are"
                            + " (no kernel table to look them up in)"
                            : "connections waiting on a step only the kernel shows are looked up in its table"));
            if (watcher != null) {
                resync(watcher);
            }
            return;
        }
        if (!(event instanceof KernelTcpEvent.SocketEvent s)) {
            return;
        }
        Predicate<KernelTcpEvent.SocketEvent> drop = dropped;
        if (drop != null && drop.test(s)) {
            return;
        }
        Key key = new Key(s.local(), s.remote());
        Followed f = followed.get(key);
        if (f == null) {
            return;
        }
        if (!retired.isEmpty()) {
            Retired r = retired.get(key);
            if (r != null && s.timestampNanos() - r.until() < 0) {
                f = r.followed(); // a late event of the socket these addresses belonged to before
            }
        }
        if (event instanceof KernelTcpEvent.ResetReceived) {
            f.resetReceived = true;
        } else if (event instanceof KernelTcpEvent.StateChange change) {
            if (change.newState() == KernelTcpState.FIN_WAIT1) {
                // our FIN went first: the answer to a FIN sent ahead of the machine's CLOSE, if one waits
                events.incrementAndGet();
                NioTcpConnection c = f.connection;
                c.loop.execute(() -> c.closeOrdered(false, true));
                return;
            }
            TcpState target = LinuxRfcMapping.target(change.oldState(), change.newState(), f.resetReceived);
            boolean reset = f.resetReceived;
            f.resetReceived = false;
            if (!HIDDEN_TARGETS.contains(target)) {
                return; // a change a socket call makes or shows (connect, accept, EOF, close): NIO drives it
            }
            events.incrementAndGet();
            NioTcpConnection c = f.connection;
            // LAST_ACK's end proves CLOSE_WAIT -> LAST_ACK: the peer's FIN came first, if a close waits for that word;
            // a change out of a state past our FIN proves ESTABLISHED -> FIN_WAIT1, should that change's own event
            // not have answered yet (its end, a timeout or a RST, read by the socket meanwhile, waits for this word)
            boolean lastAckOver = change.oldState() == KernelTcpState.LAST_ACK;
            boolean pastOurFin = PAST_OUR_FIN.contains(change.oldState());
            // a change into CLOSE answers an abort made ahead of the machine, if one waits: the state it left
            TcpState left = change.newState() == KernelTcpState.CLOSE ? TcpState.valueOf(change.oldState().rfcName())
                    : null;
            long stamp = change.timestampNanos();
            c.loop.execute(() -> {
                if (lastAckOver || pastOurFin) {
                    c.closeOrdered(lastAckOver, true);
                }
                if (left == null || !c.abortOrdered(left, target, reset, stamp)) {
                    apply(c, target, reset);
                }
                if (target == TcpState.TIME_WAIT && retired(c)) {
                    // A late TIME_WAIT: a new socket took these addresses (RFC 6191's reopening, see follow), so the
                    // kernel ended it already; it ends now too, not at 2·MSL. Asked here, on the loop, and not when
                    // the change was read: follow may retire c between this change's read and this step, and then
                    // its own end of c's TIME_WAIT has run before c entered TIME_WAIT.
                    endReopenedTimeWait(c);
                }
            });
        }
    }

    /** Whether a newer connection follows {@code c}'s addresses now ({@link #follow}): the kernel's socket is gone. */
    private boolean retired(NioTcpConnection c) {
        if (retired.isEmpty()) {
            return false;
        }
        Retired r = retired.get(new Key(c.localAddress(), c.remoteAddress()));
        return r != null && r.followed().connection == c;
    }

    /**
     * Ends the TIME_WAIT of a connection whose addresses a new one took, on its loop: it has no event left to come.
     * Linux ended its TIME-WAIT for a new SYN from the same peer (RFC 6191's reopening), and no event reports a
     * minisocket's end, so it ends now, not at 2·MSL.
     */
    private static void endReopenedTimeWait(NioTcpConnection c) {
        if (c.state() == TcpState.TIME_WAIT) {
            c.hiddenStep(TcpEvent.TIMEOUT, true);
        }
    }

    /**
     * One pass after lost events, once the kernel's stream has caught up ({@link #afterTheStream}): a look at every
     * followed connection, and every retired one (whose addresses a newer connection took) taken as gone. One pass at
     * a time: losses reported while it runs (one per CPU and buffer read) ask for one more pass after it, since its
     * looks may predate them.
     */
    private void resync(PolledTransitions watcher) {
        if (!resyncing.compareAndSet(false, true)) {
            resyncAgain.set(true);
            return;
        }
        afterTheStream(() -> pass(watcher));
    }

    private void pass(PolledTransitions watcher) {
        List<Followed> all = List.copyOf(followed.values());
        List<Retired> gone = List.copyOf(retired.values());
        AtomicInteger left = new AtomicInteger(all.size() + gone.size() + 1);
        Runnable done = () -> {
            if (left.decrementAndGet() == 0) {
                resyncing.set(false);
                if (resyncAgain.getAndSet(false)) {
                    resync(watcher);
                }
            }
        };
        for (Followed f : all) {
            onLoopOf(f.connection, c -> lookOnceReleased(c, watcher), done);
        }
        for (Retired r : gone) {
            onLoopOf(r.followed().connection, watcher::gone, done); // its socket is gone, its last events maybe lost
        }
        done.run(); // the pass's own count: it ends only once every look is asked
    }

    /**
     * On {@code c}'s loop: its look of a pass, unless its abort waits on a socket not closed yet. A channel closed while
     * registered keeps its socket until the loop's next select ({@link ConnectionSocket#releasePending}): an abort made
     * in a handler's callback sends its RST, and the kernel records its change into CLOSE, only then, after the loss
     * and possibly after the pass's barrier. A look now would take the abort as an estimate from where the machine is
     * (ESTABLISHED where the kernel aborted from CLOSE_WAIT), and its change, come after, would find the machine
     * CLOSED. So such a connection is looked at by another pass, asked for once the loop has selected: its change is
     * then recorded before that pass's barrier and is delivered first.
     */
    private void lookOnceReleased(NioTcpConnection c, PolledTransitions watcher) {
        if (c.abortHeld() && c.releasePending()) {
            c.loop.afterNextSelect(() -> resync(watcher));
        } else {
            watcher.lookOnce(c);
        }
    }

    /**
     * Runs {@code pass} once every event the kernel recorded so far has been delivered
     * ({@link KernelTransitionSource#sync}), on a thread of its own (the reader's cannot wait for itself, a loop's must
     * not). A loss is reported when the reader notices it, not where it happened in the stream: a change recorded
     * before, such as an abort's own change into CLOSE or a RST that ended LAST_ACK, may still wait in the kernel's
     * buffer or in the merge. Delivered, it moves its machine exactly; a look at the table before it would have found
     * the socket gone and guessed the path (ABORT from ESTABLISHED, the ACK of our FIN), and the change, come after,
     * would have found the machine CLOSED. So the looks wait, and only what is still waiting after the barrier had
     * its words among those lost.
     */
    private void afterTheStream(Runnable pass) {
        Runnable hook = waitingForTheStream;
        if (hook != null) {
            hook.run();
        }
        Thread waiter = new Thread(() -> {
            try {
                if (!source.sync(CloseOrder.BOUND)) {
                    NioTcpRuntime.LOG.log(Level.WARNING, "the kernel's events did not catch up within "
                            + CloseOrder.BOUND.toSeconds() + " s after a loss: connections are looked up now");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException closedOrFailed) {
                // no more events will come: what is still waiting is looked up now
            }
            pass.run();
            Runnable posted = passPosted;
            if (posted != null) {
                posted.run();
            }
        }, "fsmgen-resync");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Tests only: run when a resync starts waiting for the kernel's stream to catch up. */
    void waitingForTheStreamForTests(Runnable hook) {
        waitingForTheStream = hook;
    }

    /** Tests only: run once a resync's pass has posted its looks to the loops. */
    void passPostedForTests(Runnable hook) {
        passPosted = hook;
    }

    /** Runs {@code step} on {@code c}'s loop, then {@code done}, whatever the step does. */
    private static void onLoopOf(NioTcpConnection c, Consumer<NioTcpConnection> step, Runnable done) {
        c.loop.execute(() -> {
            try {
                step.accept(c);
            } finally {
                done.run();
            }
        });
    }

    /**
     * The table's one-look watcher, created when first needed: after lost events, and to confirm an event that
     * names only addresses. Null where the table cannot be read.
     */
    private synchronized PolledTransitions looks() {
        if (looks == null && table != null) {
            looks = PolledTransitions.resync(table);
        }
        return looks;
    }

    /** Tests only: the one-look watcher, once created. */
    PolledTransitions looksForTests() {
        return looks();
    }

    /** Tests only: drops the socket events {@code drop} accepts, as the kernel does when its buffer is full. */
    void dropForTests(Predicate<KernelTcpEvent.SocketEvent> drop) {
        dropped = drop;
    }

    /** On the connection's loop. */
    private void apply(NioTcpConnection c, TcpState target, boolean reset) {
        TcpState now = c.state();
        if (now == target) {
            return; // the machine made this change already (a user call, or what NIO showed first)
        }
        Optional<TcpEvent> event = LinuxRfcMapping.event(now, target, reset);
        if (event.isEmpty()) {
            NioTcpRuntime.LOG.log(Level.DEBUG, () -> c + ": kernel went to " + target + ", stale here");
        } else if (event.get() != TcpEvent.RCV_RST) {
            c.hiddenStep(event.get(), true);
        } else if (looks() != null) {
            // The event names addresses only, and another network namespace may hold a socket with the same ones:
            // only this namespace's table says that it was this connection's. (A read of the socket may report
            // the RST first; or never, when the peer's FIN came before it: the read then returns end of stream.)
            looks().lookUp(c, k -> confirmedEnd(c, k, reset));
        } else {
            ended(c, reset);
        }
    }

    /** On {@code c}'s loop: the table's word on a socket end the tracepoint reported; {@code k}, what it holds now. */
    private static void confirmedEnd(NioTcpConnection c, KernelTcpState k, boolean reset) {
        TcpState now = c.state();
        if (now == TcpState.CLOSED || now == TcpState.TIME_WAIT || now == TcpState.LISTEN) {
            return; // ended meanwhile (its read saw the RST), or in a state that its own timer ends
        }
        if (k == KernelTcpState.CLOSE) {
            ended(c, reset);
        } else {
            NioTcpRuntime.LOG.log(Level.INFO, c + ": a kernel event said a socket of these addresses ended, but this"
                    + " namespace still holds ours in " + k + ": another namespace's; ignored");
        }
    }

    /** The kernel ended {@code c}'s socket: by a RST it received, or on its own (no RST: a timeout). */
    private static void ended(NioTcpConnection c, boolean reset) {
        if (reset) {
            c.kernelReset("connection reset (the kernel received a RST)");
        } else {
            c.kernelTimedOut("connection timed out in the kernel: it ended the connection without a RST"
                    + " (retransmissions or keepalives unanswered, or its FIN_WAIT_2 timeout)");
        }
    }

    @Override
    public void close() {
        source.close();
        PolledTransitions watcher;
        synchronized (this) {
            watcher = looks;
        }
        if (watcher != null) {
            watcher.close();
        }
    }
}
