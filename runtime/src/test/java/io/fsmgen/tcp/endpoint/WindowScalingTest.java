package io.fsmgen.tcp.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.engine.LinkProfile;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 7323 window scaling between two endpoints: with 4 MiB buffers on a 1 ms round trip, a transfer is not held to
 * one 64 KiB window per round trip, and each side's idea of the other's window is the scaled one.
 */
class WindowScalingTest {

    private static final int BYTES = 8 << 20;
    private static final Duration ONE_WAY = Duration.ofNanos(500_000);

    @Test
    void aOneMillisecondRoundTripIsNotCappedAt64KibPerRoundTrip() {
        EndpointConfig config = EndpointConfig.simulation().withMssLimit(EndpointConfig.NO_MSS_LIMIT)
                .withBuffers(EndpointConfig.LARGE_RECEIVE_BUFFER, EndpointConfig.LARGE_RECEIVE_BUFFER);
        SimulatedPair sim = new SimulatedPair(5, LinkProfile.perfect(ONE_WAY), config, false);
        SimulatedPair.Opened pair = sim.open();
        assertEquals(7, pair.client().tcb().sndWndShift());
        assertEquals(7, pair.client().tcb().rcvWndShift());

        byte[] data = EndpointScenarioTest.pattern(BYTES);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long start = sim.clock().nanoTime();
        long largestInFlight = 0;
        long largestWindow = 0;
        int sent = 0;
        while (received.size() < BYTES) {
            int room = Math.min(BYTES - sent, pair.client().sendBufferFree());
            if (room > 0) {
                sent += pair.client().send(Arrays.copyOfRange(data, sent, sent + room));
            }
            sim.clock().advance(Duration.ofNanos(100_000));
            received.writeBytes(pair.server().receive(BYTES));
            largestInFlight = Math.max(largestInFlight, pair.client().tcb().inFlight());
            largestWindow = Math.max(largestWindow, pair.client().tcb().sndWnd());
            assertTrue(sim.clock().nanoTime() - start < Duration.ofSeconds(10).toNanos(), "transfer stalled");
        }
        long elapsed = sim.clock().nanoTime() - start;
        assertArrayEquals(data, received.toByteArray());
        long cappedAt64KiB = (long) BYTES / 65_535 * 2 * ONE_WAY.toNanos();
        assertTrue(elapsed < cappedAt64KiB / 4, "took " + elapsed / 1e6 + " ms of virtual time; 64 KiB per round"
                + " trip would take " + cappedAt64KiB / 1e6 + " ms");
        assertTrue(largestInFlight > 1 << 20, "more than a MiB in flight at once: " + largestInFlight);
        assertTrue(largestWindow > 1 << 20, "the peer's scaled window: " + largestWindow);
    }
}
