package io.fsmgen.tcp.kernel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Parses the text of {@code /proc/net/tcp} and {@code /proc/net/tcp6} into {@link KernelSocketEntry} rows.
 *
 * <p>Format, per row: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt
 * uid timeout inode ...}; trailing columns differ between full sockets, timewait and request sockets
 * and are ignored. The header row (first token {@code sl}) and blank lines are skipped.
 *
 * <p>Addresses: the kernel prints each 32-bit word of the address with {@code %08X} after loading the
 * network-order bytes as a native integer. So {@code 127.0.0.1} reads {@code 0100007F} on x86, and an
 * IPv6 address is four such words. Decoding writes each word back in {@link #wordOrder()} (the host's
 * native order by default, which is right for the running kernel; tests pass an explicit order so
 * their fixtures do not depend on the build machine). Ports are plain big-endian hex numbers.
 *
 * <p>Errors: a malformed row never aborts the parse and never leaks a bare
 * {@code NumberFormatException}. It becomes a {@link Problem} naming the source, the 1-based line
 * number and what is wrong, collected in {@link Result#problems()} beside the rows that did parse.
 * Why: the runtime polls this table while connections close, and one odd row (a future kernel's
 * new state, say) must not blind it to all the others. Callers that want all-or-nothing use
 * {@link Result#orThrow()}, which throws {@link ProcNetTcpFormatException}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ProcNetTcpParser {

    /** Columns up to and including {@code inode}; every kind of row has at least these. */
    private static final int MIN_COLUMNS = 10;

    private final ByteOrder wordOrder;

    /** A parser for the running kernel: address words in the host's native byte order. */
    public ProcNetTcpParser() {
        this(ByteOrder.nativeOrder());
    }

    /**
     * A parser for text printed by a kernel with the given byte order (little-endian for x86 and
     * arm64, big-endian for s390x).
     */
    public ProcNetTcpParser(ByteOrder wordOrder) {
        this.wordOrder = Objects.requireNonNull(wordOrder, "wordOrder");
    }

    /** The byte order in which each printed 32-bit address word is decoded. */
    public ByteOrder wordOrder() {
        return wordOrder;
    }

    /**
     * Parses one file's text.
     *
     * @param source a name for problem messages, e.g. {@code "/proc/net/tcp6"}
     * @param text   the whole file
     */
    public Result parse(String source, CharSequence text) {
        return parse(source, text, port -> true);
    }

    /**
     * Parses the rows of one file's text whose local port passes {@code localPort}; the others are skipped before
     * any parsing. Why: a caller after a few sockets of a table that holds a hundred thousand TIME_WAIT rows spent
     * most of its time building entries it then threw away. A row whose port cannot be read is parsed anyway, so
     * that it is reported as a problem rather than silently dropped.
     */
    public Result parse(String source, CharSequence text, IntPredicate localPort) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(localPort, "localPort");
        List<KernelSocketEntry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String all = text.toString();
        String[] col = new String[MIN_COLUMNS];
        int lineNumber = 0;
        for (int start = 0; start <= all.length(); ) {
            int end = all.indexOf('\n', start);
            if (end < 0) {
                end = all.length();
            }
            lineNumber++;
            int port = localPort(all, start, end);
            if (port >= 0 && !localPort.test(port)) {
                start = end + 1;
                continue;
            }
            String trimmed = all.substring(start, end).strip();
            start = end + 1;
            if (trimmed.isEmpty() || trimmed.startsWith("sl ")) {
                continue;
            }
            try {
                entries.add(parseRow(trimmed, col));
            } catch (RowException e) {
                problems.add(new Problem(source, lineNumber, e.getMessage(), trimmed));
            }
        }
        return new Result(entries, problems);
    }

    /**
     * The local port of the row in {@code text[start, end)}, read in place from its second column
     * ({@code "  12: 0100007F:1F90 ..."}), or -1 when the row does not have that shape.
     */
    private static int localPort(String text, int start, int end) {
        int i = start;
        while (i < end && text.charAt(i) == ' ') {
            i++;
        }
        while (i < end && text.charAt(i) != ' ') {
            i++; // the slot, "12:"
        }
        while (i < end && text.charAt(i) == ' ') {
            i++;
        }
        int colon = text.indexOf(':', i);
        if (colon < 0 || colon + 5 > end) {
            return -1;
        }
        int port = 0;
        for (int k = colon + 1; k < colon + 5; k++) {
            int digit = Character.digit(text.charAt(k), 16);
            if (digit < 0) {
                return -1;
            }
            port = (port << 4) | digit;
        }
        return colon + 5 == end || text.charAt(colon + 5) == ' ' ? port : -1;
    }

    /** Parses one trimmed row; {@code col} is scratch space for its first columns. */
    private KernelSocketEntry parseRow(String row, String[] col) throws RowException {
        int found = split(row, col);
        if (found < MIN_COLUMNS) {
            throw new RowException("expected at least " + MIN_COLUMNS + " columns, found " + found);
        }
        if (!col[0].endsWith(":")) {
            throw new RowException("slot column '" + col[0] + "' does not end with ':'");
        }
        InetSocketAddress local = socketAddress("local_address", col[1]);
        InetSocketAddress remote = socketAddress("rem_address", col[2]);
        int stateCode = (int) hex("st", col[3], 2);
        KernelTcpState state = KernelTcpState.fromCode(stateCode)
                .orElseThrow(() -> new RowException("unknown state code st=" + col[3]));
        String[] queues = pair("tx_queue:rx_queue", col[4]);
        long tx = hex("tx_queue", queues[0], 8);
        long rx = hex("rx_queue", queues[1], 8);
        String[] timerPair = pair("tr:tm->when", col[5]);
        int timerCode = (int) hex("tr", timerPair[0], 2);
        KernelTimer timer = KernelTimer.fromCode(timerCode)
                .orElseThrow(() -> new RowException("unknown timer kind tr=" + timerPair[0]));
        long when = hex("tm->when", timerPair[1], 16);
        long retransmits = hex("retrnsmt", col[6], 8);
        long uid = decimal("uid", col[7], false);
        decimal("timeout", col[8], true);
        long inode = decimal("inode", col[9], false);
        return new KernelSocketEntry(local, remote, state, tx, rx, timer, when, retransmits, uid, inode);
    }

    /**
     * Fills {@code col} with the row's first whitespace-separated columns and returns how many
     * columns the row has (counting past {@code col.length}). Hand-written because a regex split per
     * row dominated the cost of reading a table of many thousands of sockets.
     */
    private static int split(String row, String[] col) {
        int count = 0;
        int i = 0;
        int n = row.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(row.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int begin = i;
            while (i < n && !Character.isWhitespace(row.charAt(i))) {
                i++;
            }
            if (count < col.length) {
                col[count] = row.substring(begin, i);
            } else if (count > col.length) {
                return count; // enough to know the row is long enough
            }
            count++;
        }
        return count;
    }

    private InetSocketAddress socketAddress(String column, String text) throws RowException {
        String[] parts = pair(column, text);
        String addr = parts[0];
        if (addr.length() != 8 && addr.length() != 32) {
            throw new RowException(column + " '" + text + "': address must have 8 (IPv4) or 32 (IPv6) hex digits, has "
                    + addr.length());
        }
        ByteBuffer bytes = ByteBuffer.allocate(addr.length() / 2).order(wordOrder);
        for (int i = 0; i < addr.length(); i += 8) {
            bytes.putInt((int) hex(column, addr.substring(i, i + 8), 8));
        }
        int port = (int) hex(column + " port", parts[1], 4);
        try {
            // getByAddress turns an IPv4-mapped IPv6 address into an Inet4Address, which is what we want.
            return new InetSocketAddress(InetAddress.getByAddress(bytes.array()), port);
        } catch (UnknownHostException e) {
            throw new RowException(column + " '" + text + "': " + e.getMessage());
        }
    }

    private static String[] pair(String column, String text) throws RowException {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            throw new RowException(column + " '" + text + "' is not two values separated by one ':'");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static long hex(String column, String text, int maxDigits) throws RowException {
        if (text.isEmpty() || text.length() > maxDigits) {
            throw new RowException(column + " '" + text + "' must be 1 to " + maxDigits + " hex digits");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw new RowException(column + " '" + text + "' is not hexadecimal");
            }
            value = (value << 4) | digit;
        }
        if (value < 0) {
            throw new RowException(column + " '" + text + "' is out of range");
        }
        return value;
    }

    /** A decimal column, optionally signed; {@link SsTcpParser} reads its numbers with it too. */
    static long decimal(String column, String text, boolean signed) throws RowException {
        int start = signed && text.startsWith("-") ? 1 : 0;
        if (text.length() == start || text.length() - start > 18) {
            throw new RowException(column + " '" + text + "' must be a decimal number of 1 to 18 digits");
        }
        long value = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new RowException(column + " '" + text + "' is not a decimal number");
            }
            value = value * 10 + (c - '0');
        }
        return start == 1 ? -value : value;
    }

    /**
     * A row that could not be parsed.
     *
     * @param source     the name given to {@link #parse}
     * @param lineNumber 1-based line number in that text (the header is line 1)
     * @param message    what is wrong, naming the column
     * @param line       the offending row, trimmed
     */
    public record Problem(String source, int lineNumber, String message, String line) implements java.io.Serializable {
        @Override
        public String toString() {
            return source + ":" + lineNumber + ": " + message + " in: " + line;
        }
    }

    /**
     * The rows that parsed, in file order, and the problems with those that did not.
     *
     * @param entries  parsed rows
     * @param problems malformed rows; empty when the whole text parsed
     */
    public record Result(List<KernelSocketEntry> entries, List<Problem> problems) {
        /** Copies both lists, so a result never changes. */
        public Result {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }

        /** True when every row parsed. */
        public boolean ok() {
            return problems.isEmpty();
        }

        /**
         * The entries, or a {@link ProcNetTcpFormatException} listing every problem if any row failed.
         */
        public List<KernelSocketEntry> orThrow() {
            if (!problems.isEmpty()) {
                throw new ProcNetTcpFormatException(problems);
            }
            return entries;
        }
    }

    /** One row's failure, caught per row; a checked type so no path forgets to turn it into a Problem. */
    /** A row that cannot be parsed, with what is wrong; shared with {@link SsTcpParser}. */
    static final class RowException extends Exception {
        private static final long serialVersionUID = 1L;

        RowException(String message) {
            super(message, null, false, false);
        }
    }
}
