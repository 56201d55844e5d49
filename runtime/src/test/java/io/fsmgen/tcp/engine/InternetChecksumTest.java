package io.fsmgen.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time sum against RFC 1071's word-by-word definition, at every alignment and length. */
class InternetChecksumTest {

    @Test
    void foldsLikeTheWordByWordSumAtEveryOffsetAndLength() {
        SplittableRandom random = new SplittableRandom(1071);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(70_000) : random.nextInt(80)];
            if (random.nextInt(10) == 0) {
                java.util.Arrays.fill(bytes, (byte) 0xFF); // carries in every word
            } else {
                random.nextBytes(bytes);
            }
            int offset = bytes.length == 0 ? 0 : random.nextInt(Math.min(bytes.length, 17) + 1);
            int length = random.nextInt(bytes.length - offset + 1);
            long start = random.nextInt(0x10000);
            assertEquals(reference(start, bytes, offset, length),
                    InternetChecksum.fold(InternetChecksum.add(start, bytes, offset, length)),
                    "case " + i + ": " + length + " bytes from " + offset);
        }
    }

    @Test
    void chainedSumsAgreeWithOneSum() {
        byte[] bytes = new byte[1500];
        new SplittableRandom(6).nextBytes(bytes);
        for (int split = 0; split <= bytes.length; split += 2) {
            long chained = InternetChecksum.add(InternetChecksum.add(0, bytes, 0, split), bytes, split,
                    bytes.length - split);
            assertEquals(InternetChecksum.fold(InternetChecksum.add(0, bytes, 0, bytes.length)),
                    InternetChecksum.fold(chained), "split at " + split);
        }
    }

    @Test
    void zeroBytesSumToZeroAndAllOnesToAllOnes() {
        assertEquals(0, InternetChecksum.fold(InternetChecksum.add(0, new byte[64], 0, 64)));
        byte[] ones = new byte[64];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertEquals(0xFFFF, InternetChecksum.fold(InternetChecksum.add(0, ones, 0, 64)));
        assertEquals(0, InternetChecksum.complement(InternetChecksum.add(0, ones, 0, 64)));
    }

    /** RFC 1071 §4.1's loop: 16-bit big-endian words, an odd last byte padded, carries folded as they come. */
    private static int reference(long start, byte[] bytes, int offset, int length) {
        long sum = start;
        int i = offset;
        for (; i + 1 < offset + length; i += 2) {
            sum += (bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        if (i < offset + length) {
            sum += (bytes[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
