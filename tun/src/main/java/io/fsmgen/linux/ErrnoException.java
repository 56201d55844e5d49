package io.fsmgen.linux;

import java.io.IOException;

/**
 * A Linux system call failed: which call, the {@code errno} value and the C library's text for it. Thrown by the
 * native side so that the Java side can turn the common values into advice ({@link #EPERM}: run as root).
 */
public final class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;

    private final String call;
    private final int errno;

    /** Called from the JNI library, which passes {@code strerror(errno)} as {@code text}. */
    public ErrnoException(String call, int errno, String text) {
        super(call + ": " + text + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** Whether the kernel refused for lack of privilege. */
    public boolean isPermissionDenied() {
        return errno == EPERM || errno == EACCES;
    }
}
