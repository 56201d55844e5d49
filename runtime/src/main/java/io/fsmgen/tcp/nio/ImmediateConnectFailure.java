package io.fsmgen.tcp.nio;

import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;

/**
 * Where in the kernel's connect a {@code connect()} that failed at once stopped: before the socket entered SYN_SENT
 * (no TCB ever existed, no SYN left: the TCP machine must not leave CLOSED) or after it (SYN_SENT, then back to
 * CLOSE: the machine passes SYN_SENT as the kernel did).
 *
 * <p>Linux's {@code tcp_v4_connect} and {@code tcp_v6_connect} look the route up before
 * {@code tcp_set_state(sk, TCP_SYN_SENT)}: no route or a broadcast or multicast destination (ENETUNREACH), an
 * {@code unreachable} route (EHOSTUNREACH), a {@code prohibit} route (EACCES), a {@code blackhole} route (EINVAL), and
 * a cgroup's connect hook before them, fail with the socket still in CLOSE. After SYN_SENT come the ephemeral port
 * ({@code inet_hash_connect}: none free, EADDRNOTAVAIL) and the SYN itself ({@code tcp_connect}: ENOBUFS), whose
 * failure sets the socket back to CLOSE. Traced with {@code sock:inet_sock_set_state} on Linux 6.18, IPv4 and IPv6:
 * only the EADDRNOTAVAIL connect showed CLOSE -> SYN_SENT -> CLOSE.
 *
 * <p>The JDK gives no errno, only an exception class per errno group and the error's text: {@link BindException} is
 * EADDRINUSE, EADDRNOTAVAIL or EACCES, told apart by the text, in this JVM's language ({@link ErrnoTexts#denied()}:
 * a German-speaking JVM says "Keine Berechtigung"); a refusal or timeout ({@link ConnectException}) needs a SYN sent.
 * Anything else, and anything the JDK rejects before the system call, failed before SYN_SENT, where nearly every
 * reason a connect fails at once lies. ENOBUFS (a {@link SocketException}) is told by its texts in this JVM's
 * language too ({@link ErrnoTexts#noBuffers()}): in English only, a German-speaking JVM ("Kein Hauptspeicher
 * für den Puffer verfügbar") took a SYN that had left SYN_SENT for a connect that never entered it.
 */
final class ImmediateConnectFailure {

    private ImmediateConnectFailure() {}

    /** Whether the kernel had taken the socket to SYN_SENT before the connect that threw {@code e} failed. */
    static boolean passedSynSent(Exception e) {
        if (e instanceof ConnectException) {
            return true;
        }
        if (e instanceof BindException) {
            return !textSays(e, ErrnoTexts.denied()); // EACCES: a prohibit route or a policy, before SYN_SENT
        }
        return e instanceof SocketException // ENOBUFS: the SYN's skb
                && (textSays(e, ErrnoTexts.NO_BUFFERS_IN_ENGLISH)
                        || ErrnoTexts.noBuffers().stream().anyMatch(text -> textSays(e, text)));
    }

    private static boolean textSays(Exception e, String text) {
        return e.getMessage() != null && e.getMessage().contains(text);
    }
}
