package io.fsmgen.tcp.engine;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Chooses initial sequence numbers as RFC 6528 recommends: {@code ISN = M + F(4-tuple, secret)}, where {@code M} is a
 * clock ticking every 4 microseconds (RFC 9293 §3.4.1) and {@code F} is a keyed hash, here SipHash-2-4.
 *
 * <p>The clock term keeps successive incarnations of one 4-tuple moving forward, so old duplicates fall behind the
 * new ISS; the hash term makes the ISS of each 4-tuple unguessable from the outside. Both are injected so that a
 * simulation with a seed and a virtual clock produces the same numbers every run.
 */
public final class IssGenerator {

    /** RFC 9293 §3.4.1: the ISN clock advances once every 4 microseconds. */
    public static final long NANOS_PER_TICK = 4_000;

    private final SipHash24 hash;
    private final LongSupplier nanoTime;

    private IssGenerator(SipHash24 hash, LongSupplier nanoTime) {
        this.hash = hash;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** A generator whose secret is derived from {@code seed}: reproducible, so for tests and simulations only. */
    public static IssGenerator seeded(long seed, LongSupplier nanoTime) {
        SplittableRandom random = new SplittableRandom(seed);
        return new IssGenerator(new SipHash24(random.nextLong(), random.nextLong()), nanoTime);
    }

    /** A generator with the given 16-byte secret. */
    public static IssGenerator withSecret(byte[] secret, LongSupplier nanoTime) {
        return new IssGenerator(SipHash24.ofKey(secret), nanoTime);
    }

    /** A generator with a fresh secret from {@link SecureRandom}, for real use. */
    public static IssGenerator secure(LongSupplier nanoTime) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return withSecret(secret, nanoTime);
    }

    /** The ISS for a connection from {@code local} to {@code remote}, at the clock's current time. */
    public int next(EndpointAddress local, EndpointAddress remote) {
        long ticks = Math.floorDiv(nanoTime.getAsLong(), NANOS_PER_TICK);
        return (int) (ticks + offset(local, remote));
    }

    /** F(4-tuple, secret): the part of the ISS that does not depend on time. */
    public int offset(EndpointAddress local, EndpointAddress remote) {
        byte[] tuple = new byte[12];
        putAddress(tuple, 0, local);
        putAddress(tuple, 6, remote);
        return (int) hash.hash(tuple);
    }

    /**
     * The offset added to this side's timestamp clock on the connection from {@code local} to {@code remote}, as
     * RFC 7323 §7.1 recommends, so that TSval reveals neither uptime nor the clocks of other connections. The same
     * keyed hash over the 4-tuple as the ISS, with a marker byte so that neither value gives the other away.
     */
    public int timestampOffset(EndpointAddress local, EndpointAddress remote) {
        byte[] tuple = new byte[13];
        putAddress(tuple, 0, local);
        putAddress(tuple, 6, remote);
        tuple[12] = 'T';
        return (int) hash.hash(tuple);
    }

    private static void putAddress(byte[] into, int at, EndpointAddress address) {
        int ip = address.ip().bits();
        into[at] = (byte) (ip >>> 24);
        into[at + 1] = (byte) (ip >>> 16);
        into[at + 2] = (byte) (ip >>> 8);
        into[at + 3] = (byte) ip;
        into[at + 4] = (byte) (address.port() >>> 8);
        into[at + 5] = (byte) address.port();
    }
}
