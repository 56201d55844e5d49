package io.fsmgen.tcp.kernel;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether {@link KernelTransitionSource} can run here, and if not, why: the one place that says so, so that callers
 * can log the reason once and fall back to {@code ss}/{@code /proc} snapshots.
 *
 * @param tracefs where tracefs is mounted, when it is
 * @param reason  empty when available; otherwise what is missing, e.g. "not Linux (os.name=Mac OS X)", "not
 *                permitted: creating a tracefs instance needs root", "no tracepoint sock:inet_sock_set_state ..."
 */
public record KernelTraceAvailability(Optional<Path> tracefs, Optional<String> reason) {

    public KernelTraceAvailability {
        Objects.requireNonNull(tracefs, "tracefs");
        Objects.requireNonNull(reason, "reason");
        if (reason.isEmpty() && tracefs.isEmpty()) {
            throw new IllegalArgumentException("an available tracefs needs its path");
        }
    }

    static KernelTraceAvailability available(Path tracefs) {
        return new KernelTraceAvailability(Optional.of(tracefs), Optional.empty());
    }

    static KernelTraceAvailability unavailable(String reason) {
        return new KernelTraceAvailability(Optional.empty(), Optional.of(reason));
    }

    /** True when the tracepoints can be read. */
    public boolean isAvailable() {
        return reason.isEmpty();
    }

    @Override
    public String toString() {
        return reason.map(r -> "kernel tracepoints unavailable: " + r)
                .orElseGet(() -> "kernel tracepoints available at " + tracefs.orElseThrow());
    }
}
