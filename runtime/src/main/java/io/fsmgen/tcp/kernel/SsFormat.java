package io.fsmgen.tcp.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;

/**
 * Formats kernel rows the way {@code ss -tan} prints them, so that a demo or a log line can be
 * compared by eye with {@code ss} on the same host: state label, Recv-Q, Send-Q, local, peer;
 * IPv6 addresses in brackets and in RFC 5952 short form; port 0 as {@code *}.
 *
 * <p>Differences from {@code ss}: IPv4-mapped addresses print as IPv4 (the rows are normalised),
 * and a listener's Send-Q is the /proc {@code tx_queue} (0), not the backlog limit.
 */
public final class SsFormat {

    private static final String[] HEADER = {"State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"};

    private SsFormat() {
    }

    /** One row on one line, single-spaced, e.g. {@code ESTAB 0 0 127.0.0.1:40000 127.0.0.1:5000}. */
    public static String line(KernelSocketEntry e) {
        return String.join(" ", cells(e));
    }

    /** A header and one aligned line per row, each line ending in a newline. */
    public static String table(Collection<KernelSocketEntry> entries) {
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            width[i] = HEADER[i].length();
        }
        String[][] rows = entries.stream().map(SsFormat::cells).toArray(String[][]::new);
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        append(out, HEADER, width);
        for (String[] row : rows) {
            append(out, row, width);
        }
        return out.toString();
    }

    /** {@code 127.0.0.1:5000}, {@code [::1]:5000}, {@code 0.0.0.0:*}, {@code [::]:*}. */
    public static String address(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host = ip instanceof Inet6Address ? "[" + shortIpv6(ip.getAddress()) + "]" : ip.getHostAddress();
        return host + ":" + (a.getPort() == 0 ? "*" : Integer.toString(a.getPort()));
    }

    private static String[] cells(KernelSocketEntry e) {
        return new String[] {
            e.state().ssLabel(),
            Long.toString(e.rxQueue()),
            Long.toString(e.txQueue()),
            address(e.local()),
            address(e.remote())
        };
    }

    private static void append(StringBuilder out, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            boolean numeric = i == 1 || i == 2;
            String cell = cells[i];
            String pad = " ".repeat(width[i] - cell.length());
            out.append(numeric ? pad + cell : last ? cell : cell + pad);
            out.append(last ? "\n" : "  ");
        }
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups as ::. */
    static String shortIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
