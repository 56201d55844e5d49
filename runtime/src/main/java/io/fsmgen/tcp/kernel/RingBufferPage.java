package io.fsmgen.tcp.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Decodes one sub-buffer ("page") read from {@code per_cpu/cpuN/trace_pipe_raw}: the kernel's ring-buffer format,
 * as described by {@code events/header_page} and {@code events/header_event} and implemented in
 * {@code kernel/trace/ring_buffer.c}.
 *
 * <p>A page is a header (a 64-bit timestamp, then a {@code commit} word: the number of data bytes, with flag bits
 * for events lost before this page) and then compressed entries. Each entry starts with a 32-bit word holding a
 * 5-bit {@code type_len} and a 27-bit {@code time_delta} added to the running timestamp: {@code type_len} 1..28 is a
 * record of {@code 4 * type_len} bytes, 0 a record whose length is in the next word, 29 padding (or, with a zero
 * delta, the end of data), 30 a time extension ({@code delta + (next word << 27)}), 31 an absolute timestamp.
 *
 * <p>Bad input never throws: an entry that would overrun the page ends decoding, and {@link Result#malformed()}
 * says so.
 *
 * @param timestampOffset offset of the page timestamp
 * @param commitOffset    offset of the commit word
 * @param commitSize      size of the commit word ({@code local_t}: 8 on 64-bit kernels)
 * @param dataOffset      offset of the first entry
 */
record RingBufferPage(int timestampOffset, int commitOffset, int commitSize, int dataOffset) {

    /** The layout of 64-bit kernels, which {@code events/header_page} states. */
    static final RingBufferPage DEFAULT = new RingBufferPage(0, 8, 8, 16);

    /** Set in the commit word when events were lost (overwritten or dropped) before this page. */
    static final long MISSED_EVENTS = 1L << 31;
    /** Set when the number of lost events is stored after the page's data. */
    static final long MISSED_STORED = 1L << 30;
    /** The bits of the commit word that count data bytes. */
    static final long COMMIT_MASK = (1L << 27) - 1;

    private static final int TYPE_PADDING = 29;
    private static final int TYPE_TIME_EXTEND = 30;
    private static final int TYPE_TIME_STAMP = 31;
    private static final int TS_SHIFT = 27;
    /** Absolute timestamps carry 59 bits; the top bits come from the running timestamp. */
    private static final long TS_MSB_MASK = ~((1L << 59) - 1);

    /** Receives each data record of a page. */
    interface RecordSink {
        /**
         * One record.
         *
         * @param timestamp the record's time in trace-clock units (nanoseconds for {@code mono})
         * @param page      the page, little- or big-endian as the kernel wrote it
         * @param offset    where the record starts (its {@code common_type} field)
         * @param length    its length in bytes, possibly with alignment padding at the end
         */
        void record(long timestamp, ByteBuffer page, int offset, int length);
    }

    /**
     * What decoding a page found.
     *
     * @param records   data records delivered (the kernel's "read events" count the same entries)
     * @param missed    events the kernel reports lost before this page: the stored count, 0 if none, or -1 when
     *                  the page says events were lost without counting them
     * @param malformed a description of the first inconsistency, or null when the page decoded cleanly
     */
    record Result(int records, long missed, String malformed) {}

    /** The layout stated by the text of {@code events/header_page}. */
    static RingBufferPage parse(String headerPage) {
        Map<String, TraceEventFormat.Field> f = TraceEventFormat.parseFields(headerPage, "header_page");
        TraceEventFormat.Field ts = f.get("timestamp");
        TraceEventFormat.Field commit = f.get("commit");
        TraceEventFormat.Field data = f.get("data");
        if (ts == null || commit == null || data == null) {
            throw new IllegalArgumentException("header_page lacks timestamp, commit or data: " + f.keySet());
        }
        return new RingBufferPage(ts.offset(), commit.offset(), commit.size(), data.offset());
    }

    /**
     * The size of a whole page as stated by the text of {@code events/header_page}: the data field's offset plus its
     * size (4096 on x86-64 with the default sub-buffer size).
     */
    static int pageBytes(String headerPage) {
        TraceEventFormat.Field data = TraceEventFormat.parseFields(headerPage, "header_page").get("data");
        if (data == null) {
            throw new IllegalArgumentException("header_page lacks the data field");
        }
        return data.offset() + data.size();
    }

    /**
     * Decodes the page in {@code page[0, length)} and hands each record to {@code sink}.
     */
    Result decode(ByteBuffer page, int length, RecordSink sink) {
        ByteBuffer b = page.duplicate().order(ByteOrder.nativeOrder());
        if (length < dataOffset) {
            return new Result(0, 0, "page of " + length + " bytes is shorter than its header");
        }
        long timestamp = b.getLong(timestampOffset);
        long commitWord = commitSize == 8 ? b.getLong(commitOffset) : b.getInt(commitOffset) & 0xffffffffL;
        int size = (int) (commitWord & COMMIT_MASK);
        int end = dataOffset + size;
        if (end > length) {
            return new Result(0, 0, "commit " + size + " exceeds the " + length + "-byte page");
        }
        long missed = 0;
        if ((commitWord & MISSED_EVENTS) != 0) {
            missed = -1;
            if ((commitWord & MISSED_STORED) != 0 && end + 8 <= length) {
                missed = b.getLong(end);
            }
        }
        int records = 0;
        int pos = dataOffset;
        boolean big = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
        while (pos + 4 <= end) {
            int header = b.getInt(pos);
            int typeLen = big ? header >>> TS_SHIFT : header & 0x1f;
            long delta = big ? header & ((1 << TS_SHIFT) - 1) : header >>> 5;
            if (typeLen == TYPE_PADDING) {
                if (delta == 0) {
                    break;
                }
                if (pos + 8 > end) {
                    return new Result(records, missed, "padding entry truncated at offset " + pos);
                }
                long skip = b.getInt(pos + 4) & 0xffffffffL;
                pos += (int) Math.min(Integer.MAX_VALUE, 4 + skip);
                continue;
            }
            if (typeLen == TYPE_TIME_EXTEND || typeLen == TYPE_TIME_STAMP) {
                if (pos + 8 > end) {
                    return new Result(records, missed, "time entry truncated at offset " + pos);
                }
                long value = ((b.getInt(pos + 4) & 0xffffffffL) << TS_SHIFT) + delta;
                timestamp = typeLen == TYPE_TIME_EXTEND ? timestamp + value : (timestamp & TS_MSB_MASK) | value;
                pos += 8;
                continue;
            }
            int dataStart;
            int dataLength;
            if (typeLen == 0) {
                if (pos + 8 > end) {
                    return new Result(records, missed, "record length truncated at offset " + pos);
                }
                long len = b.getInt(pos + 4) & 0xffffffffL;
                if (len < 4 || pos + 4 + len > end) {
                    return new Result(records, missed, "record of " + len + " bytes at offset " + pos
                            + " overruns the page's " + size + " data bytes");
                }
                dataStart = pos + 8;
                dataLength = (int) len - 4;
            } else {
                dataStart = pos + 4;
                dataLength = typeLen * 4;
                if (dataStart + dataLength > end) {
                    return new Result(records, missed, "record at offset " + pos + " overruns the page");
                }
            }
            timestamp += delta;
            records++;
            sink.record(timestamp, b, dataStart, dataLength);
            pos = dataStart + dataLength;
        }
        return new Result(records, missed, null);
    }
}
