package io.fsmgen.tcp.nio;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelSignal;
import java.util.List;
import java.util.Optional;

/**
 * Waits for the kernel's table to show an endpoint in a state, re-reading it at each kernel event of a socket on the
 * endpoint's local port ({@link KernelSignal}), not in a poll loop; bounded by {@link Changes#BOUND}.
 */
final class KernelSettle {

    private KernelSettle() {}

    /** The kernel's state for {@code e} once it is {@code expected}, or the one it has at the bound. */
    static TcpState await(NioTcpRuntime rt, NioTcpEndpoint e, TcpState expected) {
        return KernelSignal.await(List.of(e.localAddress().getPort()), Changes.BOUND,
                        () -> rt.kernelState(e).filter(expected::equals))
                .orElseGet(() -> rt.kernelState(e).orElseThrow());
    }
}
