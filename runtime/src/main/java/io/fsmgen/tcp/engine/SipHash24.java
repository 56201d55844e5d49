package io.fsmgen.tcp.engine;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a fast keyed hash that is a PRF for short inputs. The ISS generator
 * needs exactly that, a function of the 4-tuple an off-path attacker cannot predict without the key, and SipHash does
 * it without a {@code javax.crypto} round trip per connection.
 */
final class SipHash24 {

    private final long k0;
    private final long k1;

    /** The key as two little-endian 64-bit halves (bytes 0-7 and 8-15 of the 16-byte key). */
    SipHash24(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Builds from a 16-byte key as the reference implementation reads it. */
    static SipHash24 ofKey(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("SipHash needs a 16-byte key, got " + key.length);
        }
        return new SipHash24(littleEndian(key, 0, 8), littleEndian(key, 8, 8));
    }

    long hash(byte[] message) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int whole = message.length & ~7;
        for (int i = 0; i < whole; i += 8) {
            long m = littleEndian(message, i, 8);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long last = (long) (message.length & 0xFF) << 56 | littleEndian(message, whole, message.length - whole);
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xFF;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long littleEndian(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }
}
