package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.tun.InteropLife.Direction;
import io.fsmgen.tcp.tun.InteropLife.Ending;
import java.time.Duration;

/**
 * Every life again over a link that also duplicates packets, both ways: 10 % of the packets that survive 1 % loss
 * and 3 % reordering arrive twice. Each copy of text, a SYN, a FIN or a RST must be taken as the same segment again,
 * by the endpoint and by Linux, and duplicated ACKs must not stall either sender.
 */
class DuplicatingKernelInteropTest extends KernelInteropContract {

    static final Impairment LINK = Impairment.lossy(0.01, 0.03, 20_261_201).withDuplication(0.10);

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
