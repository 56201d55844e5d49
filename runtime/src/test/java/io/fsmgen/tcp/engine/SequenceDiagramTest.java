package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceDiagramTest {

    private static Segment segment(int from, int to, TcpFlags flags, int seq, int ack) {
        return Segment.builder(from, to).seq(seq).ack(ack).flags(flags).window(8192).build();
    }

    /** A three-way handshake whose final ACK is lost once and a duplicated SYN,ACK, scripted by hand. */
    @Test
    void rendersAScriptedHandshakeExactly() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        trace.note("client", "CLOSED -> SYN_SENT");
        trace.note("server", "CLOSED -> LISTEN");
        trace.sent("client", "server", segment(1234, 80, TcpFlags.SYN, 100, 0));
        clock.advance(Duration.ofMillis(10));
        trace.delivered("client", "server", segment(1234, 80, TcpFlags.SYN, 100, 0));
        trace.note("server", "LISTEN -> SYN_RECEIVED");
        trace.sent("server", "client", segment(80, 1234, TcpFlags.SYN_ACK, 300, 101));
        trace.duplicated("server", "client", segment(80, 1234, TcpFlags.SYN_ACK, 300, 101));
        clock.advance(Duration.ofMillis(10));
        trace.note("client", "SYN_SENT -> ESTABLISHED");
        trace.dropped("client", "server", segment(1234, 80, TcpFlags.ACK, 101, 301), "lost on the link");
        trace.note("elsewhere", "ignored: not one of the two columns");
        clock.advance(Duration.ofMillis(1_500));
        trace.sent("server", "client", segment(80, 1234, TcpFlags.RST, 301, 0));
        trace.dropped("server", "client", segment(80, 1234, TcpFlags.RST, 301, 0), "lost on the link");
        trace.note("server", "SYN_RECEIVED -> LISTEN");

        String expected = String.join("\n",
                "    time  client                                                          server",
                "   0.000  CLOSED -> SYN_SENT",
                "   0.000                                                                  CLOSED -> LISTEN",
                "   0.000                          --- SYN seq=100 ---------------------->",
                "   0.010                                                                  LISTEN -> SYN_RECEIVED",
                "   0.010                          <---------- SYN,ACK seq=300 ack=101 ---",
                "   0.010                          <---- SYN,ACK seq=300 ack=101 (dup) ---",
                "   0.020  SYN_SENT -> ESTABLISHED",
                "   0.020                          --- ACK seq=101 ack=301 ------------x",
                "   1.520                          <---------------------- RST seq=301 ---",
                "   1.520                            x-------------------- RST seq=301 ---",
                "   1.520                                                                  SYN_RECEIVED -> LISTEN",
                "");
        assertEquals(expected, trace.renderDiagram("client", "server"));
    }

    @Test
    void notesAndSegmentsCanBeQueriedPerEndpoint() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        trace.note("client", "CLOSED -> SYN_SENT");
        trace.sent("client", "server", segment(1234, 80, TcpFlags.SYN, 100, 0));
        trace.note("client", "SYN_SENT -> ESTABLISHED");
        assertEquals(List.of("CLOSED -> SYN_SENT", "SYN_SENT -> ESTABLISHED"), trace.notes("client"));
        assertEquals(List.of(segment(1234, 80, TcpFlags.SYN, 100, 0)),
                trace.segments(TransmissionKind.SENT, "client", "server"));
        assertEquals(List.of(), trace.segments(TransmissionKind.SENT, "server", "client"));
    }

    @Test
    void aDisabledTraceKeepsNothing() {
        Trace trace = Trace.disabled();
        trace.note("client", "CLOSED -> SYN_SENT");
        trace.sent("client", "server", segment(1234, 80, TcpFlags.SYN, 100, 0));
        assertEquals(List.of(), trace.events());
    }

    /** The same picture, produced by a real run over the simulated network with two scripted responders. */
    @Test
    void rendersAnExchangeOverTheSimulatedNetwork() {
        VirtualClock clock = new VirtualClock();
        Trace trace = Trace.recording(clock::nanoTime);
        SimulatedNetwork network = new SimulatedNetwork(clock, 3, LinkProfile.perfect(Duration.ofMillis(50)), trace);
        EndpointAddress clientAddress = EndpointAddress.of(Golden.CLIENT_IP, 1234);
        EndpointAddress serverAddress = EndpointAddress.of(Golden.SERVER_IP, 80);
        SegmentCarrier[] server = new SegmentCarrier[1];
        SegmentCarrier client = network.attach("client", clientAddress, datagram -> {
            trace.note("client", "SYN_SENT -> ESTABLISHED");
        });
        server[0] = network.attach("server", serverAddress, datagram -> {
            Segment syn = ((DecodeResult.Decoded) datagram.decode()).segment();
            trace.note("server", "LISTEN -> SYN_RECEIVED");
            Segment synAck = segment(80, 1234, TcpFlags.SYN_ACK, 300, syn.seq() + 1);
            server[0].send(clientAddress,
                    SegmentCodec.encode(synAck, PseudoHeader.ipv4(Golden.SERVER_IP, Golden.CLIENT_IP)));
        });
        trace.note("client", "CLOSED -> SYN_SENT");
        client.send(serverAddress, SegmentCodec.encode(segment(1234, 80, TcpFlags.SYN, 100, 0),
                PseudoHeader.ipv4(Golden.CLIENT_IP, Golden.SERVER_IP)));
        network.runUntilIdle(100);
        String expected = String.join("\n",
                "    time  client                                                    server",
                "   0.000  CLOSED -> SYN_SENT",
                "   0.000                          --- SYN seq=100 ---------------->",
                "   0.050                                                            LISTEN -> SYN_RECEIVED",
                "   0.050                          <---- SYN,ACK seq=300 ack=101 ---",
                "   0.100  SYN_SENT -> ESTABLISHED",
                "");
        assertEquals(expected, trace.renderDiagram("client", "server"));
    }
}
