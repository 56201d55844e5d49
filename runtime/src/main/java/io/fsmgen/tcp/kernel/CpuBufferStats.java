package io.fsmgen.tcp.kernel;

/**
 * The counters of one CPU's ring buffer, from the instance's {@code per_cpu/cpuN/stats}
 * ({@code tracing_stats_read} in {@code kernel/trace/trace.c}).
 *
 * @param entries    events in the buffer not yet read
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
        long entries = -1;
        long overrun = -1;
        long dropped = 0;
        long read = -1;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "entries" -> entries = number(line, value);
                case "overrun" -> overrun = number(line, value);
                case "dropped events" -> dropped = number(line, value);
                case "read events" -> read = number(line, value);
                default -> { }
            }
        }
        if (entries < 0 || overrun < 0 || read < 0) {
            throw new IllegalArgumentException("per-CPU stats lack entries, overrun or read events: " + text);
        }
        return new CpuBufferStats(entries, overrun, dropped, read);
    }

    private static long number(String line, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("per-CPU stats line is not a count: " + line, e);
        }
    }
}
