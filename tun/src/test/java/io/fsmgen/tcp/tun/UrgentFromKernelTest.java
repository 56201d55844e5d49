package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpState;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlags;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Linux's urgent data ({@code MSG_OOB}, Java's {@code sendUrgentData}) reaches the endpoint over a real link: the
 * endpoint signals it (RFC 9293 MUST-31), says how much of it lies ahead of what was read (MUST-32), and hands it over
 * inline, in its place in the stream.
 */
class UrgentFromKernelTest {

    private static final Duration LIMIT = KernelClient.LIMIT;

    @Test
    void test_ESTABLISHED_RCV_ACK_linuxUrgentDataIsSignalledCountedAndInline() throws Exception {
        KernelClient.run("urgent", segment -> false, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);

            kernel.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
            kernel.socket().sendUrgentData('!');
            loop.runUntil(() -> c.signals().contains(TcpSignal.URGENT) && c.readableBytes() == 4, LIMIT,
                    () -> "the urgent byte: signals " + c.signals() + ", " + c.readableBytes() + " readable");
            assertEquals(4, c.urgentBytes(), "up to and including the urgent byte");
            assertArrayEquals("abc!".getBytes(StandardCharsets.US_ASCII), c.receive(10), "inline, in order");
            assertEquals(0, c.urgentBytes());
            assertEquals(1, c.signals().stream().filter(TcpSignal.URGENT::equals).count());
            c.abort();
        });
    }

    /**
     * Urgent data behind a window the endpoint has closed: Linux cannot send the byte, but its window probe for urgent
     * mode starts at RCV.NXT and carries URG (§3.8.5: the notification does not wait for the window). The probe is
     * acceptable even at a zero window (§3.10.7.4, Table 6), so the endpoint signals the urgent data and counts it
     * ahead of everything still unread.
     */
    @Test
    void test_ESTABLISHED_RCV_ACK_linuxUrgentProbeThroughAClosedWindowIsSignalled() throws Exception {
        int buffer = 16_384;
        EndpointConfig small = EndpointConfig.loopback(Duration.ofMillis(50)).withBuffers(65_536, buffer);
        KernelClient.run("urgent", small, segment -> false, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            kernel.write(ByteBuffer.allocate(buffer));
            loop.runUntil(() -> c.tcb().rcvWnd() == 0, LIMIT, () -> "the window filled: " + c);
            kernel.socket().sendUrgentData('!');
            loop.runUntil(() -> c.signals().contains(TcpSignal.URGENT), LIMIT,
                    () -> "the urgent probe: " + c + ", signals " + c.signals());
            assertEquals(buffer, c.readableBytes(), "the urgent byte itself is still outside the window");
            assertEquals(buffer + 1, c.urgentBytes(), "everything unread, then the urgent byte");
            c.receive(buffer);
            loop.runUntil(() -> c.readableBytes() == 1, LIMIT, () -> "the urgent byte once the window opened: " + c);
            assertArrayEquals(new byte[] {'!'}, c.receive(1));
            assertEquals(0, c.urgentBytes());
            c.abort();
        });
    }

    /**
     * The kernel's ACK that completes the handshake is lost, so its first data segment, carrying the urgent byte,
     * completes it instead (§3.10.7.4 fifth: "enter ESTABLISHED state and continue processing"): the urgent data is
     * signalled there too, right after CONNECTED.
     */
    @Test
    void test_SYN_RECEIVED_RCV_ACK_linuxUrgentDataOnTheHandshakesLastSegmentIsSignalled() throws Exception {
        boolean[] dataSeen = {false};
        Predicate<Segment> handshakeAcks = segment -> {
            dataSeen[0] |= segment.payloadLength() > 0;
            return !dataSeen[0] && segment.flags().equals(TcpFlags.ACK);
        };
        KernelClient.run("urgent", handshakeAcks, (net, loop, kernel, listener) -> {
            loop.runUntil(() -> !listener.spawned().isEmpty(), LIMIT, () -> "the kernel's SYN");
            TcpConnection c = listener.spawned().get(0);
            assertEquals(TcpState.SYN_RECEIVED, c.state(), "the kernel's ACK was dropped");

            kernel.socket().sendUrgentData('!');
            loop.runUntil(() -> listener.accept().isPresent() && c.readableBytes() == 1, LIMIT,
                    () -> "the urgent byte: " + c + ", signals " + c.signals() + ", " + c.readableBytes()
                            + " readable");
            assertEquals(List.of(TcpState.CLOSED, TcpState.LISTEN, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED),
                    c.states(), "the urgent segment completed the handshake");
            assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.URGENT), c.signals());
            assertEquals(1, c.urgentBytes());
            assertArrayEquals(new byte[] {'!'}, c.receive(10));
            assertEquals(0, c.urgentBytes());
            c.abort();
        });
    }
}
