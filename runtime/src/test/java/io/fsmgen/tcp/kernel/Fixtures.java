package io.fsmgen.tcp.kernel;

/**
 * Fixture text in the layout of a little-endian (x86) kernel's /proc/net/tcp and tcp6. Written by
 * hand in the kernel's printf formats; trailing columns vary by row kind as they do in the kernel.
 */
final class Fixtures {

    private Fixtures() {
    }

    static final String TCP_HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    /** Line 2: listener 127.0.0.1:5000 with 2 connections waiting in the accept queue. */
    static final String TCP4_LISTEN =
            "   0: 0100007F:1388 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 12345 1 ffff888003a1b000 100 0 0 10 0\n";

    /** Line 3: 127.0.0.1:40000 to 127.0.0.1:5000, 16 bytes unacknowledged, keepalive in 1500 ticks. */
    static final String TCP4_ESTAB =
            "   1: 0100007F:9C40 0100007F:1388 01 00000010:00000000 02:000005DC 00000000  1000        0 23456 2 ffff888003a1b800 20 4 30 10 -1\n";

    /** Line 4: in the style of the kernel documentation's example, 172.16.3.1:40012 to 172.16.3.3:6000. */
    static final String TCP4_DOC_STYLE =
            "  46: 010310AC:9C4C 030310AC:1770 01 00000150:00000000 01:00000019 00000000  1000        0 54165785 4 cd1e6040 25 4 27 3 -1\n";

    /** Line 5: a TIME-WAIT minisocket: timer kind 3, 60 s left, uid and inode 0. */
    static final String TCP4_TIME_WAIT =
            "   3: 0100007F:9C41 0100007F:1388 06 00000000:00000000 03:00001770 00000000     0        0 0 3 ffff888004c2d000\n";

    /** Line 6: an orphaned FIN-WAIT-2 already turned into a timewait minisocket: st=05 with tr=3. */
    static final String TCP4_ORPHAN_FIN_WAIT2 =
            "   4: 0100007F:9C42 0100007F:1388 05 00000000:00000000 03:00000BB8 00000000     0        0 0 3 ffff888004c2d100\n";

    /** Line 7: a passive request socket: printed as SYN-RECV (03) with inode 0. */
    static final String TCP4_REQUEST =
            "   5: 0100007F:1388 0100007F:9C43 03 00000000:00000000 01:00000064 00000001  1000        0 0 1 ffff888004c2d200\n";

    static final String TCP4 = TCP_HEADER + TCP4_LISTEN + TCP4_ESTAB + TCP4_DOC_STYLE + TCP4_TIME_WAIT
            + TCP4_ORPHAN_FIN_WAIT2 + TCP4_REQUEST;

    static final String TCP6_HEADER =
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    /** Line 2: listener [::1]:5000. */
    static final String TCP6_LISTEN_LOOPBACK =
            "   0: 00000000000000000000000001000000:1388 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 34567 1 ffff888005e3c000 100 0 0 10 0\n";

    /** Line 3: a dual-stack socket talking IPv4: ::ffff:127.0.0.1:41000 to ::ffff:127.0.0.1:6000. */
    static final String TCP6_MAPPED_ESTAB =
            "   1: 0000000000000000FFFF00000100007F:A028 0000000000000000FFFF00000100007F:1770 01 00000000:00000005 00:00000000 00000000  1000        0 45678 1 ffff888005e3c800 20 4 30 10 -1\n";

    /** Line 4: [fd00::2]:22 to [2001:db8::1]:50000, CLOSE-WAIT. */
    static final String TCP6_GLOBAL_CLOSE_WAIT =
            "   2: 000000FD000000000000000002000000:0016 B80D0120000000000000000001000000:C350 08 00000000:00000000 00:00000000 00000000     0        0 56789 1 ffff888005e3d000 20 4 30 10 -1\n";

    /** Line 5: a mapped TIME-WAIT minisocket ::ffff:127.0.0.1:41001 to ::ffff:127.0.0.1:6000. */
    static final String TCP6_MAPPED_TIME_WAIT =
            "   3: 0000000000000000FFFF00000100007F:A029 0000000000000000FFFF00000100007F:1770 06 00000000:00000000 03:00001000 00000000     0        0 0 3 ffff888005e3d800\n";

    static final String TCP6 = TCP6_HEADER + TCP6_LISTEN_LOOPBACK + TCP6_MAPPED_ESTAB + TCP6_GLOBAL_CLOSE_WAIT
            + TCP6_MAPPED_TIME_WAIT;
}
