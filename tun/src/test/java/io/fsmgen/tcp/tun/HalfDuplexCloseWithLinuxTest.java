package io.fsmgen.tcp.tun;

import static io.fsmgen.tcp.TcpState.CLOSED;
import static io.fsmgen.tcp.TcpState.CLOSE_WAIT;
import static io.fsmgen.tcp.TcpState.CLOSING;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_1;
import static io.fsmgen.tcp.TcpState.FIN_WAIT_2;
import static io.fsmgen.tcp.TcpState.LAST_ACK;
import static io.fsmgen.tcp.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.TcpSignal;
import io.fsmgen.tcp.endpoint.EndpointConfig;
import io.fsmgen.tcp.endpoint.TcpConnection;
import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.TcpFlag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The half-duplex close (RFC 9293 §3.6.1) against a stock Linux peer over TUN: our user closes for good with
 * {@code closeDiscardingUnread}, in Linux's {@code close(2)}'s place (TcpSpec's A9). What Linux itself does there was
 * established on loopback between two Linux sockets (6.18, synchronised on {@code poll}): new data after
 * {@code close(2)} draws {@code <SEQ=SEG.ACK><CTL=RST>} and ends the connection ({@code TCPAbortOnData} in FIN_WAIT1;
 * the FIN_WAIT2 time-wait socket's "new data after half-duplex close"); {@code close(2)} with data unread after a
 * {@code shutdown(SHUT_WR)} sends {@code <SEQ=SND.NXT><CTL=RST,ACK>} from FIN_WAIT1, FIN_WAIT2, CLOSING and LAST_ACK
 * alike ({@code TCPAbortOnClose}), and nothing from TIME_WAIT, where its time-wait socket stays. Each case puts the
 * endpoint in that Linux's place and checks the same segment and the same outcome for the Linux peer.
 */
class HalfDuplexCloseWithLinuxTest {

    private static final Duration LIMIT = KernelClient.LIMIT;
    private static final EndpointConfig CONFIG = EndpointConfig.loopback(Duration.ofMillis(50));
    private static final int UNREAD = 1000;

    /**
     * Closed for good with nothing unread, our FIN acknowledged: Linux reads end of stream, then writes. Our RST
     * answers its first segment, and Linux, in CLOSE_WAIT, fails the write with EPIPE.
     */
    @Test
    void test_FIN_WAIT_2_RCV_DATA_NO_READER_resetsLinux() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("hdc-fw2-data", CONFIG, s -> false, recording(ours, false), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
            c.closeDiscardingUnread();
            loop.runUntil(() -> read.isDone() && c.state() == FIN_WAIT_2, LIMIT, () -> "our FIN, ACKed: " + c);
            assertEquals("end of stream", read.join());
            int sndNxt = c.tcb().sndNxt();
            CompletableFuture<String> write = kernelWriteUntilRefused(kernel, loop);
            loop.runUntil(() -> write.isDone() && c.isDeleted(), LIMIT, () -> "Linux's data, our RST: " + c);
            assertReset(ours, sndNxt, c);
            assertEquals("Broken pipe", write.join(), "EPIPE, as a RST in CLOSE_WAIT leaves it");
        });
    }

    /**
     * As above with our FIN lost on the way, so we are in FIN_WAIT_1 and Linux in ESTABLISHED when its data comes:
     * our RST ends Linux's blocked read with ECONNRESET.
     */
    @Test
    void test_FIN_WAIT_1_RCV_DATA_NO_READER_resetsLinux() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("hdc-fw1-data", CONFIG, s -> false, recording(ours, true), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            int sndNxt = c.tcb().sndNxt(); // Linux's RCV.NXT: our FIN never reaches it
            CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
            c.closeDiscardingUnread();
            assertEquals(FIN_WAIT_1, c.state());
            kernel.write(ByteBuffer.wrap(Payload.of(100, 3).bytes()));
            loop.runUntil(() -> read.isDone() && c.isDeleted(), LIMIT, () -> "Linux's data, our RST: " + c);
            assertReset(ours, sndNxt, c);
            assertEquals("Connection reset", read.join(), "ECONNRESET");
        });
    }

    /**
     * Linux's data unread, our FIN lost, Linux's FIN in: CLOSING. Closing for good sends a RST at SND.NXT, as
     * Linux's {@code close(2)} does from CLOSING, where a plain ABORT sends none (A2). Its sequence number counts our
     * lost FIN, so Linux answers it with a challenge ACK, which our CLOSED port answers with a RST at its ACK (the
     * same exchange follows Linux's own RST there); Linux's read fails with ECONNRESET.
     */
    @Test
    void test_CLOSING_CLOSE_DISCARDING_UNREAD_resetsLinux() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("hdc-closing", CONFIG, s -> false, recording(ours, true), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            kernelSends(loop, kernel, c);
            c.close();
            assertEquals(FIN_WAIT_1, c.state());
            kernel.shutdownOutput();
            loop.runUntil(() -> c.state() == CLOSING, LIMIT, () -> "Linux's FIN: " + c);
            closeForGoodResetsLinux(loop, kernel, c, ours);
        });
    }

    /** Linux's data and FIN unread, our FIN lost: LAST_ACK. Closing for good sends a RST, as from CLOSING. */
    @Test
    void test_LAST_ACK_CLOSE_DISCARDING_UNREAD_resetsLinux() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("hdc-lastack", CONFIG, s -> false, recording(ours, true), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            kernelSends(loop, kernel, c);
            kernel.shutdownOutput();
            loop.runUntil(() -> c.state() == CLOSE_WAIT, LIMIT, () -> "Linux's FIN: " + c);
            c.close();
            assertEquals(LAST_ACK, c.state());
            closeForGoodResetsLinux(loop, kernel, c, ours);
        });
    }

    /**
     * Our FIN ACKed, Linux's data and FIN in: TIME_WAIT with the data unread. Closing for good sends nothing and the
     * 2·MSL runs on, as Linux's time-wait socket stays after {@code close(2)}; the data is discarded. Linux read our
     * FIN as end of stream, and no RST follows it.
     */
    @Test
    void test_TIME_WAIT_CLOSE_DISCARDING_UNREAD_keepsTimeWait() throws Exception {
        List<Segment> ours = new ArrayList<>();
        KernelClient.run("hdc-timewait", CONFIG, s -> false, recording(ours, false), (net, loop, kernel, listener) -> {
            TcpConnection c = KernelClient.accept(loop, listener);
            CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
            c.close();
            loop.runUntil(() -> read.isDone() && c.state() == FIN_WAIT_2, LIMIT, () -> "our FIN, ACKed: " + c);
            kernel.write(ByteBuffer.wrap(Payload.of(UNREAD, 4).bytes()));
            kernel.shutdownOutput();
            loop.runUntil(() -> c.state() == TIME_WAIT, LIMIT, () -> "Linux's data and FIN: " + c);
            assertEquals(UNREAD, c.readableBytes());
            int sent = ours.size();
            c.closeDiscardingUnread();
            assertEquals(TIME_WAIT, c.state());
            assertEquals(0, c.readableBytes(), "discarded");
            assertEquals(sent, ours.size(), () -> "nothing sent: " + ours);
            assertEquals("end of stream", read.join());
            assertTrue(ours.stream().noneMatch(s -> s.has(TcpFlag.RST)), () -> "no RST: " + ours);
        });
    }

    // ---- helpers ----

    /** Closes {@code c} for good with Linux's bytes unread and checks the RST and Linux's ECONNRESET. */
    private static void closeForGoodResetsLinux(EndpointLoop loop, SocketChannel kernel, TcpConnection c,
            List<Segment> ours) throws IOException {
        assertEquals(UNREAD, c.readableBytes());
        int sndNxt = c.tcb().sndNxt();
        CompletableFuture<String> read = KernelCall.readOnce(kernel, loop);
        c.closeDiscardingUnread();
        assertEquals(CLOSED, c.state());
        Segment rst = ours.get(ours.size() - 1);
        assertTrue(rst.has(TcpFlag.RST) && !rst.has(TcpFlag.FIN), () -> "a RST: " + ours);
        assertEquals(sndNxt, rst.seq(), "<SEQ=SND.NXT>");
        assertEquals(0, c.readableBytes(), "discarded");
        loop.runUntil(read::isDone, LIMIT, () -> "Linux's read, ended by our RST");
        assertEquals("Connection reset", read.join(), "ECONNRESET");
    }

    /** The last of ours is a RST at {@code seq}, Linux's SEG.ACK, and {@code c} is gone without a signal. */
    private static void assertReset(List<Segment> ours, int seq, TcpConnection c) {
        Segment rst = ours.stream().filter(s -> s.has(TcpFlag.RST)).findFirst()
                .orElseThrow(() -> new AssertionError("no RST: " + ours));
        assertFalse(rst.has(TcpFlag.ACK), "<SEQ=SEG.ACK><CTL=RST>, as Linux's reset for a segment");
        assertEquals(seq, rst.seq(), "<SEQ=SEG.ACK>");
        assertEquals(CLOSED, c.state());
        assertFalse(c.signals().contains(TcpSignal.RESET), "nobody reads: no signal");
    }

    /** Linux writes 1000 bytes, and the loop runs until they are all in our buffer, unread. */
    private static void kernelSends(EndpointLoop loop, SocketChannel kernel, TcpConnection c) throws IOException {
        kernel.write(ByteBuffer.wrap(Payload.of(UNREAD, 1).bytes()));
        loop.runUntil(() -> c.readableBytes() == UNREAD, LIMIT, () -> "Linux's data: " + c);
    }

    /**
     * Blocking writes on the kernel's socket until one fails, and that failure's message: more than Linux's send
     * buffer and our window hold, so that a write is still blocked when our RST comes.
     */
    private static CompletableFuture<String> kernelWriteUntilRefused(SocketChannel kernel, EndpointLoop loop) {
        return KernelCall.start("kernel write", loop, () -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            try {
                for (int i = 0; i < 64; i++) {
                    kernel.write(chunk.clear());
                }
                return "64 MiB written";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
    }

    /** A predicate that keeps each of our segments in {@code ours}, losing our FINs if {@code loseFins}. */
    private static Predicate<Segment> recording(List<Segment> ours, boolean loseFins) {
        return s -> {
            ours.add(s);
            return loseFins && s.has(TcpFlag.FIN);
        };
    }
}
