package io.fsmgen.tcp.engine;

/**
 * One of the eight control bits of RFC 9293 §3.1, in wire order from the least significant bit. The order matters:
 * tcpdump prints flags in this order, and {@link TcpFlags#tcpdump()} follows it so that traces read the same.
 */
public enum TcpFlag {
    FIN(0x01, 'F'),
    SYN(0x02, 'S'),
    RST(0x04, 'R'),
    PSH(0x08, 'P'),
    ACK(0x10, '.'),
    URG(0x20, 'U'),
    ECE(0x40, 'E'),
    CWR(0x80, 'W');

    private final int bit;
    private final char tcpdumpLetter;

    TcpFlag(int bit, char tcpdumpLetter) {
        this.bit = bit;
        this.tcpdumpLetter = tcpdumpLetter;
    }

    /** The bit's value within the flags byte (byte 13 of the header). */
    public int bit() {
        return bit;
    }

    /** The character tcpdump uses for this flag ({@code .} for ACK). */
    public char tcpdumpLetter() {
        return tcpdumpLetter;
    }
}
