package io.fsmgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StateBitsTest {

    @Test
    void valuesOfEveryWidthReadBackAcrossWordBoundaries() {
        Random random = new Random(42);
        StateBits bits = new StateBits(1);
        long[] values = new long[500];
        int[] widths = new int[500];
        for (int i = 0; i < values.length; i++) {
            widths[i] = random.nextInt(65);
            long value = random.nextLong();
            values[i] = widths[i] == 64 ? value : widths[i] == 0 ? 0 : value & ((1L << widths[i]) - 1);
            bits.write(values[i], widths[i]);
        }
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], bits.read(widths[i]), "value " + i + " of width " + widths[i]);
        }
        assertEquals(0, bits.remaining());
    }

    @Test
    void aValueTooWideIsRejected() {
        StateBits bits = new StateBits();
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> bits.write(4, 2));
        assertEquals("4 does not fit in 2 bits", thrown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bits.write(0, 65));
    }

    @Test
    void readingPastTheEndSaysSo() {
        StateBits bits = new StateBits();
        bits.write(5, 3);
        bits.read(2);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> bits.read(2));
        assertEquals("the encoded state ended early: 2 more bits needed at bit 2 of 3", thrown.getMessage());
    }

    @Test
    void clearAndLoadKeepBitsPastTheEndZero() {
        StateBits bits = new StateBits(1);
        bits.write(-1L, 64);
        bits.write(-1L, 64);
        bits.clear();
        bits.write(1, 1);
        assertEquals(1, bits.wordCount());
        assertEquals(1L, bits.word(0));

        StateBits other = new StateBits(1);
        other.write(-1L, 64);
        other.write(3, 2);
        long[] stored = new long[3];
        other.copyTo(stored, 1);
        StateBits loaded = new StateBits(4);
        loaded.write(-1L, 64);
        loaded.write(-1L, 64);
        loaded.write(-1L, 64);
        loaded.load(stored, 1, 66);
        assertTrue(loaded.contentEquals(other));
        assertEquals(3L, loaded.word(1), "the old bits past the loaded length are gone");
        loaded.write(0, 62);
        loaded.write(1, 1);
        assertEquals(3L, loaded.word(1));
        assertEquals(1L, loaded.word(2), "bits appended after a load land on zeros");
        assertFalse(loaded.contentEquals(other));
    }

    @Test
    void loadRejectsBitsPastTheDeclaredLength() {
        StateBits bits = new StateBits();
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> bits.load(new long[] {0b100}, 0, 2));
        assertEquals("bits set past the declared length of 2 bits", thrown.getMessage());
        assertEquals(0, bits.length(), "nothing changed");
    }
}
