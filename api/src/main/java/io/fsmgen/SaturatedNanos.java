package io.fsmgen;

import java.time.Duration;

/**
 * Nanosecond arithmetic for delays that stops at {@link Long#MAX_VALUE} instead of failing or wrapping around. A
 * long holds about 292 years of nanoseconds, and a timeout method may well return more to mean "never"
 * ({@code Duration.ofSeconds(Long.MAX_VALUE)}, {@code ChronoUnit.FOREVER.getDuration()}): {@link Duration#toNanos()}
 * throws on it, and a due time computed by plain addition wraps into the past, where a task runs at once.
 */
final class SaturatedNanos {

    private SaturatedNanos() {}

    /** {@code delay} in nanoseconds, or {@link Long#MAX_VALUE} when it holds more; not negative for a non-negative delay. */
    static long of(Duration delay) {
        return delay.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE
                : delay.compareTo(Duration.ofNanos(Long.MIN_VALUE)) <= 0 ? Long.MIN_VALUE
                : delay.toNanos();
    }

    /** {@code time + nanos} for a non-negative {@code nanos}, stopping at {@link Long#MAX_VALUE}. */
    static long plus(long time, long nanos) {
        long sum = time + nanos;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
