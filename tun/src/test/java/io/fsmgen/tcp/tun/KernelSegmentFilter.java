package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Stands between the link and an endpoint ({@link EndpointLoop#endpoint(String,
 * io.fsmgen.tcp.endpoint.EndpointConfig, int, io.fsmgen.tcp.engine.Trace, java.util.function.UnaryOperator)}) and
 * drops the kernel's segments that {@code drop} picks, by their content rather than by chance: the loss a test
 * needs, exactly where it needs it. Everything else passes unchanged; every decoded segment is remembered, for the
 * test's assertions and its failure messages. Runs on the loop's thread.
 */
final class KernelSegmentFilter implements SegmentSink {

    private final SegmentSink endpoint;
    private final Predicate<Segment> drop;
    private final List<Segment> heard = new ArrayList<>();
    private final List<Segment> dropped = new ArrayList<>();

    KernelSegmentFilter(SegmentSink endpoint, Predicate<Segment> drop) {
        this.endpoint = endpoint;
        this.drop = drop;
    }

    @Override
    public void receive(Datagram datagram) {
        if (datagram.decode() instanceof DecodeResult.Decoded decoded) {
            Segment segment = decoded.segment().owned();
            if (drop.test(segment)) {
                dropped.add(segment);
                return;
            }
            heard.add(segment);
        }
        endpoint.receive(datagram);
    }

    /** The kernel's segments that reached the endpoint, in order. */
    List<Segment> heard() {
        return List.copyOf(heard);
    }

    /** The kernel's segments dropped here, in order. */
    List<Segment> dropped() {
        return List.copyOf(dropped);
    }
}
