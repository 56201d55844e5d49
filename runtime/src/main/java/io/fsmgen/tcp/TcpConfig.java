package io.fsmgen.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the TCP machine.
 *
 * @param msl the Maximum Segment Lifetime (RFC 9293 §3.4.2)
 * @param timeWait how long TIME-WAIT lingers: 2·MSL (MUST-13). A component rather than a computation so that every
 *     machine sharing this configuration shares the value: {@code Duration} arithmetic allocates, and TIME-WAIT is
 *     entered on every active close.
 */
public record TcpConfig(Duration msl, Duration timeWait) {

    /** MSL 30 s, so TIME-WAIT lasts 60 s as on Linux ({@code TCP_TIMEWAIT_LEN}). The default. */
    public static final TcpConfig DEFAULT = new TcpConfig(Duration.ofSeconds(30));

    /** The RFC's engineering choice, MSL = 2 minutes, so TIME-WAIT lasts 4 minutes (§3.4.2). */
    public static final TcpConfig RFC_9293 = new TcpConfig(Duration.ofMinutes(2));

    public TcpConfig {
        Objects.requireNonNull(msl, "msl");
        Objects.requireNonNull(timeWait, "timeWait");
        if (msl.isNegative() || msl.isZero()) {
            throw new IllegalArgumentException("MSL must be positive: " + msl);
        }
        if (!timeWait.equals(msl.multipliedBy(2))) {
            throw new IllegalArgumentException("TIME-WAIT must be 2·MSL (" + msl.multipliedBy(2) + "), not " + timeWait);
        }
    }

    /** A configuration with this MSL; TIME-WAIT is 2·MSL. */
    public TcpConfig(Duration msl) {
        this(msl, Objects.requireNonNull(msl, "msl").multipliedBy(2));
    }

    /** A configuration with this MSL. */
    public static TcpConfig withMsl(Duration msl) {
        return new TcpConfig(msl);
    }

}
