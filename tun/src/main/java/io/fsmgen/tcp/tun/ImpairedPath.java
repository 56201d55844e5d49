package io.fsmgen.tcp.tun;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One direction of an {@link Impairment}: packets go in with {@link #offer}, and come out of {@link #release}, in
 * order, once due, unless dropped or overtaken, some twice. Single-threaded; time is {@link System#nanoTime()}, passed in.
 */
final class ImpairedPath {

    private final Impairment impairment;
    private final SplittableRandom random;
    /** Duplication draws from its own generator: a seed's losses and reorderings are the same with or without it. */
    private final SplittableRandom copies;
    private final long delayNanos;
    private final long holdNanos;
    private final ArrayDeque<Timed> line = new ArrayDeque<>();
    private Timed held;
    private long dropped;
    private long reordered;
    private long duplicated;

    ImpairedPath(Impairment impairment, long stream) {
        this.impairment = impairment;
        this.random = new SplittableRandom(impairment.seed() * 31 + stream);
        this.copies = new SplittableRandom(~(impairment.seed() * 31 + stream));
        this.delayNanos = impairment.delay().toNanos();
        this.holdNanos = impairment.reorderHold().toNanos();
    }

    /** Takes a packet that is now at this end of the path (the caller gives up {@code packet}). */
    void offer(byte[] packet, long now) {
        if (impairment.loss() > 0 && random.nextDouble() < impairment.loss()) {
            dropped++;
            return;
        }
        boolean twice = impairment.duplicate() > 0 && copies.nextDouble() < impairment.duplicate();
        if (twice) {
            duplicated++;
            line.add(new Timed(now + delayNanos, packet.clone())); // behind what is queued; the original follows
        }
        if (impairment.reorder() > 0 && random.nextDouble() < impairment.reorder() && held == null) {
            held = new Timed(now + delayNanos + holdNanos, packet);
            reordered++;
            return;
        }
        line.add(new Timed(now + delayNanos, packet));
        if (held != null) {
            line.add(new Timed(now + delayNanos, held.packet)); // overtaken: it leaves right after this one
            held = null;
        }
    }

    /** Hands every packet due at {@code now} to {@code out}, oldest first. */
    void release(long now, Consumer<byte[]> out) {
        while (!line.isEmpty() && line.peek().due - now <= 0) {
            out.accept(line.poll().packet);
        }
        if (held != null && held.due - now <= 0) {
            byte[] packet = held.packet;
            held = null;
            out.accept(packet);
        }
    }

    /** When the next packet falls due, if any is waiting. */
    OptionalLong nextDue() {
        long next = Long.MAX_VALUE;
        boolean any = false;
        if (!line.isEmpty()) {
            next = line.peek().due;
            any = true;
        }
        if (held != null && (!any || held.due - next < 0)) {
            next = held.due;
            any = true;
        }
        return any ? OptionalLong.of(next) : OptionalLong.empty();
    }

    long dropped() {
        return dropped;
    }

    long reordered() {
        return reordered;
    }

    long duplicated() {
        return duplicated;
    }

    private record Timed(long due, byte[] packet) {
    }
}
