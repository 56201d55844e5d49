package io.fsmgen.tcp.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * An in-memory IP network for TCP endpoints: deterministic, driven by a {@link VirtualClock}, with per-direction
 * loss, duplication, reordering and delay drawn from one seeded random stream. Given the same seed, the same
 * endpoints and the same calls, every run makes the same choices, so a failing seed can be replayed.
 *
 * <p>Delivery always goes through the clock, even with zero delay, so a sink is never called from inside a sender's
 * {@code send}: endpoints can send from within {@code receive} without re-entrancy.
 *
 * <p>Random draws happen only for features a link has turned on, in a fixed order (loss, reordering of the first
 * copy, duplication, reordering of the copy), so lossless links consume no randomness.
 *
 * <p>Each attachment has an MTU ({@link #DEFAULT_MTU} unless given). A datagram whose IPv4 packet (the segment plus a
 * 20-byte IP header) exceeds the smaller of the two ends' MTUs is dropped, as a router drops a packet with DF set
 * that it cannot forward, so an endpoint that ignores the MSS it was told fails visibly.
 */
public final class SimulatedNetwork {

    /** The MTU of an attachment that names none: Ethernet's. */
    public static final int DEFAULT_MTU = 1500;
    /** RFC 791: every IPv4 link carries at least 68 bytes. */
    public static final int MIN_MTU = 68;
    private static final int IPV4_HEADER_BYTES = 20;

    private final VirtualClock clock;
    private final SplittableRandom random;
    private final LinkProfile defaultProfile;
    private final Trace trace;
    private final Map<EndpointAddress, Attachment> attachments = new HashMap<>();
    private final Map<Direction, LinkProfile> profiles = new HashMap<>();
    private final List<ScriptedDrop> scriptedDrops = new ArrayList<>();
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    public SimulatedNetwork(VirtualClock clock, long seed, LinkProfile defaultProfile, Trace trace) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new SplittableRandom(seed);
        this.defaultProfile = Objects.requireNonNull(defaultProfile, "defaultProfile");
        this.trace = Objects.requireNonNull(trace, "trace");
    }

    public VirtualClock clock() {
        return clock;
    }

    public Trace trace() {
        return trace;
    }

    /**
     * Connects an endpoint at {@code address} with an MTU of {@link #DEFAULT_MTU}. {@code name} labels it in the
     * trace. Returns the carrier through which it sends; the carrier sends from {@code address}.
     */
    public SegmentCarrier attach(String name, EndpointAddress address, SegmentSink sink) {
        return attach(name, address, DEFAULT_MTU, sink);
    }

    /** Connects an endpoint at {@code address} whose link carries IPv4 packets of up to {@code mtu} bytes. */
    public SegmentCarrier attach(String name, EndpointAddress address, int mtu, SegmentSink sink) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sink, "sink");
        if (mtu < MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("an IPv4 MTU must be " + MIN_MTU + " to 65535 bytes: " + mtu);
        }
        if (attachments.containsKey(address)) {
            throw new IllegalStateException(address + " is already attached as " + attachments.get(address).name);
        }
        Attachment attachment = new Attachment(name, address, mtu, sink);
        attachments.put(address, attachment);
        return attachment;
    }

    /** Disconnects the endpoint at {@code address}; datagrams still in flight to it will be dropped. */
    public void detach(EndpointAddress address) {
        attachments.remove(address);
    }

    /** Sets how datagrams from {@code from} to {@code to} are treated; the other direction is unaffected. */
    public void setProfile(EndpointAddress from, EndpointAddress to, LinkProfile profile) {
        profiles.put(new Direction(from, to), Objects.requireNonNull(profile, "profile"));
    }

    /** Sets the same profile for both directions between {@code a} and {@code b}. */
    public void setProfileBothWays(EndpointAddress a, EndpointAddress b, LinkProfile profile) {
        setProfile(a, b, profile);
        setProfile(b, a, profile);
    }

    /** The profile in force from {@code from} to {@code to}. */
    public LinkProfile profile(EndpointAddress from, EndpointAddress to) {
        return profiles.getOrDefault(new Direction(from, to), defaultProfile);
    }

    /**
     * Drops the next {@code times} datagrams that {@code match}, before any random choice is made for them, so that
     * a scenario ("the final ACK is lost") is scripted exactly. {@code why} appears in the trace.
     */
    public void dropMatching(String why, Predicate<Datagram> match, int times) {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(match, "match");
        if (times > 0) {
            scriptedDrops.add(new ScriptedDrop(why, match, times));
        }
    }

    /** Drops the next datagram that {@code match}. */
    public void dropNext(String why, Predicate<Datagram> match) {
        dropMatching(why, match, 1);
    }

    public NetworkStats stats() {
        return new NetworkStats(sent, delivered, dropped, duplicated);
    }

    /** Runs the clock until nothing is pending or {@code maxTasks} tasks have run. */
    public RunResult runUntilIdle(int maxTasks) {
        return clock.runUntilIdle(maxTasks);
    }

    /** Advances the clock by {@code duration}, delivering and firing whatever falls due. */
    public RunResult advance(Duration duration) {
        return clock.advance(duration);
    }

    private void transmit(Attachment from, EndpointAddress to, byte[] bytes) {
        Datagram datagram = new Datagram(from.address, to, bytes);
        String toName = nameOf(to);
        sent++;
        if (!attachments.containsKey(from.address) || attachments.get(from.address) != from) {
            drop(from.name, toName, datagram, "the sender is detached");
            return;
        }
        Attachment receiver = attachments.get(to);
        int pathMtu = receiver == null ? from.mtu : Math.min(from.mtu, receiver.mtu);
        if (bytes.length + IPV4_HEADER_BYTES > pathMtu) {
            drop(from.name, toName, datagram, "a " + (bytes.length + IPV4_HEADER_BYTES)
                    + "-byte packet exceeds the path MTU of " + pathMtu + " and may not be fragmented");
            return;
        }
        String scripted = takeScriptedDrop(datagram);
        if (scripted != null) {
            drop(from.name, toName, datagram, scripted);
            return;
        }
        LinkProfile profile = profile(from.address, to);
        if (profile.lossRate() > 0 && random.nextDouble() < profile.lossRate()) {
            drop(from.name, toName, datagram, "lost on the link");
            return;
        }
        trace.record(TransmissionKind.SENT, from.name, toName, datagram, "");
        scheduleDelivery(from.name, datagram, profile);
        if (profile.duplicateRate() > 0 && random.nextDouble() < profile.duplicateRate()) {
            duplicated++;
            trace.record(TransmissionKind.DUPLICATED, from.name, toName, datagram, "");
            scheduleDelivery(from.name, datagram, profile);
        }
    }

    private String takeScriptedDrop(Datagram datagram) {
        for (Iterator<ScriptedDrop> it = scriptedDrops.iterator(); it.hasNext(); ) {
            ScriptedDrop drop = it.next();
            if (drop.match.test(datagram)) {
                if (--drop.remaining == 0) {
                    it.remove();
                }
                return drop.why;
            }
        }
        return null;
    }

    private void scheduleDelivery(String fromName, Datagram datagram, LinkProfile profile) {
        long delay = profile.baseDelay().toNanos();
        long extra = profile.reorderDelay().toNanos();
        if (profile.reorderRate() > 0 && extra > 0 && random.nextDouble() < profile.reorderRate()) {
            delay += 1 + random.nextLong(extra);
        }
        clock.schedule(Duration.ofNanos(delay), () -> deliver(fromName, datagram));
    }

    private void deliver(String fromName, Datagram datagram) {
        Attachment target = attachments.get(datagram.destination());
        if (target == null) {
            drop(fromName, datagram.destination().toString(), datagram, "no endpoint at " + datagram.destination());
            return;
        }
        delivered++;
        trace.record(TransmissionKind.DELIVERED, fromName, target.name, datagram, "");
        target.sink.receive(datagram);
    }

    private void drop(String fromName, String toName, Datagram datagram, String why) {
        dropped++;
        trace.record(TransmissionKind.DROPPED, fromName, toName, datagram, why);
    }

    private String nameOf(EndpointAddress address) {
        Attachment attachment = attachments.get(address);
        return attachment == null ? address.toString() : attachment.name;
    }

    private record Direction(EndpointAddress from, EndpointAddress to) {
    }

    private static final class ScriptedDrop {
        final String why;
        final Predicate<Datagram> match;
        int remaining;

        ScriptedDrop(String why, Predicate<Datagram> match, int remaining) {
            this.why = why;
            this.match = match;
            this.remaining = remaining;
        }
    }

    private final class Attachment implements SegmentCarrier {
        final String name;
        final EndpointAddress address;
        final int mtu;
        final SegmentSink sink;

        Attachment(String name, EndpointAddress address, int mtu, SegmentSink sink) {
            this.name = name;
            this.address = Objects.requireNonNull(address, "address");
            this.mtu = mtu;
            this.sink = sink;
        }

        @Override
        public EndpointAddress localAddress() {
            return address;
        }

        @Override
        public int mtu() {
            return mtu;
        }

        @Override
        public void send(EndpointAddress destination, byte[] bytes) {
            transmit(this, Objects.requireNonNull(destination, "destination"), Objects.requireNonNull(bytes, "bytes"));
        }

        @Override
        public String toString() {
            return name + "@" + address;
        }
    }
}
