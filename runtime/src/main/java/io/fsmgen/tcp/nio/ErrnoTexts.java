package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK's texts for the errors whose exception class alone does not say which errno it was, in this JVM's language.
 * The JDK gives no errno, only an exception class per errno group and {@code strerror}'s text, which glibc translates
 * into the process's language ({@code LC_MESSAGES}, which the {@code java} launcher takes from {@code LANG} and
 * {@code LC_ALL}): under {@code de_DE.UTF-8} ECONNREFUSED reads "Verbindungsaufbau abgelehnt" and EACCES "Keine
 * Berechtigung", so a check for the English words misread them.
 *
 * <p>So each text is learnt from this JVM itself, once, by an error provoked where no TCP socket is made and no
 * packet is sent, through the same JDK path ({@code handleSocketError}); where that cannot be done, glibc's English
 * text is assumed.
 */
final class ErrnoTexts {

    /** glibc's text for ECONNREFUSED in the C locale, when it cannot be learnt. */
    static final String REFUSED_IN_ENGLISH = "Connection refused";
    /** glibc's text for EACCES in the C locale, when it cannot be learnt. */
    static final String DENIED_IN_ENGLISH = "Permission denied";

    private ErrnoTexts() {}

    /** ECONNREFUSED's text ({@link ConnectException}: a RST or an ICMP port unreachable answered the SYN). */
    static String refused() {
        return Learnt.REFUSED;
    }

    /** EACCES's text ({@link BindException}: a {@code prohibit} route, or a policy, refused the connect). */
    static String denied() {
        return Learnt.DENIED;
    }

    /** The texts, learnt once per JVM (the process's language does not change once it runs); immutable after. */
    private static final class Learnt {
        static final String REFUSED = learnRefused();
        static final String DENIED = learnDenied();

        /** A Unix-domain connect to a file that is no socket fails with ECONNREFUSED. */
        private static String learnRefused() {
            try {
                Path notASocket = Files.createTempFile("fsmgen-econnrefused", ".file");
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(notASocket));
                } catch (ConnectException e) {
                    return textOr(e, REFUSED_IN_ENGLISH);
                } finally {
                    Files.deleteIfExists(notASocket);
                }
            } catch (IOException | RuntimeException e) {
                cannotLearn("ECONNREFUSED", REFUSED_IN_ENGLISH, e);
            }
            return REFUSED_IN_ENGLISH;
        }

        /**
         * A UDP connect to loopback's broadcast address without SO_BROADCAST fails with EACCES, root or not; a UDP
         * connect sends nothing. Without that route (loopback down) it fails otherwise and English is assumed.
         */
        private static String learnDenied() {
            try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
                probe.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, -1, -1, -1}), 9));
            } catch (BindException e) {
                return textOr(e, DENIED_IN_ENGLISH);
            } catch (IOException | RuntimeException e) {
                cannotLearn("EACCES", DENIED_IN_ENGLISH, e);
            }
            return DENIED_IN_ENGLISH;
        }

        private static String textOr(Exception e, String english) {
            return e.getMessage() == null || e.getMessage().isEmpty() ? english : e.getMessage();
        }

        private static void cannotLearn(String errno, String english, Exception e) {
            NioTcpRuntime.LOG.log(Level.DEBUG, "cannot learn the text of " + errno + ", assuming '" + english + "': " + e);
        }
    }
}
