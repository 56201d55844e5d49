package io.fsmgen.tcp.engine;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4, compared as RFC 1982 serial numbers).
 *
 * <p>{@code a} is less than {@code b} when going forward from {@code a} reaches {@code b} in fewer than 2^31 steps.
 * Two numbers exactly 2^31 apart are neither less nor greater than each other (RFC 1982 leaves that case undefined;
 * answering "no" both ways keeps {@code lt} antisymmetric). Window tests use unsigned offsets instead, which are
 * exact for any window size.
 *
 * <p>Numbers are the raw 32 bits in an {@code int}, as in {@link Segment}.
 */
public final class SeqNum {

    private SeqNum() {
    }

    /** {@code a < b} in sequence space. */
    public static boolean lt(int a, int b) {
        return b - a > 0;
    }

    /** {@code a =< b} in sequence space. */
    public static boolean le(int a, int b) {
        return a == b || lt(a, b);
    }

    /** {@code a > b} in sequence space. */
    public static boolean gt(int a, int b) {
        return lt(b, a);
    }

    /** {@code a >= b} in sequence space. */
    public static boolean ge(int a, int b) {
        return a == b || lt(b, a);
    }

    /**
     * {@code low =< x =< high}, going forward from {@code low}; the range wraps when {@code high} is numerically below
     * {@code low}. For the strict or half-open forms of §3.4 combine it with {@code !=}, or use {@link #inWindow}.
     */
    public static boolean between(int low, int x, int high) {
        return Integer.compareUnsigned(x - low, high - low) <= 0;
    }

    /**
     * {@code start =< x < start + size}: the receive-window test of §3.10.7.4 ({@code RCV.NXT =< SEG.SEQ <
     * RCV.NXT+RCV.WND}). An empty window contains nothing. {@code size} is read unsigned.
     */
    public static boolean inWindow(int start, int size, int x) {
        return Integer.compareUnsigned(x - start, size) < 0;
    }

    /** {@code a + n} modulo 2^32. */
    public static int add(int a, long n) {
        return (int) (a + n);
    }

    /** How far forward {@code to} is from {@code from}, 0 to 2^32 - 1. */
    public static long distance(int from, int to) {
        return Integer.toUnsignedLong(to - from);
    }

    /** The later of two numbers in sequence space ({@code a} if they are incomparable). */
    public static int max(int a, int b) {
        return lt(a, b) ? b : a;
    }

    /** The earlier of two numbers in sequence space ({@code a} if they are incomparable). */
    public static int min(int a, int b) {
        return lt(b, a) ? b : a;
    }

    /** The unsigned reading, for printing and arithmetic outside sequence space. */
    public static long unsigned(int a) {
        return Integer.toUnsignedLong(a);
    }
}
