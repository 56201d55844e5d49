package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.tun.InteropLife.Direction;
import io.fsmgen.tcp.tun.InteropLife.Ending;
import java.time.Duration;

/**
 * Every life against a Linux that offers and accepts no TCP options but the MSS (timestamps, SACK and window scaling
 * off in its namespace) on a link of 576 bytes, IPv4's minimum reassembly size: the endpoint's windows go unscaled
 * (at most 65,535 bytes, though its buffers hold 4 MiB), its RTT is sampled without timestamps, loss recovery
 * works without SACK, and every segment fits 536 bytes of MSS.
 */
class PlainKernelInteropTest extends KernelInteropContract {

    @Override
    Impairment impairment() {
        return Impairment.NONE;
    }

    @Override
    int bytesEachWay(Direction direction, Ending ending) {
        return ending == Ending.CLIENT_FIRST ? 4 << 20 : 256 << 10;
    }

    @Override
    boolean pathsMayVary() {
        return false;
    }

    @Override
    Duration msl() {
        return InteropLife.MSL;
    }

    @Override
    int mtu() {
        return 576;
    }

    @Override
    String kernelOptions() {
        return "0";
    }
}
