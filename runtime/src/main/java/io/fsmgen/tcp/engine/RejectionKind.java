package io.fsmgen.tcp.engine;

/** Why the codec refused some bytes, for callers that count or branch; the human reason is in the rejection. */
public enum RejectionKind {
    /** The buffer, offset or length given to the decoder do not describe any bytes. */
    INVALID_BUFFER,
    /** Fewer than 20 bytes: not even a fixed header. */
    TRUNCATED_HEADER,
    /** More bytes than the pseudo-header's length field can describe. */
    TOO_LONG,
    /** The data offset is below 5 words or points past the end of the segment. */
    BAD_DATA_OFFSET,
    /** The checksum over pseudo-header, header and data does not verify. */
    BAD_CHECKSUM,
    /**
     * An option list that cannot be walked: a length byte missing, below 2, running past the data offset, or wrong
     * for a known kind (an MSS option that is not 4 bytes, say).
     */
    MALFORMED_OPTION
}
