package io.fsmgen.tcp.tun;

import io.fsmgen.tcp.engine.InternetChecksum;
import java.util.Optional;

/**
 * What the TUN carrier does with ICMP (RFC 792, RFC 1122 §3.2.2): it answers an echo request to its own address
 * with an echo reply carrying the same identifier, sequence number and data, so that {@code ping} shows the endpoint
 * is there; it ignores every other message, after counting it.
 *
 * <p>Ignoring destination-unreachable is deliberate. For TCP these are soft errors (RFC 1122 §4.2.3.9, RFC 5461)
 * that must not abort a connection; "fragmentation needed" would matter for path MTU discovery, but on a TUN link the
 * kernel is the next hop, no router stands between, and the endpoint already sizes its segments from the link's MTU.
 */
final class Icmp {

    static final int ECHO_REPLY = 0;
    static final int ECHO_REQUEST = 8;
    /** Type, code, checksum, identifier, sequence number. */
    static final int ECHO_HEADER = 8;

    private Icmp() {
    }

    /**
     * The ICMP message that answers the one in {@code packet[offset, offset + length)}: an echo reply to a
     * well-formed echo request, empty for anything else.
     */
    static Optional<byte[]> answer(byte[] packet, int offset, int length) {
        if (length < ECHO_HEADER || (packet[offset] & 0xFF) != ECHO_REQUEST || packet[offset + 1] != 0
                || InternetChecksum.fold(InternetChecksum.add(0, packet, offset, length)) != 0xFFFF) {
            return Optional.empty();
        }
        byte[] reply = new byte[length];
        System.arraycopy(packet, offset, reply, 0, length);
        reply[0] = ECHO_REPLY;
        reply[2] = 0;
        reply[3] = 0;
        Ipv4Codec.putShort(reply, 2, InternetChecksum.complement(InternetChecksum.add(0, reply, 0, length)));
        return Optional.of(reply);
    }

    /** A short description for the carrier's counters: "type 3 code 4", with the name of the common types. */
    static String describe(byte[] packet, int offset, int length) {
        if (length < 2) {
            return "a truncated ICMP message of " + length + " bytes";
        }
        int type = packet[offset] & 0xFF;
        int code = packet[offset + 1] & 0xFF;
        String name = switch (type) {
            case ECHO_REPLY -> "echo reply";
            case 3 -> code == 4 ? "destination unreachable, fragmentation needed" : "destination unreachable";
            case ECHO_REQUEST -> "echo request (bad checksum or code)";
            case 11 -> "time exceeded";
            default -> "ICMP";
        };
        return name + " (type " + type + " code " + code + ")";
    }
}
