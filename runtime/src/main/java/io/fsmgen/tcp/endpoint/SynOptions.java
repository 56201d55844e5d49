package io.fsmgen.tcp.endpoint;

import io.fsmgen.tcp.engine.Segment;
import io.fsmgen.tcp.engine.Tcb;
import io.fsmgen.tcp.engine.TcpOption;
import io.fsmgen.tcp.engine.TcpOptions;

/**
 * What the two SYNs of a connection say and settle: the MSS each side announces (RFC 9293 §3.7.1), and which of the
 * extensions both offered (RFC 7323 §2.2, §3.2, RFC 2018 §2). The rule is the same whichever side opened: a SYN offers what the
 * configuration enables; a SYN+ACK answers with only what the peer's SYN offered too; an extension is in force once
 * the SYN from each side carried it.
 */
final class SynOptions {

    /** RFC 9293 §3.7.1: the MSS to assume when a peer's SYN names none (IPv4's 576-byte datagram, less 40). */
    static final int DEFAULT_MSS = 536;

    /**
     * The smallest peer MSS taken as announced: below it (down to 0), every segment would carry a few bytes or one,
     * a resource attack (CVE-2019-11477/11479) that Linux stops at the same floor ({@code net.ipv4.tcp_min_snd_mss}).
     */
    static final int MIN_PEER_MSS = 48;

    private SynOptions() {
    }

    /**
     * The options of our SYN ({@code peerSyn} null) or SYN+ACK: MSS always; window scale, timestamps and
     * SACK-permitted when enabled and, in a SYN+ACK, offered by the peer. The timestamp echoes the peer's (RFC 7323 §3.2: TSecr is zero
     * in a segment without ACK).
     *
     * @param mss   the MSS to announce, from the carrier's MTU
     * @param tsVal our timestamp clock now
     */
    static TcpOptions offer(EndpointConfig config, int mss, int tsVal, TcpOptions peerSyn, Tcb tcb) {
        TcpOptions.Builder options = TcpOptions.builder().mss(mss);
        TcpExtensions enabled = config.extensions();
        if (enabled.timestamps() && (peerSyn == null || peerSyn.timestamps().isPresent())) {
            options.timestamps(tsVal, peerSyn == null ? 0 : tcb.tsRecent());
        }
        if (enabled.windowScaling() && (peerSyn == null || peerSyn.windowScale().isPresent())) {
            options.windowScale(config.receiveWindowShift());
        }
        if (enabled.sack() && (peerSyn == null || peerSyn.sackPermitted())) {
            options.sackPermitted();
        }
        return options.build();
    }

    /**
     * Records the peer's SYN: its MSS, and every extension both SYNs carry, into {@code tcb}. Returns a note for the
     * trace when the peer asked for something out of range (an MSS below {@link #MIN_PEER_MSS}; a window-scale shift
     * above 14, RFC 7323 §2.3 "SHOULD log the error"), else null.
     */
    static String accept(Segment peerSyn, EndpointConfig config, Tcb tcb) {
        TcpOptions options = peerSyn.options();
        int mss = options.mss().orElse(DEFAULT_MSS);
        String note = null;
        if (mss < MIN_PEER_MSS) {
            note = "peer's MSS " + mss + " is below " + MIN_PEER_MSS + "; using " + MIN_PEER_MSS
                    + " (as Linux's tcp_min_snd_mss)";
            mss = MIN_PEER_MSS;
        }
        tcb.peerMss(mss);
        TcpExtensions enabled = config.extensions();
        if (enabled.windowScaling() && options.windowScale().isPresent()) {
            TcpOption.WindowScale scale = options.windowScale().get();
            if (scale.shift() > TcpOption.WindowScale.MAX_SHIFT) {
                String shift = "peer's window scale " + scale.shift() + " exceeds 14; using 14 (RFC 7323 §2.3)";
                note = note == null ? shift : note + "; " + shift;
            }
            tcb.scaleWindows(scale.effectiveShift(), config.receiveWindowShift());
        }
        if (enabled.timestamps() && options.timestamps().isPresent()) {
            tcb.enableTimestamps();
            tcb.tsRecent(options.timestamps().get().value());
        }
        if (enabled.sack() && options.sackPermitted()) {
            tcb.enableSack();
        }
        return note;
    }
}
