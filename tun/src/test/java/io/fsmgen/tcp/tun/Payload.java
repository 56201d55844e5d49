package io.fsmgen.tcp.tun;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Seeded bytes to send one way, and the SHA-256 the receiver must arrive at. */
record Payload(byte[] bytes, String sha256) {

    static Payload of(int length, long seed) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8 && i + j < length; j++) {
                bytes[i + j] = (byte) (value >>> 8 * j);
            }
        }
        MessageDigest digest = newDigest();
        digest.update(bytes);
        return new Payload(bytes, HexFormat.of().formatHex(digest.digest()));
    }

    int length() {
        return bytes.length;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new AssertionError("every JDK has SHA-256", impossible);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public String toString() {
        return bytes.length + " bytes, sha256 " + sha256.substring(0, 12);
    }
}
