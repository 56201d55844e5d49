package io.fsmgen.tcp.watch;

import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.kernel.KernelTcpState;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One kernel transition of a watched connection, with what the RFC machine made of it.
 *
 * @param timestampNanos kernel time ({@code System.nanoTime()} clock)
 * @param socket         the kernel socket ({@code skaddr})
 * @param local          the socket's address
 * @param remote         the peer's address
 * @param kernelFrom     kernel state before
 * @param kernelTo       kernel state after
 * @param rfcFrom        the machine's state before
 * @param rfcTo          the machine's state after
 * @param nanosInPrevious time spent in the previous state, or -1 when the connection was first seen in it
 * @param note           the Linux deviation mapped here, if any
 * @param rejection      why the RFC machine disagrees, if it does (a flagged transition)
 * @param owner          owning process, when known
 */
public record WatchTransition(long timestampNanos, long socket, InetSocketAddress local, InetSocketAddress remote,
                              KernelTcpState kernelFrom, KernelTcpState kernelTo, TcpState rfcFrom, TcpState rfcTo,
                              long nanosInPrevious, Optional<String> note, Optional<String> rejection,
                              Optional<SocketOwner> owner) {

    /** True when the RFC machine did not accept the kernel's transition. */
    public boolean flagged() {
        return rejection.isPresent();
    }
}
