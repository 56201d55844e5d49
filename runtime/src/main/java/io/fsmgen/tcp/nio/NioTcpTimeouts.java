package io.fsmgen.tcp.nio;

import java.time.Duration;

/**
 * The timeouts {@link NioTcpSpec} declares. A null duration disables that timeout.
 *
 * @param connect  how long SYN_SENT may last (connect timeout)
 * @param finWait2 how long FIN_WAIT_2 may last, like Linux's {@code tcp_fin_timeout} (60 s by default)
 * @param idle     how long ESTABLISHED may last without data received; null (the default) for no idle timeout
 */
public record NioTcpTimeouts(Duration connect, Duration finWait2, Duration idle) {

    /** Connect 10 s, FIN_WAIT_2 60 s, no idle timeout. */
    public static final NioTcpTimeouts DEFAULT = new NioTcpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), null);

    public NioTcpTimeouts {
        check(connect, "connect");
        check(finWait2, "finWait2");
        check(idle, "idle");
    }

    public NioTcpTimeouts withConnect(Duration d) {
        return new NioTcpTimeouts(d, finWait2, idle);
    }

    public NioTcpTimeouts withFinWait2(Duration d) {
        return new NioTcpTimeouts(connect, d, idle);
    }

    public NioTcpTimeouts withIdle(Duration d) {
        return new NioTcpTimeouts(connect, finWait2, d);
    }

    private static void check(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " timeout must be positive: " + d);
        }
    }
}
