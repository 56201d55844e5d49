package io.fsmgen.tcp.engine;

import java.util.Objects;

/**
 * What the decoder made of some bytes. Sealed so that a caller's {@code switch} must handle the rejection: a
 * datagram from the network is untrusted, and dropping it with a logged reason is the normal path, not an exception.
 */
public sealed interface DecodeResult {

    /** The bytes were a well-formed segment with a valid checksum. */
    record Decoded(Segment segment) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(segment, "segment");
        }
    }

    /** The bytes were refused; {@code reason} says what was wrong in words a person can act on. */
    record Rejected(RejectionKind kind, String reason) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(kind, "kind");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a rejection needs a reason");
            }
        }

        @Override
        public String toString() {
            return "rejected (" + kind + "): " + reason;
        }
    }
}
