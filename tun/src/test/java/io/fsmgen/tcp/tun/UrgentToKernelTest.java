package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fsmgen.tcp.endpoint.TcpConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's urgent data ({@link TcpConnection#sendUrgent}) as a stock Linux socket reads it: without
 * {@code SO_OOBINLINE} Linux takes the urgent octet out of the stream (for {@code MSG_OOB}), so the stream read lacks
 * exactly that octet, the one before the endpoint's urgent pointer; with it, the stream is whole. A pointer one off
 * would take out a neighbour instead, and a missing URG would take out nothing.
 */
class UrgentToKernelTest {

    @Test
    void test_ESTABLISHED_SEND_urgentOctetIsLinuxsOutOfBandByte() throws Exception {
        assertEquals("abcdef", kernelReads(false));
    }

    @Test
    void test_ESTABLISHED_SEND_urgentOctetStaysInlineWithOobInline() throws Exception {
        assertEquals("abc!def", kernelReads(true));
    }

    /**
     * Urgent data longer than the 16-bit pointer reaches: the first segments point 65535 ahead (RFC 6093 §4), each
     * later one further, until the pointer fits; Linux still takes out exactly the last urgent octet.
     */
    @Test
    void test_ESTABLISHED_SEND_urgentDataBeyondThe16BitPointer() throws Exception {
        int length = 100_000;
        String urgent = "x".repeat(length - 1) + "!";
        assertEquals("x".repeat(length - 1) + "def", kernelReads(false, urgent));
    }

    /** What the kernel's stream read gets when the endpoint sends "abc!" urgent, then "def", then closes. */
    private static String kernelReads(boolean oobInline) throws Exception {
        return kernelReads(oobInline, "abc!");
    }

    /** What the kernel's stream read gets when the endpoint sends {@code urgent} urgent, then "def", then closes. */
    private static String kernelReads(boolean oobInline, String urgent) throws Exception {
        AtomicReference<String> read = new AtomicReference<>();
        KernelClient.run("urgent-out", segment -> false, (net, loop, kernel, listener) -> {
            kernel.socket().setOOBInline(oobInline);
            TcpConnection c = KernelClient.accept(loop, listener);
            CompletableFuture<byte[]> stream = KernelCall.readToEnd(kernel, loop);
            assertEquals(urgent.length(), c.sendUrgent(urgent.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(3, c.send("def".getBytes(StandardCharsets.US_ASCII)));
            c.close();
            loop.runUntil(stream::isDone, KernelClient.LIMIT, () -> "the kernel's read to end of stream: " + c);
            read.set(new String(stream.join(), StandardCharsets.US_ASCII));
        });
        return read.get();
    }
}
