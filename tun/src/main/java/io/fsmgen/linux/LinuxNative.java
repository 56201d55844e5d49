package io.fsmgen.linux;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The JNI library {@code libfsmgen-linux.so} ({@code src/main/c/fsmgen_linux.c}): the Linux calls Java cannot make.
 * Why JNI rather than a bridge process: one process keeps one descriptor, a packet costs one {@code read} or
 * {@code write} and no extra copy through a socket, and {@code setns} must run on the very thread that then creates
 * sockets, which only code inside this JVM can do. The build compiles it with gcc and ships it inside the jar under
 * {@code io/fsmgen/linux/native/linux-<os.arch>/}; it is loaded from there the first time it is needed (copied to a
 * temporary file when the jar is not unpacked).
 *
 * <p>All methods are thin wrappers that throw {@link ErrnoException}; callers own the descriptors they get.
 */
final class LinuxNative {

    static final int READABLE = 1;
    static final int WOKEN = 2;
    static final int HANGUP = 4;

    private LinuxNative() {
    }

    /** Why the library cannot be used here, or empty once it is loaded. */
    static Optional<String> problem() {
        return Holder.PROBLEM;
    }

    /** Loads the library, or throws naming why it cannot be. */
    static void require() throws LinuxUnavailableException {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            throw new LinuxUnavailableException(problem.get());
        }
    }

    /** The library is loaded once, by the first caller, in this class's initialisation: no mutable state. */
    private static final class Holder {
        static final Optional<String> PROBLEM = load();
    }

    private static Optional<String> load() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("TUN devices and network namespaces need Linux; this is " + os);
        }
        String arch = System.getProperty("os.arch", "");
        String resource = "native/linux-" + arch + "/libfsmgen-linux.so";
        URL url = LinuxNative.class.getResource(resource);
        if (url == null) {
            return Optional.of("the JNI library io/fsmgen/linux/" + resource + " is not in the build: it is compiled"
                    + " by 'mvn package' on Linux with gcc (the linux-native profile of the tun module)");
        }
        try {
            System.load(localFile(url).toString());
            return Optional.empty();
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError failure) {
            return Optional.of("cannot load the JNI library " + url + ": " + failure.getMessage());
        }
    }

    private static Path localFile(URL url) throws IOException, URISyntaxException {
        if (url.getProtocol().equals("file")) {
            return Path.of(url.toURI());
        }
        Path copy = Files.createTempFile("fsmgen-linux-", ".so");
        copy.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /**
     * Creates (or attaches to) TUN device {@code name}, in the network namespace bound at {@code namespacePath} when
     * that is not null, and returns its non-blocking descriptor. The device lives in that namespace; the descriptor
     * works from any thread of this process. With {@code offloads}, every packet read or written starts with a
     * little-endian {@code virtio_net_hdr}, and the device takes and gives TCP/IPv4 segments of up to 64 KiB whose
     * checksum may be left to the other side ({@code TUN_F_CSUM | TUN_F_TSO4}).
     */
    static native int openTun(String name, String namespacePath, boolean offloads) throws ErrnoException;

    /** Moves the calling thread into the namespace at {@code path}; returns a descriptor of the one it left. */
    static native int enterNamespace(String path) throws ErrnoException;

    /** Moves the calling thread back to the namespace {@link #enterNamespace} returned, and closes it. */
    static native void leaveNamespace(int previous) throws ErrnoException;

    /** Reads one packet into {@code buffer}; -1 when none is waiting. */
    static native int read(int fd, byte[] buffer, int offset, int length) throws ErrnoException;

    /** Writes one packet. */
    static native void write(int fd, byte[] buffer, int offset, int length) throws ErrnoException;

    /**
     * Waits up to {@code timeoutMillis} (0 only looks, negative waits forever) for {@code fd} to be readable or the
     * eventfd {@code wakeFd} (-1 for none) to be signalled, which it then resets. Returns {@link #READABLE},
     * {@link #WOKEN} and {@link #HANGUP} bits.
     */
    static native int poll(int fd, int wakeFd, int timeoutMillis) throws ErrnoException;

    static native int eventFd() throws ErrnoException;

    static native void signal(int eventFd) throws ErrnoException;

    static native void close(int fd) throws ErrnoException;
}
