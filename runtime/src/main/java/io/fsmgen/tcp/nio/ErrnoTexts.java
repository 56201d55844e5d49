package io.fsmgen.tcp.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDK's texts for the errors whose exception class alone does not say which errno it was, in this JVM's language.
 * The JDK gives no errno, only an exception class per errno group and {@code strerror}'s text, which glibc translates
 * into the process's language ({@code LC_MESSAGES}, which the {@code java} launcher takes from {@code LANG} and
 * {@code LC_ALL}): under {@code de_DE.UTF-8} ECONNREFUSED reads "Verbindungsaufbau abgelehnt" and EACCES "Keine
 * Berechtigung", so a check for the English words misread them.
 *
 * <p>So each text is learnt from this JVM itself, once, by an error provoked where no TCP socket is made and no
 * packet is sent, through the same JDK path ({@code handleSocketError}); where that cannot be done, glibc's English
 * text is assumed. ECONNRESET and ETIMEDOUT cannot be provoked so (a Unix-domain peer's close with unread data does set
 * ECONNRESET, but the JDK's read reports it as its own English "Connection reset" and a write meets EPIPE first; nothing
 * but TCP times out): their texts come from glibc's catalogue that speaks as this JVM did ({@link LibcMessages}), as
 * does ENOBUFS's (a connect whose SYN found no buffer; nothing provokes it on demand).
 *
 * <p>Learning takes a few milliseconds in English and 100-300 ms in another language (every catalogue is read): a
 * runtime learns them when it opens ({@link #learn()}), on the opening thread, so that no event loop pauses for it at
 * its first failed connect or write.
 */
final class ErrnoTexts {

    /** glibc's text for ECONNREFUSED in the C locale, when it cannot be learnt. */
    static final String REFUSED_IN_ENGLISH = "Connection refused";
    /** glibc's text for EACCES in the C locale, when it cannot be learnt. */
    static final String DENIED_IN_ENGLISH = "Permission denied";
    /** glibc's text for EPIPE in the C locale, when it cannot be learnt. */
    static final String BROKEN_PIPE_IN_ENGLISH = "Broken pipe";
    /** glibc's text for ECONNRESET in the C locale, when it cannot be learnt. */
    static final String RESET_IN_ENGLISH = "Connection reset by peer";
    /** glibc's text for ETIMEDOUT in the C locale, when it cannot be learnt. */
    static final String TIMED_OUT_IN_ENGLISH = "Connection timed out";
    /** glibc's text for ENOBUFS in the C locale, when it cannot be learnt. */
    static final String NO_BUFFERS_IN_ENGLISH = "No buffer space available";

    private ErrnoTexts() {}

    /**
     * Learns every text now, on the calling thread, unless this JVM learnt them before; returns the name of the
     * thread that learnt them (tests check that it was no event loop).
     */
    static String learn() {
        return Learnt.ON;
    }

    /** ECONNREFUSED's text ({@link ConnectException}: a RST or an ICMP port unreachable answered the SYN). */
    static String refused() {
        return Learnt.REFUSED;
    }

    /** EACCES's text ({@link BindException}: a {@code prohibit} route, or a policy, refused the connect). */
    static String denied() {
        return Learnt.DENIED;
    }

    /** EPIPE's text (an {@link IOException} from a write after the connection was reset and its error reported). */
    static String brokenPipe() {
        return Learnt.BROKEN_PIPE;
    }

    /**
     * ECONNRESET's texts (an {@link IOException} from the first write after the peer's RST; a read says the JDK's own
     * "Connection reset" instead): the translations in glibc's catalogues that speak as this JVM did for EPIPE and
     * ECONNREFUSED ({@link LibcMessages}), English when there is none.
     */
    static List<String> reset() {
        return Learnt.RESET;
    }

    /** ETIMEDOUT's texts (the kernel gave up retransmitting, or on keepalives), learnt as {@link #reset()}'s. */
    static List<String> timedOut() {
        return Learnt.TIMED_OUT;
    }

    /** ENOBUFS's texts (a {@code SocketException}: a connect whose SYN had no buffer), learnt as {@link #reset()}'s. */
    static List<String> noBuffers() {
        return Learnt.NO_BUFFERS;
    }

    /** The texts, learnt once per JVM (the process's language does not change once it runs); immutable after. */
    private static final class Learnt {
        static final String ON = Thread.currentThread().getName();
        static final String REFUSED = learnRefused();
        static final String DENIED = learnDenied();
        static final String BROKEN_PIPE = learnBrokenPipe();
        /** The catalogued texts of ECONNRESET, ETIMEDOUT and ENOBUFS by their English: one read of the catalogues. */
        static final Map<String, List<String>> CATALOGUED = fromCatalogues(Map.of(RESET_IN_ENGLISH, "ECONNRESET",
                TIMED_OUT_IN_ENGLISH, "ETIMEDOUT", NO_BUFFERS_IN_ENGLISH, "ENOBUFS"));
        static final List<String> RESET = CATALOGUED.get(RESET_IN_ENGLISH);
        static final List<String> TIMED_OUT = CATALOGUED.get(TIMED_OUT_IN_ENGLISH);
        static final List<String> NO_BUFFERS = CATALOGUED.get(NO_BUFFERS_IN_ENGLISH);

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

        /** A Unix-domain write after its peer closed fails with EPIPE. */
        private static String learnBrokenPipe() {
            try {
                Path dir = Files.createTempDirectory("fsmgen-epipe");
                Path path = dir.resolve("socket");
                try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                    server.bind(UnixDomainSocketAddress.of(path));
                    try (SocketChannel writer = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                        server.accept().close();
                        writer.write(ByteBuffer.wrap(new byte[] {0}));
                    } catch (IOException e) {
                        return textOr(e, BROKEN_PIPE_IN_ENGLISH);
                    }
                } finally {
                    Files.deleteIfExists(path);
                    Files.delete(dir);
                }
                cannotLearn("EPIPE", BROKEN_PIPE_IN_ENGLISH,
                        new IOException("the write after the peer's close succeeded"));
            } catch (IOException | RuntimeException e) {
                cannotLearn("EPIPE", BROKEN_PIPE_IN_ENGLISH, e);
            }
            return BROKEN_PIPE_IN_ENGLISH;
        }

        /**
         * The texts of each errno of {@code errnos} (by its English text) in the catalogues that translate EPIPE and
         * ECONNREFUSED as this JVM did, every catalogue read once for them all (each read costs 37 files, 4 MB, on
         * Debian); English alone where this JVM speaks English for them (no catalogue then: the C locale has none).
         */
        private static Map<String, List<String>> fromCatalogues(Map<String, String> errnos) {
            Map<String, List<String>> english = new HashMap<>();
            errnos.keySet().forEach(text -> english.put(text, List.of(text)));
            Map<String, String> spoken = new HashMap<>(); // an English text may be a probe's fallback: no evidence
            if (!BROKEN_PIPE.equals(BROKEN_PIPE_IN_ENGLISH)) {
                spoken.put(BROKEN_PIPE_IN_ENGLISH, BROKEN_PIPE);
            }
            if (!REFUSED.equals(REFUSED_IN_ENGLISH)) {
                spoken.put(REFUSED_IN_ENGLISH, REFUSED);
            }
            if (spoken.isEmpty()) {
                return Map.copyOf(english);
            }
            Map<String, List<String>> texts = new HashMap<>(english);
            try {
                Map<String, List<String>> found = LibcMessages.translations(LibcMessages.LOCALE_DIR, spoken,
                        errnos.keySet());
                found.forEach((text, translations) -> {
                    if (translations.isEmpty()) {
                        cannotLearn(errnos.get(text), text, new IOException("no catalogue under "
                                + LibcMessages.LOCALE_DIR + " translates as this JVM does: " + spoken));
                    } else {
                        texts.put(text, List.copyOf(translations));
                    }
                });
            } catch (IOException | RuntimeException e) {
                errnos.forEach((text, errno) -> cannotLearn(errno, text, e));
            }
            return Map.copyOf(texts);
        }

        private static String textOr(Exception e, String english) {
            return e.getMessage() == null || e.getMessage().isEmpty() ? english : e.getMessage();
        }

        private static void cannotLearn(String errno, String english, Exception e) {
            NioTcpRuntime.LOG.log(Level.DEBUG, "cannot learn the text of " + errno + ", assuming '" + english + "': " + e);
        }
    }
}
