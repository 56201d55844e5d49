package io.fsmgen.tcp.kernel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One row of {@code /proc/net/tcp} or {@code /proc/net/tcp6}: what the kernel holds for one socket.
 *
 * <p>Addresses are already decoded; an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) from
 * {@code tcp6} is represented as the plain IPv4 address, because that is how Java reports the
 * addresses of a dual-stack socket talking IPv4, and so that one lookup finds it in either file.
 *
 * @param local        local address and port
 * @param remote       remote address and port (the unspecified address and port 0 for a listener)
 * @param state        the kernel state ({@code st}); for a timewait minisocket this is its substate
 * @param txQueue      sequence space sent or queued but not acknowledged ({@code write_seq - snd_una}):
 *                     unacknowledged bytes, plus 1 for our FIN once it is queued; 0 for minisockets
 * @param rxQueue      sequence space received and not yet read ({@code rcv_nxt - copied_seq}):
 *                     unread bytes, plus 1 for a FIN the application has not yet read as end of
 *                     stream (so a CLOSE-WAIT socket holding 6 unread bytes shows 7); for a
 *                     listener, the current accept-queue length ({@code rx_queue})
 * @param timer        the pending timer kind ({@code tr})
 * @param timerTicks   time until that timer fires, in clock ticks ({@code USER_HZ}; {@code tm->when})
 * @param retransmits  retransmit timeouts not yet recovered from; for a request socket, the SYN-ACK
 *                     timeouts so far; 0 for timewait minisockets ({@code retrnsmt})
 * @param uid          effective user id of the socket's owner (0 for timewait minisockets)
 * @param inode        inode of the socket; 0 when no file refers to it (orphans and minisockets)
 */
public record KernelSocketEntry(
        InetSocketAddress local,
        InetSocketAddress remote,
        KernelTcpState state,
        long txQueue,
        long rxQueue,
        KernelTimer timer,
        long timerTicks,
        long retransmits,
        long uid,
        long inode) {

    /**
     * The clock-tick rate of {@code tm->when}. Linux converts jiffies to {@code USER_HZ}, which is
     * 100 on every architecture the JDK runs on.
     */
    public static final int USER_HZ = 100;

    /** Checks that the addresses are resolved and the counters are not negative. */
    public KernelSocketEntry {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timer, "timer");
        if (local.isUnresolved() || remote.isUnresolved()) {
            throw new IllegalArgumentException("addresses must be resolved: " + local + " " + remote);
        }
        if (txQueue < 0 || rxQueue < 0 || timerTicks < 0 || retransmits < 0 || uid < 0 || inode < 0) {
            throw new IllegalArgumentException("negative counter in kernel socket entry");
        }
    }

    /**
     * True when no open file refers to this socket: either a full socket orphaned by {@code close()}
     * (FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK after close) or a minisocket (TIME-WAIT, or a
     * passive request socket). Why useful: such a socket can only be matched by its 4-tuple, and
     * it proves the application already closed its channel.
     */
    public boolean orphanOrMinisocket() {
        return inode == 0;
    }

    /**
     * True for a timewait minisocket. Its {@link #state()} is its substate: {@link KernelTcpState#TIME_WAIT},
     * or {@link KernelTcpState#FIN_WAIT2} for an orphaned FIN-WAIT-2 the kernel converted early.
     */
    public boolean timewaitMinisocket() {
        return timer == KernelTimer.TIME_WAIT;
    }

    /** {@link #timerTicks()} as a duration, assuming {@link #USER_HZ}. */
    public Duration timerRemaining() {
        return Duration.ofMillis(timerTicks * (1000L / USER_HZ));
    }
}
