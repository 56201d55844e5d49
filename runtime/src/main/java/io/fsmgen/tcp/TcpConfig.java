package io.fsmgen.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the TCP machine.
 *
 * @param msl the Maximum Segment Lifetime; TIME-WAIT lasts 2·MSL (RFC 9293 §3.4.2, MUST-13)
 */
public record TcpConfig(Duration msl) {

    /** MSL 30 s, so TIME-WAIT lasts 60 s as on Linux ({@code TCP_TIMEWAIT_LEN}). The default. */
    public static final TcpConfig DEFAULT = new TcpConfig(Duration.ofSeconds(30));

    /** The RFC's engineering choice, MSL = 2 minutes, so TIME-WAIT lasts 4 minutes (§3.4.2). */
    public static final TcpConfig RFC_9293 = new TcpConfig(Duration.ofMinutes(2));

    public TcpConfig {
        Objects.requireNonNull(msl, "msl");
        if (msl.isNegative() || msl.isZero()) {
            throw new IllegalArgumentException("MSL must be positive: " + msl);
        }
    }

    /** A configuration with this MSL. */
    public static TcpConfig withMsl(Duration msl) {
        return new TcpConfig(msl);
    }

    /** How long TIME-WAIT lingers: 2·MSL. */
    public Duration timeWait() {
        return msl.multipliedBy(2);
    }
}
