package io.fsmgen.tcp.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of RFC 9293 §3.8.3: after {@code r1} retransmissions of one segment the path is suspect and the
 * application may be told; once {@code r2} has elapsed since the segment was first sent, the connection is given up.
 *
 * @param r1 retransmissions after which the path is reported as suspect (MUST-20 suggests at least 3)
 * @param r2 time after the first transmission at which to give up (at least 100 s for data, 3 min for a SYN)
 */
public record RetransmissionLimits(int r1, Duration r2) {

    /** MUST-23: R2 for a SYN must allow at least 3 minutes. */
    public static final Duration MIN_SYN_R2 = Duration.ofMinutes(3);
    /** The recommended lower bound of R2 for data and FIN (§3.8.3). */
    public static final Duration RECOMMENDED_DATA_R2 = Duration.ofSeconds(100);

    public RetransmissionLimits {
        Objects.requireNonNull(r2, "r2");
        if (r1 < 0 || (r2.isNegative() || r2.isZero())) {
            throw new IllegalArgumentException("R1 must be >= 0 and R2 positive: " + r1 + ", " + r2);
        }
    }

    /** R1 = 3 retransmissions, R2 = 100 s. */
    public static RetransmissionLimits forData() {
        return new RetransmissionLimits(3, RECOMMENDED_DATA_R2);
    }

    /** R1 = 3 retransmissions, R2 = 3 min, the least MUST-23 allows. */
    public static RetransmissionLimits forSyn() {
        return forSyn(MIN_SYN_R2);
    }

    /** Limits for a SYN; refuses an R2 below the 3 minutes MUST-23 requires, since that would break the RFC. */
    public static RetransmissionLimits forSyn(Duration r2) {
        if (r2.compareTo(MIN_SYN_R2) < 0) {
            throw new IllegalArgumentException("R2 for a SYN must be at least 3 minutes (RFC 9293 MUST-23): " + r2);
        }
        return new RetransmissionLimits(3, r2);
    }
}
