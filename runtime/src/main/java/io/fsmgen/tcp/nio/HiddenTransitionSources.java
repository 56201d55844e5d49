package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.kernel.KernelTcpTable;
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
            case TRACEPOINT -> throw new IOException("transition source TRACEPOINT: not available in this build");
            default -> {
                if (table.isAvailable()) {
                    return new PolledTransitions(new SsTcpTable(table), "AUTO: the kernel's TCP table is readable");
                }
                return new EstimatedTransitions(options.ackEstimate(),
                        "AUTO: no kernel view on this system (no /proc/net/tcp); hidden transitions are estimated");
            }
        }
    }
}
