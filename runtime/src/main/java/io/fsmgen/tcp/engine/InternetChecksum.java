package io.fsmgen.tcp.engine;

/**
 * The 16-bit one's-complement sum of RFC 1071: TCP's checksum here, the IPv4 and ICMP headers' in the TUN carrier.
 * Sums are kept unfolded in a {@code long} while adding, since a long cannot overflow on anything a 32-bit length can
 * describe, and folded once at the end.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** Adds {@code length} bytes as big-endian 16-bit words to {@code sum}, padding an odd last byte with zero. */
    public static long add(long sum, byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
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
