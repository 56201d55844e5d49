package io.fsmgen.tcp.endpoint;

/**
 * Which of the optional TCP extensions an endpoint offers in its SYN, and accepts in a peer's. Each is used on a
 * connection only when both SYNs carried its option; a peer that does not offer one is answered without it.
 *
 * @param windowScaling RFC 7323 §2: window fields shifted so that a window may exceed 64 KiB
 * @param timestamps    RFC 7323 §3–5: a timestamp on every segment, echoed back, and PAWS against old duplicates
 */
public record TcpExtensions(boolean windowScaling, boolean timestamps) {

    /** Every extension this endpoint implements. */
    public static final TcpExtensions ALL = new TcpExtensions(true, true);
    /** RFC 9293 alone: the MSS option and nothing else. */
    public static final TcpExtensions NONE = new TcpExtensions(false, false);
}
