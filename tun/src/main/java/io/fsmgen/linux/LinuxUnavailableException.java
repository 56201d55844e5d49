package io.fsmgen.linux;

import java.io.IOException;

/**
 * What this package needs is missing here: not Linux, no JNI library in the build, no {@code /dev/net/tun}, or not
 * privileged enough. The message names the reason and what would fix it; tests skip with it.
 */
public final class LinuxUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public LinuxUnavailableException(String reason) {
        super(reason);
    }

    public LinuxUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
