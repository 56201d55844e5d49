package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UdpCarrierTest {

    private static final int SEGMENTS = 300;
    private static final int WINDOW = 16;

    /**
     * One thread drives both carriers: the client keeps up to {@value #WINDOW} data segments outstanding, the server
     * answers each with an ACK. Every segment must arrive intact, checksum verified over the loopback addresses.
     */
    @Test
    void carriesSeveralHundredSegmentsBetweenTwoCarriersOnLoopback() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<Segment> atServer = new ArrayList<>();
            TreeSet<Integer> acked = new TreeSet<>();
            UdpCarrier[] server = new UdpCarrier[1];
            try (UdpCarrier client = UdpCarrier.open(0, datagram -> {
                        Segment ack = assertInstanceOf(DecodeResult.Decoded.class, datagram.decode()).segment();
                        acked.add(ack.ack());
                    });
                    UdpCarrier serverCarrier = UdpCarrier.open(0, datagram -> {
                        Segment data = assertInstanceOf(DecodeResult.Decoded.class, datagram.decode()).segment();
                        atServer.add(data);
                        Segment ack = Segment.builder(data.destinationPort(), data.sourcePort()).seq(1)
                                .ack(data.seq() + data.payloadLength()).flags(TcpFlags.ACK).window(65535).build();
                        server[0].send(datagram.source(), SegmentCodec.encode(ack,
                                PseudoHeader.ipv4(Ipv4Address.LOOPBACK, Ipv4Address.LOOPBACK)));
                    })) {
                server[0] = serverCarrier;
                assertEquals(Ipv4Address.LOOPBACK, client.localAddress().ip());
                int next = 0;
                while (acked.size() < SEGMENTS) {
                    while (next < SEGMENTS && next - acked.size() < WINDOW) {
                        byte[] payload = ("segment " + next).getBytes(StandardCharsets.US_ASCII);
                        Segment data = Segment.builder(40000, 80).seq(next * 100).ack(1).flags(TcpFlags.PSH_ACK)
                                .window(65535).payload(payload).build();
                        client.send(serverCarrier.localAddress(), SegmentCodec.encode(data,
                                PseudoHeader.ipv4(Ipv4Address.LOOPBACK, Ipv4Address.LOOPBACK)));
                        next++;
                    }
                    serverCarrier.poll(Duration.ofMillis(5));
                    client.poll(Duration.ofMillis(5));
                }
                assertEquals(SEGMENTS, atServer.size());
                for (int i = 0; i < SEGMENTS; i++) {
                    Segment segment = atServer.get(i);
                    assertEquals("segment " + segment.seq() / 100,
                            new String(segment.payload(), StandardCharsets.US_ASCII));
                }
                assertEquals(SEGMENTS, atServer.stream().map(Segment::seq).distinct().count());
                assertEquals(SEGMENTS, client.stats().sent());
                assertEquals(SEGMENTS, serverCarrier.stats().received());
                assertEquals(0, client.stats().failed() + serverCarrier.stats().failed());
            }
        });
    }

    @Test
    void refusesDestinationsOffLoopbackWithoutThrowing() throws Exception {
        try (UdpCarrier carrier = UdpCarrier.open(0, datagram -> { })) {
            carrier.send(EndpointAddress.of(Ipv4Address.of(192, 0, 2, 1), 9), new byte[20]);
            UdpCarrierStats stats = carrier.stats();
            assertEquals(1, stats.refused());
            assertEquals(0, stats.sent());
            assertTrue(stats.lastProblem().contains("only talks to loopback"), stats.lastProblem());
        }
    }

    @Test
    void pollingAClosedCarrierDeliversNothing() throws Exception {
        UdpCarrier carrier = UdpCarrier.open(0, datagram -> { });
        carrier.close();
        assertEquals(0, carrier.poll(Duration.ZERO));
    }

    @Test
    void bindsToAnyAddressOfThisHostAndChecksumsOverIt() throws Exception {
        Ipv4Address second = Ipv4Address.of(127, 0, 0, 2); // on lo, like every 127/8 address on Linux
        List<Datagram> arrived = new ArrayList<>();
        try (UdpCarrier receiver = UdpCarrier.open(second, 0, arrived::add);
                UdpCarrier sender = UdpCarrier.open(0, datagram -> { })) {
            assertEquals(second, receiver.localAddress().ip());
            Segment syn = Segment.builder(sender.localAddress().port(), receiver.localAddress().port()).seq(7)
                    .flags(TcpFlags.SYN).window(1000).build();
            sender.send(receiver.localAddress(), SegmentCodec.encode(syn,
                    PseudoHeader.ipv4(Ipv4Address.LOOPBACK, second)));
            for (int i = 0; i < 2000 && arrived.isEmpty(); i++) {
                receiver.poll(Duration.ofMillis(10));
            }
            assertEquals(1, arrived.size());
            assertEquals(EndpointAddress.of(second, receiver.localAddress().port()), arrived.get(0).destination());
            Segment decoded = assertInstanceOf(DecodeResult.Decoded.class, arrived.get(0).decode(),
                    "checksum over the pseudo-header of 127.0.0.1 -> 127.0.0.2").segment();
            assertEquals(syn.toString(), decoded.toString());
        }
    }

    @Test
    void refusesTheWildcardAddress() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UdpCarrier.open(Ipv4Address.of(0, 0, 0, 0), 0, datagram -> { }));
        assertTrue(e.getMessage().startsWith("a UDP carrier binds to one address of this host, not 0.0.0.0"),
                e.getMessage());
    }

    @Test
    void anAddressOfAnotherHostCannotBeBoundAndSaysSo() {
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> UdpCarrier.open(Ipv4Address.of(192, 0, 2, 1), 0, datagram -> { }));
        assertTrue(e.getMessage().startsWith("cannot bind a UDP carrier to 192.0.2.1:0: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(is 192.0.2.1 an address of this host?)"), e.getMessage());
    }
}
