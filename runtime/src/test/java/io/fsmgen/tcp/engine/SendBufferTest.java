package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendBufferTest {

    private static byte[] bytes(int from, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    @Test
    void acceptsOnlyWhatFits() {
        SendBuffer buffer = new SendBuffer(10);
        assertEquals(6, buffer.write(bytes(0, 6)));
        assertEquals(4, buffer.write(bytes(6, 6)));
        assertEquals(0, buffer.write(bytes(12, 1)));
        assertEquals(0, buffer.free());
        assertEquals(0, buffer.write(null, 0, 1));
        assertEquals(0, buffer.write(bytes(0, 3), 2, 5), "a bad range is refused, not thrown");
    }

    @Test
    void sendsRetransmitsAndReleasesOnAcknowledgment() {
        SendBuffer buffer = new SendBuffer(10);
        buffer.write(bytes(0, 8));
        assertArrayEquals(bytes(0, 3), buffer.takeNext(3).toArray());
        assertArrayEquals(bytes(3, 3), buffer.takeNext(3).toArray());
        assertEquals(6, buffer.inFlightBytes());
        assertEquals(2, buffer.unsentBytes());
        assertArrayEquals(bytes(0, 4), buffer.peekInFlight(4).toArray(), "retransmission starts at SND.UNA");
        assertEquals(4, buffer.acknowledge(4));
        assertArrayEquals(bytes(4, 2), buffer.peekInFlight(10).toArray());
        assertEquals(2, buffer.acknowledge(100), "cannot acknowledge more than was sent");
        assertEquals(8, buffer.free());
        assertArrayEquals(bytes(6, 2), buffer.takeNext(10).toArray());
    }

    @Test
    void wrapsAroundTheRing() {
        SendBuffer buffer = new SendBuffer(5);
        for (int round = 0; round < 10; round++) {
            assertEquals(3, buffer.write(bytes(round * 3, 3)));
            assertArrayEquals(bytes(round * 3, 3), buffer.takeNext(5).toArray());
            assertEquals(3, buffer.acknowledge(3));
        }
        assertTrue(buffer.isEmpty());
    }

    @Test
    void segmentsBorrowTheRingAcrossItsEndUntilAcknowledged() {
        SendBuffer buffer = new SendBuffer(8);
        buffer.write(bytes(0, 6));
        buffer.takeNext(6);
        buffer.acknowledge(6);
        assertEquals(5, buffer.write(bytes(6, 5)), "the write wraps: 2 bytes at the end, 3 at the start");
        ByteSlice segment = buffer.takeNext(5);
        assertTrue(segment.isBorrowed(), "no copy for a segment");
        assertArrayEquals(bytes(6, 5), segment.toArray());
        assertArrayEquals(bytes(8, 3), buffer.peekInFlight(2, 10).toArray(), "a resend from past SND.UNA");
        assertEquals(5, buffer.acknowledge(5));
        assertEquals(8, buffer.write(bytes(20, 8)));
        assertArrayEquals(bytes(20, 8), buffer.takeNext(8).toArray(), "the whole ring, wrapped");
    }

    @Test
    void rewindResendsEverythingInFlight() {
        SendBuffer buffer = new SendBuffer(10);
        buffer.write(bytes(0, 6));
        buffer.takeNext(6).toArray();
        buffer.rewind();
        assertEquals(0, buffer.inFlightBytes());
        assertArrayEquals(bytes(0, 6), buffer.takeNext(10).toArray());
    }
}
