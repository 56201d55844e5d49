package io.fsmgen.tcp.kernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The counters of one CPU's ring buffer, from the instance's {@code per_cpu/cpuN/stats}
 * ({@code tracing_stats_read} in {@code kernel/trace/trace.c}).
 *
 * @param entries    events in the buffer not yet read; momentarily negative when the kernel sampled its counters while
 *                   they moved (then the buffer is not known to be drained)
 * @param overrun    events overwritten before they were read (overwrite mode)
 * @param dropped    events dropped because the buffer was full (non-overwrite mode)
 * @param readEvents events handed to readers so far
 */
record CpuBufferStats(long entries, long overrun, long dropped, long readEvents) {

    /** Events this CPU's buffer lost so far, whichever the mode. */
    long lost() {
        return overrun + dropped;
    }

    /**
     * Parses the text of a {@code stats} file.
     *
     * @throws IllegalArgumentException naming the line, when a counter is missing or not a number
     */
    static CpuBufferStats parse(String text) {
        return parse(StandardCharsets.US_ASCII.encode(text));
    }

    /**
     * Parses the ASCII text of a {@code stats} file in {@code text}'s remaining bytes, without building strings: the
     * merger reads these counters for every CPU many times a second.
     *
     * @throws IllegalArgumentException naming the line, when a counter is missing or not a number
     */
    static CpuBufferStats parse(ByteBuffer text) {
        Long entries = null;
        Long overrun = null;
        long dropped = 0;
        Long read = null;
        int end = text.limit();
        int line = text.position();
        while (line < end) {
            int eol = line;
            while (eol < end && text.get(eol) != '\n') {
                eol++;
            }
            if (startsWith(text, line, eol, "entries:")) {
                entries = number(text, line, eol, "entries:");
            } else if (startsWith(text, line, eol, "overrun:")) {
                overrun = number(text, line, eol, "overrun:");
            } else if (startsWith(text, line, eol, "dropped events:")) {
                dropped = number(text, line, eol, "dropped events:");
            } else if (startsWith(text, line, eol, "read events:")) {
                read = number(text, line, eol, "read events:");
            }
            line = eol + 1;
        }
        if (entries == null || overrun == null || read == null) {
            throw new IllegalArgumentException("per-CPU stats lack entries, overrun or read events: "
                    + StandardCharsets.US_ASCII.decode(text.duplicate()));
        }
        return new CpuBufferStats(entries, overrun, dropped, read);
    }

    private static boolean startsWith(ByteBuffer text, int from, int to, String key) {
        if (to - from < key.length()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (text.get(from + i) != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The count after {@code key}: blanks, an optional minus, digits, blanks, nothing else. Why a sign: the kernel
     * computes {@code entries} as committed minus overwritten minus read from counters it reads one after the other
     * while writers and the reader move them ({@code ring_buffer_entries_cpu}), so under load it prints small negative
     * numbers now and then ({@code entries: -5} was seen at 40,000 events a second).
     */
    private static long number(ByteBuffer text, int from, int to, String key) {
        int i = from + key.length();
        while (i < to && isBlank(text.get(i))) {
            i++;
        }
        boolean negative = i < to && text.get(i) == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long n = 0;
        while (i < to && text.get(i) >= '0' && text.get(i) <= '9' && i - first < 18) {
            n = n * 10 + (text.get(i) - '0');
            i++;
        }
        int digits = i - first;
        while (i < to && isBlank(text.get(i))) {
            i++;
        }
        if (digits == 0 || i < to) {
            throw new IllegalArgumentException("per-CPU stats line is not a count: "
                    + StandardCharsets.US_ASCII.decode(text.duplicate().position(from).limit(to)));
        }
        return negative ? -n : n;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
