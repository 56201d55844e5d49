package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqNumTest {

    private static final int MAX = 0xFFFF_FFFF; // 2^32 - 1, which is -1 as an int

    @Test
    void ordersAcrossTheWrap() {
        assertTrue(SeqNum.lt(MAX, 0));
        assertTrue(SeqNum.lt(MAX - 10, 5));
        assertTrue(SeqNum.gt(5, MAX - 10));
        assertFalse(SeqNum.lt(5, MAX - 10));
        assertTrue(SeqNum.lt(Integer.MAX_VALUE, Integer.MIN_VALUE));
        assertTrue(SeqNum.le(7, 7));
        assertTrue(SeqNum.ge(7, 7));
        assertFalse(SeqNum.lt(7, 7));
        assertFalse(SeqNum.gt(7, 7));
    }

    @Test
    void ordersNumbersLessThanHalfTheSpaceApart() {
        int a = 1_000;
        int justUnderHalf = a + (1 << 30) + ((1 << 30) - 1); // a + 2^31 - 1
        assertTrue(SeqNum.lt(a, justUnderHalf));
        assertTrue(SeqNum.gt(justUnderHalf, a));
        assertFalse(SeqNum.lt(justUnderHalf, a));
    }

    @Test
    void numbersExactlyHalfTheSpaceApartAreIncomparable() {
        int a = 1_000;
        int b = a + Integer.MIN_VALUE; // a + 2^31
        assertFalse(SeqNum.lt(a, b));
        assertFalse(SeqNum.lt(b, a));
        assertFalse(SeqNum.gt(a, b));
        assertFalse(SeqNum.le(a, b));
    }

    @Test
    void betweenIsInclusiveAndWraps() {
        assertTrue(SeqNum.between(MAX - 2, MAX - 2, 3));
        assertTrue(SeqNum.between(MAX - 2, 0, 3));
        assertTrue(SeqNum.between(MAX - 2, 3, 3));
        assertFalse(SeqNum.between(MAX - 2, 4, 3));
        assertFalse(SeqNum.between(MAX - 2, MAX - 3, 3));
        assertTrue(SeqNum.between(10, 10, 10));
        assertFalse(SeqNum.between(10, 11, 10));
    }

    @Test
    void windowIsHalfOpenAndWraps() {
        int rcvNxt = MAX - 1;
        assertTrue(SeqNum.inWindow(rcvNxt, 4, MAX - 1));
        assertTrue(SeqNum.inWindow(rcvNxt, 4, 0));
        assertTrue(SeqNum.inWindow(rcvNxt, 4, 1));
        assertFalse(SeqNum.inWindow(rcvNxt, 4, 2));
        assertFalse(SeqNum.inWindow(rcvNxt, 4, MAX - 2));
        assertFalse(SeqNum.inWindow(rcvNxt, 0, rcvNxt), "an empty window holds nothing");
        assertTrue(SeqNum.inWindow(0, 65535, 65534));
        assertFalse(SeqNum.inWindow(0, 65535, 65535));
    }

    @Test
    void addAndDistanceWrap() {
        assertEquals(1, SeqNum.add(MAX, 2));
        assertEquals(MAX, SeqNum.add(0, -1));
        assertEquals(3, SeqNum.distance(MAX - 1, 1));
        assertEquals(0xFFFF_FFFFL, SeqNum.distance(1, 0));
        assertEquals(4294967295L, SeqNum.unsigned(MAX));
    }

    @Test
    void maxAndMinRespectTheWrap() {
        assertEquals(2, SeqNum.max(MAX, 2));
        assertEquals(MAX, SeqNum.min(MAX, 2));
        assertEquals(2, SeqNum.max(2, MAX));
    }

    @Test
    void agreesWithAWideReferenceOnRandomPairs() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            int a = random.nextInt();
            long forward = random.nextLong(1L << 31); // 0 .. 2^31 - 1 ahead
            int b = (int) (Integer.toUnsignedLong(a) + forward);
            assertEquals(forward != 0, SeqNum.lt(a, b));
            assertFalse(SeqNum.gt(a, b));
            assertEquals(forward, SeqNum.distance(a, b));
        }
    }
}
