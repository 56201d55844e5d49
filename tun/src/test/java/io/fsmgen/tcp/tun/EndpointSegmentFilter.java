package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import java.util.function.Predicate;

/**
 * Stands between an endpoint and the link ({@link EndpointLoop#endpoint(String,
 * io.fsmgen.tcp.endpoint.EndpointConfig, int, io.fsmgen.tcp.engine.Trace, java.util.function.UnaryOperator,
 * java.util.function.UnaryOperator)}) and drops the endpoint's segments that {@code drop} picks, by their content:
 * the loss a test needs, exactly where it needs it. Everything else goes to the link unchanged. Runs on the loop's
 * thread.
 */
final class EndpointSegmentFilter implements SegmentCarrier {

    private final SegmentCarrier link;
    private final Predicate<Segment> drop;

    EndpointSegmentFilter(SegmentCarrier link, Predicate<Segment> drop) {
        this.link = link;
        this.drop = drop;
    }

    @Override
    public EndpointAddress localAddress() {
        return link.localAddress();
    }

    @Override
    public int mtu() {
        return link.mtu();
    }

    @Override
    public void send(EndpointAddress destination, byte[] bytes) {
        link.send(destination, bytes);
    }

    @Override
    public void send(EndpointAddress destination, Segment segment) {
        if (drop.test(segment)) {
            return;
        }
        link.send(destination, segment);
    }
}
