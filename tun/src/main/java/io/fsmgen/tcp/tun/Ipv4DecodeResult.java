package io.fsmgen.tcp.tun;

import java.util.Objects;

/** What {@link Ipv4Codec#decode} made of a packet: a checked header, or the reason the packet is dropped. */
public sealed interface Ipv4DecodeResult {

    /** Every check passed; the payload starts at {@code header.headerLength()}. */
    record Accepted(Ipv4Header header) implements Ipv4DecodeResult {
        public Accepted {
            Objects.requireNonNull(header, "header");
        }
    }

    /** The packet is dropped; {@code reason} names the field and the value that failed. */
    record Rejected(String reason) implements Ipv4DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "rejected IPv4 packet: " + reason;
        }
    }
}
