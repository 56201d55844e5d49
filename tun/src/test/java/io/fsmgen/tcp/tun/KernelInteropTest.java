package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.tun.InteropLife.Direction;
import io.fsmgen.tcp.tun.InteropLife.Ending;
import java.time.Duration;

/** Every life on a clean link; the client-closes-first life of each direction carries 16 MiB each way. */
class KernelInteropTest extends KernelInteropContract {

    @Override
    Impairment impairment() {
        return Impairment.NONE;
    }

    @Override
    int bytesEachWay(Direction direction, Ending ending) {
        return ending == Ending.CLIENT_FIRST ? 16 << 20 : 256 << 10;
    }

    @Override
    boolean pathsMayVary() {
        return false;
    }

    @Override
    Duration msl() {
        return InteropLife.MSL;
    }
}
