package io.fsmgen.tcp.endpoint;

/**
 * Which of the optional TCP extensions an endpoint offers in its SYN, and accepts in a peer's. Each is used on a
 * connection only when both SYNs carried its option; a peer that does not offer one is answered without it.
 *
 * @param windowScaling RFC 7323 §2: window fields shifted so that a window may exceed 64 KiB
 * @param timestamps    RFC 7323 §3–5: a timestamp on every segment, echoed back, and PAWS against old duplicates
 * @param sack          RFC 2018: the receiver reports blocks held beyond a gap, and the sender recovers from
 *                      several losses in one round trip by them (RFC 6675)
 */
public record TcpExtensions(boolean windowScaling, boolean timestamps, boolean sack) {

    /** Everything a stock Linux offers: window scaling, timestamps and SACK. */
    public static final TcpExtensions ALL = new TcpExtensions(true, true, true);
    /** RFC 9293 alone: the MSS option and nothing else. */
    public static final TcpExtensions NONE = new TcpExtensions(false, false, false);
}
