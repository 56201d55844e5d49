package io.fsmgen.tcp.kernel;

/**
 * {@link KernelTransitionSource} cannot run here; the message names the reason (see
 * {@link KernelTraceAvailability#reason()}). Callers fall back to {@code ss}/{@code /proc} snapshots.
 */
public final class KernelTraceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public KernelTraceUnavailableException(String reason) {
        super(reason);
    }

    public KernelTraceUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
