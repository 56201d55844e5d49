package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.Datagram;
import io.fsmgen.tcp.engine.DecodeResult;
import io.fsmgen.tcp.engine.EndpointAddress;
import io.fsmgen.tcp.engine.PseudoHeader;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.SegmentCarrier;
import io.fsmgen.tcp.engine.SegmentCodec;
import io.fsmgen.tcp.engine.SegmentSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Both sides of one endpoint's wire, for tests that must put segments on it that neither end would send: it records
 * what the endpoint hears from the kernel and what it sends, and forges segments to either side, a blind attacker's
 * or a confused peer's, so that the endpoint and the kernel can be given the very same input and their answers
 * compared. {@link #hearing} and {@link #speaking} are what {@link KernelClient#tapped} installs. Runs on the loop's
 * thread; the lists are the test's to read there.
 */
final class Wiretap {

    /** The kernel's segments the endpoint heard, forged ones included, in order. */
    final List<Segment> heard = new ArrayList<>();
    /** The endpoint's segments on their way to the kernel, lost ones too, in order; not the forged ones. */
    final List<Segment> sent = new ArrayList<>();
    private final Predicate<Segment> dropHeard;
    private final Predicate<Segment> dropSent;
    private SegmentSink endpoint;
    private SegmentCarrier link;

    /** A tap that lets everything through. */
    Wiretap() {
        this(s -> false);
    }

    /** A tap that records, but keeps from the endpoint, the kernel's segments that {@code dropHeard} picks. */
    Wiretap(Predicate<Segment> dropHeard) {
        this(dropHeard, s -> false);
    }

    /**
     * A tap that records everything, keeps from the endpoint the kernel's segments that {@code dropHeard} picks,
     * and loses on their way to the kernel the endpoint's that {@code dropSent} picks (each asked once, after the
     * segment was recorded).
     */
    Wiretap(Predicate<Segment> dropHeard, Predicate<Segment> dropSent) {
        this.dropHeard = Objects.requireNonNull(dropHeard, "dropHeard");
        this.dropSent = Objects.requireNonNull(dropSent, "dropSent");
    }

    SegmentSink hearing(SegmentSink sink) {
        this.endpoint = Objects.requireNonNull(sink, "sink");
        return datagram -> {
            if (datagram.decode() instanceof DecodeResult.Decoded decoded) {
                Segment segment = decoded.segment().owned();
                heard.add(segment);
                if (dropHeard.test(segment)) {
                    return;
                }
            }
            sink.receive(datagram);
        };
    }

    SegmentCarrier speaking(SegmentCarrier carrier) {
        this.link = Objects.requireNonNull(carrier, "carrier");
        return new SegmentCarrier() {
            @Override
            public EndpointAddress localAddress() {
                return carrier.localAddress();
            }

            @Override
            public int mtu() {
                return carrier.mtu();
            }

            @Override
            public void send(EndpointAddress destination, byte[] bytes) {
                carrier.send(destination, bytes);
            }

            @Override
            public void send(EndpointAddress destination, Segment segment) {
                Segment copy = segment.owned();
                sent.add(copy);
                if (!dropSent.test(copy)) {
                    carrier.send(destination, segment);
                }
            }
        };
    }

    /** Puts {@code segment} on the wire to the kernel at {@code to}, from the endpoint's address. */
    void forgeToKernel(EndpointAddress to, Segment segment) {
        link.send(to, segment);
    }

    /** Hands {@code segment} to the endpoint as if the kernel at {@code from} had sent it; answered at once. */
    void forgeToEndpoint(EndpointAddress from, Segment segment) {
        EndpointAddress us = link.localAddress();
        endpoint.receive(new Datagram(from, us, SegmentCodec.encode(segment, PseudoHeader.ipv4(from.ip(), us.ip()))));
    }
}
