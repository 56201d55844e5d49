package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentSink;
import java.util.function.Predicate;

/**
 * Stands between the link and an endpoint ({@link EndpointLoop#endpoint(String,
 * io.fsmgen.tcp.endpoint.EndpointConfig, int, io.fsmgen.tcp.engine.Trace, java.util.function.UnaryOperator)}) and
 * drops the kernel's segments that {@code drop} picks, by their content rather than by chance: the loss a test
 * needs, exactly where it needs it. Everything else passes unchanged. {@code drop} sees every segment, as a copy it
 * may keep: a test that asserts on what the endpoint heard records it there. Runs on the loop's thread.
 */
final class KernelSegmentFilter implements SegmentSink {

    private final SegmentSink endpoint;
    private final Predicate<Segment> drop;

    KernelSegmentFilter(SegmentSink endpoint, Predicate<Segment> drop) {
        this.endpoint = endpoint;
        this.drop = drop;
    }

    @Override
    public void receive(Datagram datagram) {
        if (datagram.decode() instanceof DecodeResult.Decoded decoded && drop.test(decoded.segment().owned())) {
            return;
        }
        endpoint.receive(datagram);
    }
}
