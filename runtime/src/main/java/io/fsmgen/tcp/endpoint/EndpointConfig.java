package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.TcpConfig;
import io.fsmgen.tcp.engine.RetransmissionLimits;
import io.fsmgen.tcp.engine.RtoConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of an endpoint. Buffers are bounded because an unbounded one hides a peer that ignores the window;
 * {@code receiveBufferBytes} is at most 65535 because window scaling is not supported.
 *
 * @param mss                the largest segment text this side sends and announces in its SYN
 * @param sendBufferBytes    bytes a user may queue ahead of the peer's acknowledgment
 * @param receiveBufferBytes bytes held for the user; the advertised window is what is left of it
 * @param rto                RFC 6298 constants
 * @param synLimits          R1/R2 for a SYN or SYN+ACK (R2 at least 3 minutes, MUST-23)
 * @param dataLimits         R1/R2 for data and FIN
 * @param tcp                the machine's configuration (MSL)
 * @param backlog            half-open or unaccepted connections a listener holds before it drops new SYNs
 * @param finWait2Timeout    how long FIN_WAIT_2 waits on a silent peer before USER_TIMEOUT closes it, like Linux's
 *                           {@code tcp_fin_timeout} (the RFC has none, A7); every arriving segment restarts it, since
 *                           a CLOSE here is a half-close and the peer may still be sending; zero for no limit
 */
public record EndpointConfig(int mss, int sendBufferBytes, int receiveBufferBytes, RtoConfig rto,
        RetransmissionLimits synLimits, RetransmissionLimits dataLimits, TcpConfig tcp, int backlog,
        Duration finWait2Timeout) {

    public EndpointConfig {
        Objects.requireNonNull(rto, "rto");
        Objects.requireNonNull(synLimits, "synLimits");
        Objects.requireNonNull(dataLimits, "dataLimits");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(finWait2Timeout, "finWait2Timeout");
        if (finWait2Timeout.isNegative()) {
            throw new IllegalArgumentException("finWait2Timeout cannot be negative: " + finWait2Timeout);
        }
        if (mss < 1 || mss > 65_495) {
            throw new IllegalArgumentException("MSS must be 1 to 65495: " + mss);
        }
        if (sendBufferBytes < 1 || receiveBufferBytes < 1 || receiveBufferBytes > 0xFFFF) {
            throw new IllegalArgumentException("buffers must be positive, the receive buffer at most 65535: "
                    + sendBufferBytes + ", " + receiveBufferBytes);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
    }

    /**
     * For simulations: small buffers so that windows fill up, a 200 ms RTO floor and a 3 s ceiling so that lossy runs
     * end within seconds of virtual time, MSL 1 s (TIME-WAIT 2 s), the RFC's R2 values, FIN_WAIT_2 limited to 60 s
     * of silence.
     */
    public static EndpointConfig simulation() {
        return new EndpointConfig(536, 8192, 4096,
                new RtoConfig(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(3),
                        Duration.ofMillis(1)),
                RetransmissionLimits.forSyn(), RetransmissionLimits.forData(), TcpConfig.withMsl(Duration.ofSeconds(1)),
                16, Duration.ofSeconds(60));
    }

    /**
     * For real UDP on loopback: larger segments and buffers, the RFC's RTO and R2, MSL {@code msl}, FIN_WAIT_2
     * limited to 60 s as on Linux.
     */
    public static EndpointConfig loopback(Duration msl) {
        return new EndpointConfig(8192, 256 * 1024, 65_535,
                new RtoConfig(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(60),
                        Duration.ofMillis(1)),
                RetransmissionLimits.forSyn(), RetransmissionLimits.forData(), TcpConfig.withMsl(msl), 16,
                Duration.ofSeconds(60));
    }

    public EndpointConfig withBuffers(int sendBytes, int receiveBytes) {
        return new EndpointConfig(mss, sendBytes, receiveBytes, rto, synLimits, dataLimits, tcp, backlog,
                finWait2Timeout);
    }

    public EndpointConfig withMss(int newMss) {
        return new EndpointConfig(newMss, sendBufferBytes, receiveBufferBytes, rto, synLimits, dataLimits, tcp,
                backlog, finWait2Timeout);
    }

    public EndpointConfig withDataLimits(RetransmissionLimits limits) {
        return new EndpointConfig(mss, sendBufferBytes, receiveBufferBytes, rto, synLimits, limits, tcp, backlog,
                finWait2Timeout);
    }
}
