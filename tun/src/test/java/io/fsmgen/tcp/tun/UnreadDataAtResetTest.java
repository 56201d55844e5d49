package io.fsmgen.tcp.tun;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.TcpSpec;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.endpoint.TcpException;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Received data nobody has read yet, when a RST ends the connection, and when the application closes, against a
 * stock Linux peer over TUN. What Linux does was established on loopback between two Linux sockets (6.18): a RST
 * leaves the receiver's unread bytes readable; its reads return them, then fail once with ECONNRESET, then return end
 * of stream; after the peer's FIN they return the bytes and end of stream, no error (the RST set EPIPE, which a write
 * reports). A {@code close(2)} with bytes unread sends a RST instead of a FIN ({@code TCPAbortOnClose}), and the
 * sender's next read fails with ECONNRESET, its next write with EPIPE; a {@code shutdown(SHUT_WR)} with bytes unread
 * sends a FIN. Each case below puts the endpoint in Linux's place and checks that its user sees the same.
 */
class UnreadDataAtResetTest {

    private static final Duration LIMIT = KernelClient.LIMIT;
    private static final int UNREAD = 1000;

    /**
     * Linux aborts (SO_LINGER 0) once its 1000 bytes are in our buffer, unread. Our user then reads them, in two
     * reads, all of them, and the next RECEIVE fails with "connection reset", once (Linux's ECONNRESET), then with
     * "connection does not exist": the TCB is gone.
     */
    @Test
    void test_ESTABLISHED_RCV_RST_unreadDataIsReadThenTheResetReported() throws Exception {
        KernelClient.run("rst-unread", s -> false, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            byte[] sent = kernelSends(loop, kernel, c);
            abortKernel(loop, kernel, c);
            assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.RESET), c.signals());
            byte[] first = c.receive(100);
            byte[] rest = c.receive(1 << 16);
            assertArrayEquals(sent, concat(first, rest), "every byte that arrived before the RST");
            assertEquals(TcpSignal.RESET.text(), refusal(() -> c.receive(1 << 16)), "after the data, as ECONNRESET");
            assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.receive(1 << 16)), "reported once");
            assertFalse(c.isEndOfStream(), "no FIN came");
        });
    }

    /**
     * As above, but our user writes first: the SEND gets "connection reset" (Linux's first write after the RST fails
     * with ECONNRESET), and the RECEIVEs after it hand over the data and then find the reset already reported.
     */
    @Test
    void test_ESTABLISHED_RCV_RST_sendAfterTheResetReportsItAndTheDataStaysReadable() throws Exception {
        KernelClient.run("rst-unread-send", s -> false, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            byte[] sent = kernelSends(loop, kernel, c);
            abortKernel(loop, kernel, c);
            assertEquals(TcpSignal.RESET.text(), refusal(() -> c.send(new byte[] {1})), "as ECONNRESET");
            assertArrayEquals(sent, c.receive(1 << 16));
            assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.receive(1 << 16)));
        });
    }

    /**
     * Linux sends 1000 bytes and its FIN, then aborts from FIN-WAIT-2; we are in CLOSE-WAIT with all of it unread.
     * Our user reads the bytes and reaches end of stream, and no RECEIVE reports a reset (Linux's reader sees end of
     * stream; its error, EPIPE, is a write's).
     */
    @Test
    void test_CLOSE_WAIT_RCV_RST_unreadDataIsReadToEndOfStream() throws Exception {
        KernelClient.run("rst-unread-cw", s -> false, (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            byte[] sent = Payload.of(UNREAD, 2).bytes();
            kernel.write(ByteBuffer.wrap(sent));
            kernel.shutdownOutput();
            loop.runUntil(() -> c.state() == CLOSE_WAIT && c.readableBytes() == UNREAD, LIMIT,
                    () -> "Linux's data and FIN: " + c);
            abortKernel(loop, kernel, c);
            assertEquals(List.of(TcpSignal.CONNECTED, TcpSignal.CLOSING, TcpSignal.RESET), c.signals());
            assertArrayEquals(sent, c.receive(1 << 16));
            assertTrue(c.isEndOfStream(), "the FIN came before the RST");
            assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.receive(1 << 16)), "no reset to read");
            assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.send(new byte[] {1})));
        });
    }

    /**
     * Our user, 1000 bytes unread, calls {@code close()}: the RFC's CLOSE, "no more to send", after which it may
     * still read. That is Linux's {@code shutdown(SHUT_WR)}, which sends a FIN with bytes unread: Linux reads end of
     * stream, and our user still reads every byte.
     */
    @Test
    void test_ESTABLISHED_CLOSE_withUnreadDataSendsFinAndTheDataStaysReadable() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("close-unread", EndpointConfig.loopback(Duration.ofMillis(50)), s -> false,
                recording(ours), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            byte[] sent = kernelSends(loop, kernel, c);
            CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
            c.close();
            loop.runUntil(() -> read.isDone() && c.state() == FIN_WAIT_2, LIMIT, () -> "our FIN: " + c);
            assertEquals("end of stream", read.join());
            assertTrue(ours.stream().noneMatch(s -> s.has(TcpFlag.RST)), () -> "no RST: " + ours);
            assertArrayEquals(sent, c.receive(1 << 16), "still readable after CLOSE");
            c.abort();
        });
    }

    /**
     * Our user, 1000 bytes unread, closes for good ({@code closeDiscardingUnread}, Linux's {@code close(2)}): a RST
     * goes instead of a FIN, {@code <SEQ=SND.NXT>}, and Linux's next read fails with ECONNRESET and its write with
     * EPIPE. (The kernel's read after the ECONNRESET returns end of stream, but Java's channel remembers the reset and
     * throws it again, so that one is not checked here.) The bytes are gone on our side too.
     */
    @Test
    void test_ESTABLISHED_CLOSE_discardingUnreadDataResetsLinux() throws Exception {
        closeDiscardingUnreadResetsLinux("discard-unread", false);
    }

    /**
     * As above from CLOSE-WAIT: Linux sent its bytes and its FIN, and we close with the bytes unread. Linux's read
     * fails with ECONNRESET (its write is not tried: Java refuses one after {@code shutdownOutput} itself).
     */
    @Test
    void test_CLOSE_WAIT_CLOSE_discardingUnreadDataResetsLinux() throws Exception {
        closeDiscardingUnreadResetsLinux("discard-unread-cw", true);
    }

    /** With everything read, closing for good is an ordinary CLOSE: a FIN, and Linux reads end of stream. */
    @Test
    void test_ESTABLISHED_CLOSE_discardingNothingSendsFin() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("discard-nothing", EndpointConfig.loopback(Duration.ofMillis(50)), s -> false,
                recording(ours), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            byte[] sent = kernelSends(loop, kernel, c);
            assertArrayEquals(sent, c.receive(1 << 16));
            CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
            c.closeDiscardingUnread();
            loop.runUntil(() -> read.isDone() && c.state() == FIN_WAIT_2, LIMIT, () -> "our FIN: " + c);
            assertEquals("end of stream", read.join());
            assertTrue(ours.stream().noneMatch(s -> s.has(TcpFlag.RST)), () -> "no RST: " + ours);
            c.abort();
        });
    }

    private static void closeDiscardingUnreadResetsLinux(String label, boolean linuxFinFirst) throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run(label, EndpointConfig.loopback(Duration.ofMillis(50)), s -> false, recording(ours),
                (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            kernelSends(loop, kernel, c);
            if (linuxFinFirst) {
                kernel.shutdownOutput();
                loop.runUntil(() -> c.state() == CLOSE_WAIT, LIMIT, () -> "Linux's FIN: " + c);
            }
            int sndNxt = c.tcb().sndNxt();
            CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
            c.closeDiscardingUnread();
            assertEquals(CLOSED, c.state());
            Segment last = ours.get(ours.size() - 1);
            assertTrue(last.has(TcpFlag.RST) && !last.has(TcpFlag.FIN), () -> "a RST, not a FIN: " + ours);
            assertEquals(sndNxt, last.seq(), "<SEQ=SND.NXT>");
            loop.runUntil(read::isDone, LIMIT, () -> "Linux's read, ended by our RST");
            assertEquals("Connection reset", read.join(), "ECONNRESET");
            if (!linuxFinFirst) { // after shutdownOutput, Java refuses a write itself
                IOException write = assertThrows(IOException.class, () -> kernel.write(ByteBuffer.wrap(new byte[1])));
                assertEquals("Broken pipe", write.getMessage(), "EPIPE");
            }
            assertEquals(0, c.readableBytes(), "the unread bytes were discarded");
            assertEquals(TcpSpec.CONNECTION_DOES_NOT_EXIST, refusal(() -> c.receive(1 << 16)));
        });
    }

    // ---- helpers ----

    /** Linux writes 1000 bytes, and the loop runs until they are all in our buffer, unread; returns them. */
    private static byte[] kernelSends(EndpointLoop loop, SocketChannel kernel, TcpConnection c) throws IOException {
        byte[] sent = Payload.of(UNREAD, 1).bytes();
        kernel.write(ByteBuffer.wrap(sent));
        loop.runUntil(() -> c.readableBytes() == UNREAD, LIMIT, () -> "Linux's data: " + c);
        return sent;
    }

    /** Linux closes with SO_LINGER 0, so a RST at its SND.NXT, and the loop runs until it has ended {@code c}. */
    private static void abortKernel(EndpointLoop loop, SocketChannel kernel, TcpConnection c) throws IOException {
        kernel.setOption(StandardSocketOptions.SO_LINGER, 0);
        kernel.close();
        loop.runUntil(c::isDeleted, LIMIT, () -> "Linux's RST: " + c);
        assertEquals(CLOSED, c.state());
    }

    /** The RFC text of the refusal {@code call} throws. */
    private static String refusal(Runnable call) {
        return assertThrows(TcpException.class, call::run).text();
    }

    /** A predicate that loses none of our segments and keeps each one in {@code ours}. */
    private static Predicate<Segment> recording(List<Segment> ours) {
        return s -> {
            ours.add(s);
            return false;
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
