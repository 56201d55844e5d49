package io.fsmgen.tcp.watch;

import io.fsmgen.tcp.TcpState;
import java.util.EnumMap;
import java.util.Map;

/**
 * Time spent in each RFC state, as log-scale histograms (8 buckets per doubling, so a percentile is within 9% of the
 * true value) of fixed size: memory stays bounded however many connections pass. Not thread-safe: one writer.
 */
public final class TimeInState {

    private static final int SUB = 8;
    private static final int BUCKETS = 64 * SUB;
    private final Map<TcpState, long[]> histograms = new EnumMap<>(TcpState.class);
    private final Map<TcpState, Long> max = new EnumMap<>(TcpState.class);

    /** Records {@code nanos} spent in {@code state}. */
    public void record(TcpState state, long nanos) {
        long n = Math.max(1, nanos);
        histograms.computeIfAbsent(state, s -> new long[BUCKETS])[bucket(n)]++;
        max.merge(state, n, Math::max);
    }

    static int bucket(long n) {
        int exp = 63 - Long.numberOfLeadingZeros(n);
        int frac = exp >= 3 ? (int) ((n >>> (exp - 3)) & (SUB - 1)) : (int) ((n << (3 - exp)) & (SUB - 1));
        return Math.min(BUCKETS - 1, exp * SUB + frac);
    }

    static long lowerBound(int bucket) {
        int exp = bucket / SUB;
        int frac = bucket % SUB;
        return exp >= 3 ? (long) (SUB + frac) << (exp - 3) : (SUB + frac) >> (3 - exp);
    }

    /** Samples recorded for {@code state}. */
    public long count(TcpState state) {
        long[] h = histograms.get(state);
        long c = 0;
        if (h != null) {
            for (long x : h) {
                c += x;
            }
        }
        return c;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in nanoseconds, or -1 without samples. */
    public long percentile(TcpState state, double p) {
        long[] h = histograms.get(state);
        long total = count(state);
        if (h == null || total == 0) {
            return -1;
        }
        if (p >= 100) {
            return max.get(state);
        }
        long rank = (long) Math.ceil(total * p / 100.0);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += h[b];
            if (seen >= rank) {
                return Math.min(max.get(state), lowerBound(b));
            }
        }
        return max.get(state);
    }

    /** The states with samples, in RFC order. */
    public Iterable<TcpState> states() {
        return histograms.keySet();
    }
}
