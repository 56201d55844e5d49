package io.fsmgen.examples.tun;

import io.fsmgen.linux.NetworkNamespace;
import io.fsmgen.tcp.kernel.KernelTraceUnavailableException;
import java.net.InetAddress;

/** Chooses the kernel column's source: the kernel's tracepoints where they can be read, {@code ss} otherwise. */
final class KernelWatches {

    private KernelWatches() {
    }

    /** Watches the kernel's sockets at {@code address}:{@code port} inside {@code namespace}. */
    static KernelWatch open(NetworkNamespace namespace, InetAddress address, int port) {
        try {
            return TracepointKernelWatch.open(port, address);
        } catch (KernelTraceUnavailableException unavailable) {
            return new SsKernelWatch(namespace, port, "the tracepoints cannot be read: "
                    + unavailable.getMessage());
        }
    }
}
