package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReceiveBufferTest {

    private static byte[] bytes(int from, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    @Test
    void inOrderDataIsReadableAndShrinksTheWindow() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 1000);
        ReceiveBuffer.Accepted accepted = buffer.accept(1000, bytes(0, 30), false);
        assertEquals(new ReceiveBuffer.Accepted(30, false, 1030), accepted);
        assertEquals(70, buffer.window());
        assertArrayEquals(bytes(0, 10), buffer.read(10));
        assertArrayEquals(bytes(10, 20), buffer.read(100));
        assertEquals(100, buffer.window());
    }

    /**
     * A window already offered beyond the free space (a scale unit's rounding up, to keep the right edge) is still
     * taken, never more than the capacity and one unit less a byte held in all.
     */
    @Test
    void anOfferedEdgeBeyondTheFreeSpaceIsTakenUpToTheCapacityAndOneUnitLessAByte() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 1000);
        buffer.offered(1127, 128);
        assertEquals(127, buffer.window());
        assertEquals(127, buffer.accept(1000, bytes(0, 127), false).newInOrderBytes());
        assertEquals(0, buffer.window(), "the offer is filled");
        assertEquals(0, buffer.freeSpace());
        buffer.offered(1127 + 500, 128);
        assertEquals(100, buffer.window(), "at most 100 + 127 bytes are held: 227 - 127");
        assertEquals(100, buffer.accept(1127, bytes(0, 200), false).newInOrderBytes());
        assertEquals(0, buffer.window());
        assertEquals(227, buffer.readableBytes());
    }

    @Test
    void outOfOrderDataWaitsForTheGap() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 0);
        assertEquals(0, buffer.accept(10, bytes(10, 10), false).newInOrderBytes());
        assertEquals(10, buffer.outOfOrderBytes());
        assertEquals(0, buffer.rcvNxt());
        assertEquals(20, buffer.accept(0, bytes(0, 10), false).newInOrderBytes());
        assertArrayEquals(bytes(0, 20), buffer.read(100));
    }

    @Test
    void duplicatesAndOverlapsAreDeliveredOnce() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 0);
        buffer.accept(0, bytes(0, 10), false);
        buffer.accept(5, bytes(5, 10), false);   // half old
        buffer.accept(30, bytes(30, 10), false); // out of order
        buffer.accept(25, bytes(25, 20), false); // overlaps both sides of the held piece
        buffer.accept(0, bytes(0, 10), false);   // entirely old
        buffer.accept(15, bytes(15, 10), false); // fills the gap
        assertEquals(45, buffer.rcvNxt());
        assertArrayEquals(bytes(0, 45), buffer.read(1000));
    }

    @Test
    void dataBeyondTheWindowIsDropped() {
        ReceiveBuffer buffer = new ReceiveBuffer(10, 0);
        assertEquals(10, buffer.accept(0, bytes(0, 15), false).newInOrderBytes());
        assertEquals(0, buffer.window());
        assertEquals(0, buffer.accept(10, bytes(10, 5), false).newInOrderBytes());
        buffer.read(4);
        assertEquals(4, buffer.accept(10, bytes(10, 5), false).newInOrderBytes());
        assertArrayEquals(bytes(4, 10), buffer.read(100));
    }

    @Test
    void anEarlyFinTakesEffectOnceTheDataBeforeItArrives() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 500);
        ReceiveBuffer.Accepted early = buffer.accept(510, bytes(10, 5), true);
        assertFalse(early.finNowReceived());
        assertFalse(buffer.finReceived());
        ReceiveBuffer.Accepted gap = buffer.accept(500, bytes(0, 10), false);
        assertTrue(gap.finNowReceived());
        assertEquals(516, gap.rcvNxt(), "RCV.NXT steps over the FIN");
        assertFalse(buffer.atEndOfStream());
        assertArrayEquals(bytes(0, 15), buffer.read(100));
        assertTrue(buffer.atEndOfStream());
        assertEquals(0, buffer.accept(515, bytes(99, 3), false).newInOrderBytes(), "nothing follows a FIN");
        assertFalse(buffer.accept(500, new byte[0], true).finNowReceived(), "a retransmitted FIN changes nothing");
        assertEquals(516, buffer.rcvNxt());
    }

    @Test
    void dataHeldBeyondALaterFinIsDiscarded() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 0);
        buffer.accept(20, bytes(20, 10), false); // a confused peer: data at 20..29
        buffer.accept(5, bytes(5, 20), true);    // ...then a FIN at 25
        assertEquals(20, buffer.outOfOrderBytes(), "5..24 kept; 25..29 dropped");
        ReceiveBuffer.Accepted filled = buffer.accept(0, bytes(0, 5), false);
        assertTrue(filled.finNowReceived());
        assertEquals(26, filled.rcvNxt());
        assertArrayEquals(bytes(0, 25), buffer.read(100));
    }

    @Test
    void worksAcrossSequenceWrap() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, -5);
        buffer.accept(0, bytes(5, 10), false);
        buffer.accept(-5, bytes(0, 5), false);
        assertEquals(10, buffer.rcvNxt());
        assertArrayEquals(bytes(0, 15), buffer.read(100));
    }

    /**
     * Cuts a stream into random segments, then delivers them shuffled with duplicates and random overlaps while the
     * reader drains at random: every byte must come out exactly once, in order, for every seed.
     */
    @Test
    void deliversEveryByteExactlyOnceInOrderUnderAnyArrivalOrder() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] stream = new byte[2000 + random.nextInt(3000)];
            random.nextBytes(stream);
            int isn = random.nextInt();
            ReceiveBuffer buffer = new ReceiveBuffer(1 + random.nextInt(1500), isn);
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            int rounds = 0;
            while (!buffer.atEndOfStream()) {
                if (++rounds > 100_000) {
                    throw new AssertionError("seed " + seed + " made no progress");
                }
                // The "sender" retransmits from RCV.NXT: a few random slices of what lies ahead, in random order.
                long next = SeqNum.distance(isn, buffer.rcvNxt());
                List<int[]> slices = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int start = (int) Math.max(0, next - 50 + random.nextInt(buffer.window() + 100));
                    int end = Math.min(stream.length, start + 1 + random.nextInt(300));
                    if (start < end) {
                        slices.add(new int[] {start, end});
                    }
                }
                java.util.Collections.shuffle(slices, new java.util.Random(random.nextLong()));
                for (int[] slice : slices) {
                    boolean fin = slice[1] == stream.length;
                    buffer.accept(isn + slice[0], Arrays.copyOfRange(stream, slice[0], slice[1]), fin);
                }
                if (next >= stream.length && !buffer.finReceived()) {
                    buffer.accept(isn + stream.length, new byte[0], true);
                }
                read.writeBytes(buffer.read(random.nextInt(400)));
            }
            assertArrayEquals(stream, read.toByteArray(), "seed " + seed);
            assertEquals(isn + stream.length + 1, buffer.rcvNxt(), "seed " + seed);
        }
    }
}
