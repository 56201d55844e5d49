package io.fsmgen.tcp.tun;

import io.fsmgen.Scheduler;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpEndpoint;
import io.fsmgen.tcp.engine.IssGenerator;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentSink;
import io.fsmgen.tcp.engine.Trace;
import io.fsmgen.tcp.engine.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs endpoints on a {@link TunLink} in real time, on the calling thread: it waits for packets or for the next
 * timer, hands packets to the endpoints, keeps the endpoints' {@link VirtualClock} level with the wall clock so that
 * their timers fire when due, and after every round calls the application's step, which reads, writes and closes.
 * The endpoints, the link and the step all run on that one thread, as the endpoint requires.
 *
 * <p>The endpoints read the wall clock and schedule their timers against it, on the loop's {@link VirtualClock},
 * whose time only moves when a round begins; so a call made between two rounds (a {@code connect} or {@code close}
 * from the application, outside {@link #runUntil}) arms its timers for the right wall-clock moment, not early by
 * however long the loop has been out of a round.
 *
 * <p>A step that waits on another thread (a kernel socket's reader, say) gets a round as soon as that thread calls
 * {@link #wakeup()}; no round is ever more than {@value #MAX_WAIT_MILLIS} ms after the previous one, in case a
 * change comes without one.
 */
public final class EndpointLoop {

    /** The longest wait for a packet or timer before the step runs again anyway. */
    public static final long MAX_WAIT_MILLIS = 50;

    private final TunLink link;
    private final VirtualClock clock = new VirtualClock();
    private final long origin = System.nanoTime();

    /** Timers due at wall-clock time, on the loop's clock: see the class comment. */
    private final Scheduler scheduler = (delay, task) -> clock.scheduleAt(wallNanos() + delay.toNanos(), task);

    public EndpointLoop(TunLink link) {
        this.link = Objects.requireNonNull(link, "link");
    }

    public TunLink link() {
        return link;
    }

    /** A new endpoint attached to the link at {@code port}, its timers on this loop's clock. */
    public TcpEndpoint endpoint(String name, EndpointConfig config, int port, Trace trace) {
        return endpoint(name, config, port, trace, UnaryOperator.identity());
    }

    /**
     * {@link #endpoint(String, EndpointConfig, int, Trace)}, whatever reaches the endpoint passing through the sink
     * {@code hearing} makes of it first: a test drops or holds chosen segments of the kernel's so, where a seeded
     * {@link Impairment} can only pick them by chance.
     */
    public TcpEndpoint endpoint(String name, EndpointConfig config, int port, Trace trace,
            UnaryOperator<SegmentSink> hearing) {
        return endpoint(name, config, port, trace, hearing, UnaryOperator.identity());
    }

    /**
     * {@link #endpoint(String, EndpointConfig, int, Trace, UnaryOperator)}, whatever the endpoint sends passing
     * through the carrier {@code speaking} makes of the link's first: a test drops chosen segments of the endpoint's
     * so.
     */
    public TcpEndpoint endpoint(String name, EndpointConfig config, int port, Trace trace,
            UnaryOperator<SegmentSink> hearing, UnaryOperator<SegmentCarrier> speaking) {
        Objects.requireNonNull(hearing, "hearing");
        Objects.requireNonNull(speaking, "speaking");
        return new TcpEndpoint(name, config, scheduler, this::wallNanos, IssGenerator.secure(this::wallNanos), trace,
                sink -> Objects.requireNonNull(speaking.apply(link.attach(port,
                        Objects.requireNonNull(hearing.apply(sink), "the sink hearing makes"))),
                        "the carrier speaking makes"));
    }

    /** Nanoseconds since this loop was made, by the wall clock: the endpoints' time. */
    private long wallNanos() {
        return System.nanoTime() - origin;
    }

    /**
     * Runs rounds until {@code step} returns true, at most {@code limit}. Throws an {@link IOException} that quotes
     * {@code progress} if the limit passes first, or if the device fails.
     */
    public void runUntil(BooleanSupplier step, Duration limit, Supplier<String> progress) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            level();
            if (step.getAsBoolean()) {
                return;
            }
            long now = System.nanoTime();
            if (now - deadline > 0) {
                throw new IOException("not done within " + limit.toSeconds() + " s: " + progress.get() + "; link: "
                        + link.stats());
            }
            long wait = Math.min(Duration.ofMillis(MAX_WAIT_MILLIS).toNanos(), deadline - now);
            OptionalLong timer = clock.nextDueNanos();
            if (timer.isPresent()) {
                wait = Math.min(wait, Math.max(0, timer.getAsLong() - clock.nanoTime()));
            }
            link.poll(Duration.ofNanos(wait));
        }
    }

    /** Makes the running loop call its step again soon. Thread-safe. */
    public void wakeup() {
        link.wakeup();
    }

    /** Moves the timers' clock to the wall clock, firing every timer that fell due meanwhile. */
    private void level() {
        long behind = wallNanos() - clock.nanoTime();
        if (behind > 0) {
            clock.advance(Duration.ofNanos(behind));
        }
    }
}
