package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelTcpTable;
import io.fsmgen.tcp.kernel.KernelTraceAvailability;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.kernel.SsTcpTable;
import java.io.IOException;

/** Resolves {@link NioTcpOptions#transitions()} into the source a runtime uses, saying why. */
final class HiddenTransitionSources {

    private HiddenTransitionSources() {}

    static HiddenTransitions open(NioTcpOptions options, KernelTcpTable table) throws IOException {
        TransitionSource asked = options.transitions();
        switch (asked) {
            case NONE -> {
                return new EstimatedTransitions(options.ackEstimate(), "chosen in the options");
            }
            case POLLING -> {
                if (!table.isAvailable()) {
                    throw new IOException("transition source POLLING: the kernel's TCP table cannot be read here"
                            + " (needs Linux with /proc/net/tcp)");
                }
                return new PolledTransitions(new SsTcpTable(table), "chosen in the options");
            }
            case TRACEPOINT -> {
                try {
                    return traced("chosen in the options", table);
                } catch (KernelTraceUnavailableException e) {
                    throw new IOException("transition source TRACEPOINT: " + e.getMessage(), e);
                }
            }
            default -> {
                String tracepoint;
                try {
                    return traced("AUTO: the kernel's tracepoints can be read", table);
                } catch (KernelTraceUnavailableException e) {
                    tracepoint = e.getMessage();
                }
                if (table.isAvailable()) {
                    return new PolledTransitions(new SsTcpTable(table),
                            "AUTO: no tracepoint (" + tracepoint + "); polling the kernel's TCP table");
                }
                return new EstimatedTransitions(options.ackEstimate(), "AUTO: no tracepoint (" + tracepoint
                        + ") and no kernel TCP table: hidden transitions are estimated");
            }
        }
    }

    /** The tracepoint, with the kernel's table (where it can be read) to look connections up after lost events. */
    private static HiddenTransitions traced(String why, KernelTcpTable table) throws KernelTraceUnavailableException {
        KernelTraceAvailability availability = KernelTransitionSource.availability();
        if (!availability.isAvailable()) {
            throw new KernelTraceUnavailableException(availability.reason().orElseThrow());
        }
        return new TracedTransitions(KernelTransitionSource.open(), why,
                table.isAvailable() ? new SsTcpTable(table) : null);
    }
}
