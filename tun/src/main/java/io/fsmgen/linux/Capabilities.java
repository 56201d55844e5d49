package io.fsmgen.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The effective capabilities of this process, read from {@code /proc/self/status}, so that a missing privilege is
 * named before a system call fails with a bare "Operation not permitted".
 */
public final class Capabilities {

    /** Creating a TUN device, configuring links and addresses. */
    public static final int CAP_NET_ADMIN = 12;
    /** {@code setns} and {@code ip netns add}. */
    public static final int CAP_SYS_ADMIN = 21;

    private Capabilities() {
    }

    /** Whether this process holds capability {@code bit}; empty when {@code /proc/self/status} cannot say. */
    public static Optional<Boolean> effective(int bit) {
        try {
            return parseEffective(Files.readAllLines(Path.of("/proc/self/status")), bit);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The {@code CapEff:} line's answer for {@code bit}; empty when there is no such line or it is not hex. */
    static Optional<Boolean> parseEffective(List<String> statusLines, int bit) {
        for (String line : statusLines) {
            if (line.startsWith("CapEff:")) {
                try {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return Optional.of((mask >>> bit & 1) != 0);
                } catch (NumberFormatException notHex) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** A reason naming the capabilities this process lacks among {@code bits}, or empty when it has them all. */
    static Optional<String> missing(String what, int... bits) {
        StringBuilder lacking = new StringBuilder();
        for (int bit : bits) {
            if (effective(bit).orElse(true)) {
                continue;
            }
            lacking.append(lacking.length() == 0 ? "" : " and ").append(bit == CAP_NET_ADMIN ? "CAP_NET_ADMIN"
                    : bit == CAP_SYS_ADMIN ? "CAP_SYS_ADMIN" : "capability " + bit);
        }
        if (lacking.length() == 0) {
            return Optional.empty();
        }
        return Optional.of(what + " needs root (" + lacking + "); this process runs without it");
    }
}
