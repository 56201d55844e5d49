package io.fsmgen.tcp.nio;

import java.net.ConnectException;

/**
 * Whether a failed connect was refused (a RST, or an ICMP port unreachable, answered the SYN: ECONNREFUSED) rather than
 * timed out in the kernel (ETIMEDOUT). The JDK throws {@link ConnectException} for both and gives no errno: only
 * {@code strerror}'s text, in the process's language, so the text of ECONNREFUSED is the one this JVM gives it
 * ({@link ErrnoTexts#refused()}), not the English "refused", which a German-speaking JVM ("Verbindungsaufbau
 * abgelehnt") took for a timeout.
 */
final class ConnectRefusal {

    private ConnectRefusal() {}

    /** Whether {@code e}, a failed connect's exception, says ECONNREFUSED (or says nothing, as a refusal did). */
    static boolean refused(Exception e) {
        if (!(e instanceof ConnectException)) {
            return false;
        }
        String message = e.getMessage();
        return message == null || message.contains(ErrnoTexts.refused());
    }
}
