package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted peer on the simulated network: it sends exactly the segments a test builds (a stock Linux SYN, an old
 * duplicate) and records every segment it receives, so that a test can read the endpoint's answers field by field.
 */
final class RawPeer {

    final EndpointAddress address;
    final List<Segment> received = new ArrayList<>();
    private final SegmentCarrier carrier;

    RawPeer(SimulatedNetwork network, EndpointAddress address) {
        this.address = address;
        this.carrier = network.attach("peer", address, datagram -> {
            if (datagram.decode() instanceof DecodeResult.Decoded decoded) {
                received.add(decoded.segment());
            }
        });
    }

    void send(Segment segment, EndpointAddress to) {
        carrier.send(to, SegmentCodec.encode(segment, PseudoHeader.ipv4(address.ip(), to.ip())));
    }

    Segment last() {
        if (received.isEmpty()) {
            throw new AssertionError("the peer received nothing");
        }
        return received.get(received.size() - 1);
    }

    /** A segment from this peer to {@code to}, to be filled in. */
    Segment.Builder segment(EndpointAddress to) {
        return Segment.builder(address.port(), to.port());
    }
}
