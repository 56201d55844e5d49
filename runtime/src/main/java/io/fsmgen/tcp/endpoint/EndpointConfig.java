package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.RtoConfig;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpOption;
import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of an endpoint. Buffers are bounded because an unbounded one hides a peer that ignores the window.
 *
 * @param mssLimit           a cap on the MSS this side announces and sends, below what the carrier's MTU allows
 *                           (MTU − 40, RFC 9293 §3.7.1); {@link #NO_MSS_LIMIT} to take the MTU's
 * @param sendBufferBytes    bytes a user may queue ahead of the peer's acknowledgment
 * @param receiveBufferBytes bytes held for the user; the advertised window is what is left of it. Up to 2^30: beyond
 *                           65535 it is announced through window scaling, with the smallest shift that covers it
 * @param rto                RFC 6298 constants
 * @param synLimits          R1/R2 for a SYN or SYN+ACK (R2 at least 3 minutes, MUST-23)
 * @param dataLimits         R1/R2 for data and FIN
 * @param tcp                the machine's configuration (MSL)
 * @param backlog            half-open or unaccepted connections a listener holds before it drops new SYNs
 * @param finWait2Timeout    how long FIN_WAIT_2 waits on a silent peer before USER_TIMEOUT closes it, like Linux's
 *                           {@code tcp_fin_timeout} (the RFC has none, A7); every arriving segment restarts it, since
 *                           a CLOSE here is a half-close and the peer may still be sending; zero for no limit
 * @param extensions         the options offered in a SYN and accepted from the peer's
 */
public record EndpointConfig(int mssLimit, int sendBufferBytes, int receiveBufferBytes, RtoConfig rto,
        RetransmissionLimits synLimits, RetransmissionLimits dataLimits, TcpConfig tcp, int backlog,
        Duration finWait2Timeout, TcpExtensions extensions) {

    /** The largest MSS an IPv4 packet can carry, 65535 − 40: as a limit, none at all. */
    public static final int NO_MSS_LIMIT = 65_495;
    /**
     * The receive buffer of {@link #loopback}: 4 MiB, so that even a 1 ms round trip is not held to one 64 KiB
     * window per RTT (4 GiB/s of window at 1 ms); Linux's {@code tcp_rmem} grows to 6 MiB by default.
     */
    public static final int LARGE_RECEIVE_BUFFER = 4 << 20;

    public EndpointConfig {
        Objects.requireNonNull(rto, "rto");
        Objects.requireNonNull(synLimits, "synLimits");
        Objects.requireNonNull(dataLimits, "dataLimits");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(finWait2Timeout, "finWait2Timeout");
        Objects.requireNonNull(extensions, "extensions");
        if (finWait2Timeout.isNegative()) {
            throw new IllegalArgumentException("finWait2Timeout cannot be negative: " + finWait2Timeout);
        }
        if (mssLimit < 1 || mssLimit > NO_MSS_LIMIT) {
            throw new IllegalArgumentException("the MSS limit must be 1 to " + NO_MSS_LIMIT + ": " + mssLimit);
        }
        if (sendBufferBytes < 1 || receiveBufferBytes < 1 || receiveBufferBytes > Tcb.MAX_WINDOW) {
            throw new IllegalArgumentException("buffers must be positive, the receive buffer at most 2^30 (the"
                    + " largest window scaling can announce): " + sendBufferBytes + ", " + receiveBufferBytes);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
    }

    /**
     * For simulations: small buffers so that windows fill up, segments of at most 536 bytes, a 200 ms RTO floor and
     * a 3 s ceiling so that lossy runs end within seconds of virtual time, MSL 1 s (TIME-WAIT 2 s), the RFC's R2
     * values, FIN_WAIT_2 limited to 60 s of silence, every extension on.
     */
    public static EndpointConfig simulation() {
        return new EndpointConfig(536, 8192, 4096,
                new RtoConfig(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(3),
                        Duration.ofMillis(1)),
                RetransmissionLimits.forSyn(), RetransmissionLimits.forData(), TcpConfig.withMsl(Duration.ofSeconds(1)),
                16, Duration.ofSeconds(60), TcpExtensions.ALL);
    }

    /**
     * For real links: segments as large as the carrier's MTU allows, a 4 MiB receive buffer (window scale 7), a
     * 4 MiB send buffer, RFC 6298's RTO with Linux's 200 ms floor (and the RFC's, and Linux's, initial 1 s: a SYN is
     * not sent again while a round trip of up to a second may still answer it), the RFC's R2, MSL {@code msl},
     * FIN_WAIT_2 limited to 60 s as on Linux, every extension on.
     */
    public static EndpointConfig loopback(Duration msl) {
        return new EndpointConfig(NO_MSS_LIMIT, LARGE_RECEIVE_BUFFER, LARGE_RECEIVE_BUFFER,
                new RtoConfig(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(60),
                        Duration.ofMillis(1)),
                RetransmissionLimits.forSyn(), RetransmissionLimits.forData(), TcpConfig.withMsl(msl), 16,
                Duration.ofSeconds(60), TcpExtensions.ALL);
    }

    /**
     * The window-scale shift this side announces: the smallest that lets 16 bits describe the whole receive buffer
     * (RFC 7323 §2.3), as Linux's {@code tcp_select_initial_window} chooses it for its largest buffer.
     */
    public int receiveWindowShift() {
        int shift = 0;
        while (shift < TcpOption.WindowScale.MAX_SHIFT && (receiveBufferBytes >>> shift) > 0xFFFF) {
            shift++;
        }
        return shift;
    }

    public EndpointConfig withBuffers(int sendBytes, int receiveBytes) {
        return new EndpointConfig(mssLimit, sendBytes, receiveBytes, rto, synLimits, dataLimits, tcp, backlog,
                finWait2Timeout, extensions);
    }

    public EndpointConfig withMssLimit(int limit) {
        return new EndpointConfig(limit, sendBufferBytes, receiveBufferBytes, rto, synLimits, dataLimits, tcp,
                backlog, finWait2Timeout, extensions);
    }

    public EndpointConfig withRto(RtoConfig newRto) {
        return new EndpointConfig(mssLimit, sendBufferBytes, receiveBufferBytes, newRto, synLimits, dataLimits, tcp,
                backlog, finWait2Timeout, extensions);
    }

    public EndpointConfig withDataLimits(RetransmissionLimits limits) {
        return new EndpointConfig(mssLimit, sendBufferBytes, receiveBufferBytes, rto, synLimits, limits, tcp, backlog,
                finWait2Timeout, extensions);
    }

    public EndpointConfig withExtensions(TcpExtensions offered) {
        return new EndpointConfig(mssLimit, sendBufferBytes, receiveBufferBytes, rto, synLimits, dataLimits, tcp,
                backlog, finWait2Timeout, offered);
    }
}
