package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.tun.InteropLife.Direction;
import io.fsmgen.tcp.tun.InteropLife.Ending;
import java.time.Duration;

/**
 * Every life again with seeded loss and reordering injected by the link in both directions (this kernel has no
 * {@code sch_netem}): handshakes, data, FINs and RSTs can all be lost, and each side's retransmission must repair
 * it. The client-closes-first life of each direction carries 1 MiB each way; the endpoint's TIME-WAIT lasts 2 s
 * ({@link #msl()}).
 */
class LossyKernelInteropTest extends KernelInteropContract {

    static final Impairment LINK = Impairment.lossy(0.02, 0.05, 20_251_130);

    @Override
    Impairment impairment() {
        return LINK;
    }

    @Override
    int bytesEachWay(Direction direction, Ending ending) {
        return ending == Ending.CLIENT_FIRST ? 1 << 20 : 64 << 10;
    }

    @Override
    boolean pathsMayVary() {
        return true;
    }

    @Override
    Duration msl() {
        return Duration.ofSeconds(1);
    }
}
