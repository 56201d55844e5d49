package io.fsmgen.tcp.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 16-bit one's-complement sum of RFC 1071: TCP's checksum here, the IPv4 and ICMP headers' in the TUN carrier.
 * Sums are kept unfolded in a {@code long} while adding and folded once at the end.
 *
 * <p>The loop reads eight bytes at a time and adds them as two 32-bit big-endian numbers: RFC 1071 §2 (B)'s
 * "parallel summation", sound because 2^16 ≡ 1 modulo 2^16 − 1, so a 32-bit number is congruent to the sum of its
 * two 16-bit words and the fold comes out the same. A long holds 2^31 such additions without overflowing, far more
 * than a 32-bit length can ask for. The unfolded sum may therefore differ from a word-by-word one; only its fold is
 * defined.
 */
public final class InternetChecksum {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /** Adds {@code length} bytes as big-endian 16-bit words to {@code sum}, padding an odd last byte with zero. */
    public static long add(long sum, byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(bytes, i);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) {
            sum += (bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF;
        }
        if (i < end) {
            sum += (bytes[i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds the carries back in (end-around carry), giving a 16-bit one's-complement sum. */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum field value for {@code sum}: the complement of the folded sum. */
    public static int complement(long sum) {
        return ~fold(sum) & 0xFFFF;
    }
}
