package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a failed connect was refused (a RST, or an ICMP port unreachable, answered the SYN: ECONNREFUSED) rather than
 * timed out in the kernel (ETIMEDOUT). The JDK throws {@link ConnectException} for both and gives no errno: only
 * {@code strerror}'s text, which glibc translates into the process's language ({@code LC_MESSAGES}, which the
 * {@code java} launcher takes from {@code LANG} and {@code LC_ALL}): under {@code de_DE.UTF-8} a refusal reads
 * "Verbindungsaufbau abgelehnt", and a check for the English "refused" took it for a timeout.
 *
 * <p>So the text of ECONNREFUSED is learnt from this JVM itself, once: a Unix-domain connect to a file that is no
 * socket fails with ECONNREFUSED through the same JDK path ({@code handleSocketError}) and touches no network, so no
 * TCP socket or kernel transition comes of it. If that cannot be done (no temporary directory), glibc's English text
 * is assumed.
 */
final class ConnectRefusal {

    /** glibc's text for ECONNREFUSED in the C locale, when it cannot be learnt. */
    static final String ENGLISH = "Connection refused";

    private ConnectRefusal() {}

    /** Whether {@code e}, a failed connect's exception, says ECONNREFUSED (or says nothing, as a refusal did). */
    static boolean refused(Exception e) {
        if (!(e instanceof ConnectException)) {
            return false;
        }
        String message = e.getMessage();
        return message == null || message.contains(Learnt.TEXT);
    }

    /** The text, learnt once per JVM (the process's language does not change once it runs); immutable after. */
    private static final class Learnt {
        static final String TEXT = learn();

        private static String learn() {
            try {
                Path notASocket = Files.createTempFile("fsmgen-econnrefused", ".file");
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(notASocket));
                } catch (ConnectException e) {
                    return e.getMessage() == null || e.getMessage().isEmpty() ? ENGLISH : e.getMessage();
                } finally {
                    Files.deleteIfExists(notASocket);
                }
            } catch (IOException | RuntimeException e) {
                NioTcpRuntime.LOG.log(Level.DEBUG,
                        "cannot learn the text of ECONNREFUSED, assuming '" + ENGLISH + "': " + e);
            }
            return ENGLISH;
        }
    }
}
