package io.fsmgen.tcp.engine;

import java.util.StringJoiner;

/**
 * The flags byte of a segment as a value. Kept as the raw byte rather than an {@code EnumSet} so that any of the 256
 * combinations a peer may send (SYN+FIN, no flags at all) decodes and re-encodes unchanged; judging combinations is
 * the classifier's job, not the codec's.
 *
 * @param bits the flags byte, 0 to 255
 */
public record TcpFlags(int bits) {

    public static final TcpFlags NONE = new TcpFlags(0);
    public static final TcpFlags SYN = of(TcpFlag.SYN);
    public static final TcpFlags SYN_ACK = of(TcpFlag.SYN, TcpFlag.ACK);
    public static final TcpFlags ACK = of(TcpFlag.ACK);
    public static final TcpFlags PSH_ACK = of(TcpFlag.PSH, TcpFlag.ACK);
    public static final TcpFlags FIN_ACK = of(TcpFlag.FIN, TcpFlag.ACK);
    public static final TcpFlags RST = of(TcpFlag.RST);
    public static final TcpFlags RST_ACK = of(TcpFlag.RST, TcpFlag.ACK);

    public TcpFlags {
        if (bits < 0 || bits > 0xFF) {
            throw new IllegalArgumentException("flags must fit in one byte: " + bits);
        }
    }

    /** The combination of the given flags. */
    public static TcpFlags of(TcpFlag... flags) {
        int bits = 0;
        for (TcpFlag flag : flags) {
            bits |= flag.bit();
        }
        return new TcpFlags(bits);
    }

    public boolean has(TcpFlag flag) {
        return (bits & flag.bit()) != 0;
    }

    public TcpFlags with(TcpFlag flag) {
        return new TcpFlags(bits | flag.bit());
    }

    public TcpFlags without(TcpFlag flag) {
        return new TcpFlags(bits & ~flag.bit());
    }

    /** tcpdump's notation: {@code S}, {@code S.}, {@code F.}, {@code R}, {@code .}; {@code none} when no bit is set. */
    public String tcpdump() {
        if (bits == 0) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        for (TcpFlag flag : TcpFlag.values()) {
            if (has(flag)) {
                out.append(flag.tcpdumpLetter());
            }
        }
        return out.toString();
    }

    /** The textbook notation, most significant first as RFC 9293 figures write it: {@code SYN,ACK}. */
    public String names() {
        if (bits == 0) {
            return "NONE";
        }
        StringJoiner out = new StringJoiner(",");
        for (TcpFlag flag : new TcpFlag[] {TcpFlag.CWR, TcpFlag.ECE, TcpFlag.URG, TcpFlag.SYN, TcpFlag.FIN,
                TcpFlag.RST, TcpFlag.PSH, TcpFlag.ACK}) {
            if (has(flag)) {
                out.add(flag.name());
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return tcpdump();
    }
}
