package io.fsmgen.tcp.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IcmpTest {

    /** An echo request as iputils ping sends it: identifier 0x1c2b, sequence 1, 8 bytes of data. */
    private static final byte[] REQUEST = HexFormat.of().parseHex("0800" + "0000" + "1c2b0001" + "0102030405060708");

    static {
        Ipv4Codec.putShort(REQUEST, 2, io.fsmgen.tcp.engine.InternetChecksum.complement(
                io.fsmgen.tcp.engine.InternetChecksum.add(0, REQUEST, 0, REQUEST.length)));
    }

    @Test
    void anEchoRequestGetsAReplyWithItsIdentifierSequenceAndData() {
        byte[] packet = new byte[20 + REQUEST.length];
        System.arraycopy(REQUEST, 0, packet, 20, REQUEST.length);
        byte[] reply = Icmp.answer(packet, 20, REQUEST.length).orElseThrow();
        assertEquals(Icmp.ECHO_REPLY, reply[0]);
        assertArrayEquals(java.util.Arrays.copyOfRange(REQUEST, 4, REQUEST.length),
                java.util.Arrays.copyOfRange(reply, 4, reply.length));
        assertEquals(0xFFFF, io.fsmgen.tcp.engine.InternetChecksum.fold(
                io.fsmgen.tcp.engine.InternetChecksum.add(0, reply, 0, reply.length)), "the reply's checksum");
    }

    @Test
    void aCorruptEchoRequestIsIgnored() {
        byte[] corrupt = REQUEST.clone();
        corrupt[9] ^= 0x40;
        assertTrue(Icmp.answer(corrupt, 0, corrupt.length).isEmpty());
    }

    @Test
    void otherMessagesAreIgnoredAndNamed() {
        byte[] unreachable = HexFormat.of().parseHex("0304000000000578");
        assertTrue(Icmp.answer(unreachable, 0, unreachable.length).isEmpty());
        assertEquals("destination unreachable, fragmentation needed (type 3 code 4)",
                Icmp.describe(unreachable, 0, unreachable.length));
        assertTrue(Icmp.answer(REQUEST, 0, 7).isEmpty(), "shorter than an echo header");
    }
}
