package io.fsmgen.tcp.kernel;

import static io.fsmgen.tcp.kernel.ProcNetTcpParser.decimal;

import io.fsmgen.tcp.kernel.ProcNetTcpParser.RowException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the output of {@code ss -tanoeH} (with the State column, so not a single-state filter) into the same
 * {@link KernelSocketEntry} rows as {@link ProcNetTcpParser}, with the same meanings:
 * <ul>
 *   <li>Recv-Q and Send-Q are {@code rx_queue} and {@code tx_queue} for every socket but a listener, whose Send-Q
 *       is its backlog limit: that becomes {@code txQueue} 0, as /proc prints.</li>
 *   <li>{@code timer:(kind,time,n)}: kinds {@code on}, {@code keepalive}, {@code timewait}, {@code persist} are
 *       {@link KernelTimer#RETRANSMIT}, {@link KernelTimer#KEEPALIVE}, {@link KernelTimer#TIME_WAIT},
 *       {@link KernelTimer#ZERO_WINDOW_PROBE}; no timer is {@link KernelTimer#NONE}. The time ({@code 1min20sec},
 *       {@code 15sec}, {@code 6.500ms}, {@code 320ms}, or empty for 0) becomes {@link KernelSocketEntry#USER_HZ}
 *       ticks; {@code n} is the retransmit count. As in /proc, an orphaned FIN-WAIT-2 minisocket shows as
 *       FIN-WAIT-2 with a {@code timewait} timer.</li>
 *   <li>{@code uid:N} (printed only when not 0) and {@code ino:N}; other details ({@code sk:}, {@code cgroup:},
 *       arrows) are ignored.</li>
 *   <li>Addresses {@code 127.0.0.1:80}, {@code [::1]:80}, {@code [::ffff:127.0.0.1]:80} (made plain IPv4, like
 *       /proc's), scope ids ({@code [fe80::1%lo]:80}, {@code 127.0.0.1%lo:80}) dropped; {@code *} as a port is 0
 *       and as an address the IPv6 wildcard. Only literals are accepted, so a parse never resolves a name.</li>
 * </ul>
 *
 * <p>Errors: a malformed line becomes a {@link ProcNetTcpParser.Problem} with its 1-based line number, beside the
 * rows that did parse; never an exception. Immutable and thread-safe.
 */
public final class SsTcpParser {

    /** {@code [<n>min][<n>sec | <n>.]<nnn>ms}, as printed by iproute2's {@code print_ms_timer}; may be empty. */
    private static final Pattern TIME = Pattern.compile("(?:(\\d{1,9})min)?(?:(\\d{1,2})(sec|\\.))?(?:(\\d{1,3})ms)?");
    private static final long MS_PER_TICK = 1000L / KernelSocketEntry.USER_HZ;

    /** Parses the whole output of one {@code ss} run; {@code source} names it in problems. */
    public ProcNetTcpParser.Result parse(String source, CharSequence text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        List<KernelSocketEntry> entries = new ArrayList<>();
        List<ProcNetTcpParser.Problem> problems = new ArrayList<>();
        String all = text.toString();
        int lineNumber = 0;
        for (int start = 0; start < all.length(); ) {
            int end = all.indexOf('\n', start);
            if (end < 0) {
                end = all.length();
            }
            lineNumber++;
            String line = all.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                entries.add(parseLine(line));
            } catch (RowException e) {
                problems.add(new ProcNetTcpParser.Problem(source, lineNumber, e.getMessage(), line));
            }
        }
        return new ProcNetTcpParser.Result(entries, problems);
    }

    private static KernelSocketEntry parseLine(String line) throws RowException {
        String[] tok = line.split("\\s+");
        if (tok.length < 5) {
            throw new RowException("expected at least 5 columns (State Recv-Q Send-Q Local Peer), found " + tok.length);
        }
        KernelTcpState state = state(tok[0]);
        long recvQ = decimal("Recv-Q", tok[1], false);
        long sendQ = decimal("Send-Q", tok[2], false);
        InetSocketAddress local = address("local address", tok[3]);
        InetSocketAddress remote = address("peer address", tok[4]);
        KernelTimer timer = KernelTimer.NONE;
        long ticks = 0;
        long retransmits = 0;
        long uid = 0;
        long inode = -1;
        for (int i = 5; i < tok.length; i++) {
            String t = tok[i];
            if (t.startsWith("timer:")) {
                String inner = t.substring("timer:".length());
                if (!inner.startsWith("(") || !inner.endsWith(")")) {
                    throw new RowException("timer '" + t + "' is not timer:(kind,time,retransmits)");
                }
                String[] parts = inner.substring(1, inner.length() - 1).split(",", -1);
                if (parts.length != 3) {
                    throw new RowException("timer '" + t + "' is not timer:(kind,time,retransmits)");
                }
                timer = timer(parts[0]);
                ticks = timeMillis(parts[1]) / MS_PER_TICK;
                retransmits = decimal("timer retransmits", parts[2], false);
            } else if (t.startsWith("uid:")) {
                uid = decimal("uid", t.substring(4), false);
            } else if (t.startsWith("ino:")) {
                inode = decimal("ino", t.substring(4), false);
            }
        }
        if (inode < 0) {
            throw new RowException("no ino: field (was ss run with -e?)");
        }
        long tx = state == KernelTcpState.LISTEN ? 0 : sendQ;
        return new KernelSocketEntry(local, remote, state, tx, recvQ, timer, ticks, retransmits, uid, inode);
    }

    private static KernelTcpState state(String label) throws RowException {
        for (KernelTcpState s : KernelTcpState.values()) {
            if (s.ssLabel().equals(label)) {
                return s; // UNCONN: CLOSE, the first with that label
            }
        }
        throw new RowException("unknown state '" + label + "'");
    }

    private static KernelTimer timer(String kind) throws RowException {
        switch (kind) {
            case "off":
                return KernelTimer.NONE;
            case "on":
                return KernelTimer.RETRANSMIT;
            case "keepalive":
                return KernelTimer.KEEPALIVE;
            case "timewait":
                return KernelTimer.TIME_WAIT;
            case "persist":
                return KernelTimer.ZERO_WINDOW_PROBE;
            default:
                throw new RowException("unknown timer kind '" + kind + "'");
        }
    }

    /** {@code 1min20sec}, {@code 15sec}, {@code 6.500ms}, {@code 320ms}, {@code ""} to milliseconds. */
    static long timeMillis(String text) throws RowException {
        Matcher m = TIME.matcher(text);
        if (!m.matches() || ".".equals(m.group(3)) && m.group(4) == null) {
            throw new RowException("timer time '" + text + "' is not like 1min20sec, 15sec, 6.500ms or 320ms");
        }
        long ms = 0;
        if (m.group(1) != null) {
            ms += Long.parseLong(m.group(1)) * 60_000;
        }
        if (m.group(2) != null) {
            ms += Long.parseLong(m.group(2)) * 1000;
        }
        if (m.group(4) != null) {
            ms += Long.parseLong(m.group(4));
        }
        return ms;
    }

    private static InetSocketAddress address(String column, String text) throws RowException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new RowException(column + " '" + text + "' is not address:port");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port;
        if (portText.equals("*")) {
            port = 0;
        } else {
            long p = decimal(column + " port", portText, false);
            if (p > 65535) {
                throw new RowException(column + " '" + text + "': port out of range");
            }
            port = (int) p;
        }
        boolean bracketed = host.startsWith("[");
        if (bracketed) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw new RowException(column + " '" + text + "': unbalanced brackets");
            }
            host = host.substring(1, host.length() - 1);
        }
        int percent = host.indexOf('%');
        if (percent >= 0) {
            host = host.substring(0, percent); // scope id or device: /proc does not print it either
        }
        try {
            InetAddress ip;
            if (host.equals("*")) {
                ip = InetAddress.getByAddress(new byte[16]);
            } else if (host.indexOf(':') >= 0) {
                ip = ipv6(column, text, host);
            } else {
                ip = InetAddress.getByAddress(ipv4(column, text, host));
            }
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            throw new RowException(column + " '" + text + "': " + e.getMessage());
        }
    }

    private static byte[] ipv4(String column, String text, String host) throws RowException {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new RowException(column + " '" + text + "': not an IPv4 or IPv6 literal");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].length() > 3) {
                throw new RowException(column + " '" + text + "': IPv4 part out of range");
            }
            long v = decimal(column, parts[i], false);
            if (v > 255) {
                throw new RowException(column + " '" + text + "': IPv4 part out of range");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static InetAddress ipv6(String column, String text, String host) throws RowException, UnknownHostException {
        if (Character.digit(host.charAt(0), 16) < 0 && host.charAt(0) != ':') {
            throw new RowException(column + " '" + text + "': not an IPv6 literal");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                throw new RowException(column + " '" + text + "': not an IPv6 literal");
            }
        }
        // A literal with ':' is parsed, never looked up; getByAddress maps ::ffff:a.b.c.d to plain IPv4.
        InetAddress parsed = InetAddress.getByName(host);
        return parsed instanceof Inet6Address ? InetAddress.getByAddress(parsed.getAddress()) : parsed;
    }
}
