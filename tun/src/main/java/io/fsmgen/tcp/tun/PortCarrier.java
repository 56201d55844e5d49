package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentSink;
import java.util.Objects;

/**
 * The carrier of the endpoint attached at one TCP port of a {@link TunLink}: what it sends goes out through the
 * link's {@link Outbound}, what arrives for its port the link's {@link Inbound} hands to its sink. Once detached it
 * sends nothing (counted as a write failure), since the port may already belong to another endpoint.
 */
final class PortCarrier implements SegmentCarrier {

    private final EndpointAddress local;
    private final SegmentSink sink;
    private final int mtu;
    private final Outbound out;
    private boolean detached;

    PortCarrier(EndpointAddress local, SegmentSink sink, int mtu, Outbound out) {
        this.local = local;
        this.sink = sink;
        this.mtu = mtu;
        this.out = out;
    }

    SegmentSink sink() {
        return sink;
    }

    void detach() {
        detached = true;
    }

    @Override
    public EndpointAddress localAddress() {
        return local;
    }

    /** The link's MTU: the endpoint announces MTU − 40 as its MSS. */
    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void send(EndpointAddress destination, byte[] bytes) {
        Objects.requireNonNull(destination, "destination");
        if (detached) {
            out.refuseDetached(local.port());
            return;
        }
        out.encodedSegment(local, destination, bytes.clone());
    }

    /** Encoded straight into the link's packet buffer: the endpoint's send buffer lends the text until then. */
    @Override
    public void send(EndpointAddress destination, Segment segment) {
        Objects.requireNonNull(destination, "destination");
        if (detached) {
            out.refuseDetached(local.port());
            return;
        }
        out.segment(local, destination, segment);
    }

    @Override
    public String toString() {
        return "TUN link port " + local;
    }
}
