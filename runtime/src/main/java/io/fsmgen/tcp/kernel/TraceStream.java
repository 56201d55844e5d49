package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads an instance's per-CPU ring buffers ({@code per_cpu/cpuN/trace_pipe_raw}) and hands their records to one
 * output, merged into kernel order.
 *
 * <p><b>Threads.</b> One reader per CPU blocks in {@code read()}, decodes the page and hands the records over; one
 * merger thread delivers them to the {@link Output}. A reader waits while {@value #MAX_PENDING_DEFAULT} (or the
 * configured number of) handed records are not yet taken by the merger: a stalled output then fills the kernel
 * buffer, whose losses the merger reports, instead of memory.
 *
 * <p><b>What {@code read()} on {@code trace_pipe_raw} does</b> ({@code tracing_buffers_read} in
 * {@code kernel/trace/trace.c}, {@code ring_buffer_read_page} in {@code ring_buffer.c}): it copies out one whole
 * sub-buffer ("page", {@code buffer_subbuf_size_kb}), zero-filled after its data, so the buffer passed is exactly a
 * page and each successful read is one page. When the CPU's buffer is empty it sleeps until an event is committed.
 * It returns 0, without sleeping, when the buffer is not empty by the kernel's measure yet holds nothing it can hand
 * out: a page whose only entries were discarded (an event reserved, then rejected by the filter, while a later one
 * was already reserved after it), or a writer racing the reader. That state lasts until the next event on that CPU,
 * so the reader treats 0 as "nothing yet", never as an end.
 *
 * <p><b>Reads of nothing are the common case under load, so they are paced.</b> With an in-kernel filter and two
 * busy CPUs, that state is the usual one, not a rarity: on the echo benchmark (2 CPUs, loopback) 7,500 of 9,300
 * reads returned nothing, one CPU's buffer looked "not empty" for seconds without holding a single event, and
 * committing a record of our own on that CPU (a {@code trace_marker} write from a reader pinned there, tried) did not
 * end it: every read after the one that took it returned nothing again. Neither {@code read()} nor {@code poll()}
 * blocks then (both ask the same "not empty"). The first version retried after 10 µs, doubling: a reader then woke
 * four or five times per event at 10,000 events a second, and cost more CPU than the whole bare server. Now, after a
 * read of nothing, the reader sleeps {@value #FIRST_IDLE_PARK_MICROS} µs, doubling up to
 * {@value #MAX_IDLE_PARK_MICROS} µs while nothing comes: under load each read takes a batch (one read, one merge, one
 * wake-up of each event loop for many events), at the price of up to that much delay before an event is seen. When
 * the buffer is really empty, {@code read()} blocks in the kernel and an event is seen at once.
 *
 * <p><b>Order.</b> Each CPU's buffer is in time order; across CPUs the merger delivers a record with timestamp
 * {@code t} only once every other CPU is known to hold nothing older: either that CPU has handed over a record at
 * {@code t} or later, or its {@code stats} show it drained, that is no unread entry ({@code entries: 0}) and every
 * event the kernel handed to our reader ({@code read events}) already taken by the merger. The merger takes the
 * handed records first and reads the counters after: a CPU drained at that later moment had handed, before the take,
 * every event committed before it. Since the kernel commits an event before a later event of the same socket can
 * start (the tracepoint is written in line, under the socket's lock or in the same softirq), an event taken from one
 * CPU was committed after every event it follows causally, which is then taken or counted undrained: two causally
 * ordered events are always delivered in order, whichever CPUs recorded them. (Reading the counters before the take,
 * as the first version did, let a CPU look drained while the cause of a taken event was still being committed there;
 * on a loaded machine a watcher then saw a connection's events out of order.)
 * Events recorded concurrently on two CPUs within the same microsecond have no causal order and are delivered by
 * timestamp, as far as each CPU's reader has seen them.
 *
 * <p><b>Never stalled by a counter.</b> The order above trusts the kernel's {@code stats}; should a CPU look undrained
 * for {@value #STUCK_AFTER_MILLIS} ms while its reader sits in one {@code read()} the whole time (the kernel says it
 * has nothing to hand out) and its counters do not move, the merger logs the counters once, re-bases that CPU's count
 * and treats it as drained until its counters move again. A merger or reader that fails for any reason reports it to
 * the {@link Output} ({@link Output#failed}), so a waiting {@code sync()} ends with the cause instead of waiting out
 * its bound.
 */
final class TraceStream implements AutoCloseable {

    /** Where the merged records go; called on the merger thread only. */
    interface Output {
        void event(KernelTcpEvent event);

        void marker(long timestamp, String text);

        /** A record or page the decoder could not read, with its text. */
        void malformed(String description);

        /** The stream stopped because reading failed. */
        void failed(IOException cause);
    }

    static final int MAX_PENDING_DEFAULT = 65_536;
    /** How long a CPU may look undrained with its reader idle in the kernel before it is treated as drained. */
    static final long STUCK_AFTER_MILLIS = 1000;
    /** The first sleep after a read that returned nothing (see the class comment). */
    static final long FIRST_IDLE_PARK_MICROS = 500;
    /** The longest sleep between two reads that returned nothing (see the class comment). */
    static final long MAX_IDLE_PARK_MICROS = 5000;
    /** While the merger holds records it cannot deliver yet, it looks at the counters again this often at least. */
    private static final long RECHECK_MILLIS = 100;
    private static final int STATS_BYTES = 4096;
    private static final System.Logger LOG = System.getLogger(TraceStream.class.getName());

    private final TracefsInstance instance;
    private final RingBufferPage layout;
    private final TcpTraceDecoder decoder;
    private final int pageSize;
    private final int maxPending;
    private final Output out;
    private final List<Cpu> cpus = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition handed = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final Condition emptyRead = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private int pendingCount;
    /** Reads that returned nothing, all CPUs. Guarded by {@link #lock}. */
    private long emptyReads;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /**
     * One CPU: its files; what its reader handed over (guarded by lock); whether its reader is inside {@code read()}
     * (written by the reader only); what the merger holds and knows (merger only).
     */
    private static final class Cpu {
        final int cpu;
        final FileChannel pipe;
        final FileChannel stats;
        final ArrayDeque<Entry> pending = new ArrayDeque<>();
        long handedRecords;
        long lastTimestamp = Long.MIN_VALUE;
        volatile boolean inRead;
        volatile long readsReturned;
        final ArrayDeque<Entry> local = new ArrayDeque<>();
        long lostReported;
        long readOffset;
        /** Since when (nanoTime) the CPU looks stuck, with the counters and read count seen then; -1 when not. */
        long stuckSince = -1;
        CpuBufferStats stuckStats;
        long stuckReads;
        /** The counters at which the CPU was forced drained; null when it is not. */
        CpuBufferStats forcedAt;

        Cpu(int cpu, FileChannel pipe, FileChannel stats) {
            this.cpu = cpu;
            this.pipe = pipe;
            this.stats = stats;
        }
    }

    /** A decoded record: an event, a marker's text, or the description of what could not be decoded. */
    private record Entry(long timestamp, KernelTcpEvent event, String marker, String malformed) {}

    TraceStream(TracefsInstance instance, RingBufferPage layout, TcpTraceDecoder decoder, int pageSize,
                int maxPending, Output out) throws IOException {
        this.instance = instance;
        this.layout = layout;
        this.decoder = decoder;
        this.pageSize = pageSize;
        this.maxPending = maxPending;
        this.out = out;
        try {
            for (int cpu : instance.cpus()) {
                Path dir = instance.path("per_cpu/cpu" + cpu);
                cpus.add(new Cpu(cpu, FileChannel.open(dir.resolve("trace_pipe_raw"), StandardOpenOption.READ),
                        FileChannel.open(dir.resolve("stats"), StandardOpenOption.READ)));
            }
        } catch (IOException e) {
            closeFiles();
            throw e;
        }
    }

    /** Starts the readers and the merger. */
    void start() {
        for (Cpu c : cpus) {
            threads.add(thread("fsmgen-ktrace-" + instance.name() + "-cpu" + c.cpu, () -> read(c)));
        }
        threads.add(thread("fsmgen-ktrace-" + instance.name(), this::merge));
        threads.forEach(Thread::start);
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(null, body, name, 256 * 1024);
        t.setDaemon(true);
        return t;
    }

    /** Losses reported so far, over all CPUs. */
    long lost() {
        lock.lock();
        try {
            long sum = 0;
            for (Cpu c : cpus) {
                sum += c.lostReported;
            }
            return sum;
        } finally {
            lock.unlock();
        }
    }

    private void read(Cpu c) {
        ByteBuffer page = ByteBuffer.allocateDirect(pageSize);
        List<Entry> batch = new ArrayList<>();
        long[] last = {Long.MIN_VALUE};
        int emptyInARow = 0;
        TcpTraceDecoder.Sink sink = new TcpTraceDecoder.Sink() {
            @Override
            public void event(KernelTcpEvent event) {
                batch.add(new Entry(event.timestampNanos(), event, null, null));
            }

            @Override
            public void marker(long timestamp, String text) {
                batch.add(new Entry(timestamp, null, text, null));
            }

            @Override
            public void malformed(String description) {
                batch.add(new Entry(last[0], null, null, description));
            }
        };
        try {
            while (true) {
                page.clear();
                int n;
                c.inRead = true;
                try {
                    n = c.pipe.read(page);
                } finally {
                    c.inRead = false;
                    c.readsReturned++;
                }
                if (n <= 0) {
                    // read(2) returned 0 (Java says -1): nothing to hand out yet, though not empty; see the class
                    // comment. Not an end.
                    countEmptyRead();
                    idle(emptyInARow++);
                    continue;
                }
                emptyInARow = 0;
                batch.clear();
                RingBufferPage.Result r;
                try {
                    r = layout.decode(page, n, (ts, b, off, len) -> {
                        last[0] = ts;
                        decoder.decode(ts, b, off, len, sink);
                    });
                } catch (RuntimeException e) {
                    // a decoding bug must not stop this CPU's stream (the merge would wait for it for good)
                    batch.clear();
                    batch.add(new Entry(last[0], null, null, "page of cpu" + c.cpu + " failed to decode: " + e));
                    r = new RingBufferPage.Result(countRecords(page, n), 0, null);
                }
                if (r.malformed() != null) {
                    batch.add(new Entry(last[0], null, null, "page of cpu" + c.cpu + ": " + r.malformed()));
                }
                hand(c, batch, r.records(), last[0]);
            }
        } catch (ClosedChannelException e) {
            // closed by close(): the normal end
        } catch (IOException e) {
            if (!isClosed()) {
                fail(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail(new IOException("reader of cpu" + c.cpu + " stopped: " + e, e));
            throw e;
        }
    }

    private void countEmptyRead() {
        lock.lock();
        try {
            emptyReads++;
            emptyRead.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the readers have had {@code n} reads in all that returned nothing; false if {@code bound} passed
     * first. Diagnostics and tests: such reads are rare on a live kernel (see the class comment).
     */
    boolean awaitEmptyReads(long n, long boundNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = boundNanos;
            while (emptyReads < n) {
                if (left <= 0) {
                    return false;
                }
                left = emptyRead.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** After the {@code n}th read in a row (from 0) that returned nothing: sleep, longer each time. */
    private static void idle(int n) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(Math.min(MAX_IDLE_PARK_MICROS,
                FIRST_IDLE_PARK_MICROS << Math.min(20, n))));
    }

    /** The records of a page, decoded without looking at them (after a decoding failure). */
    private int countRecords(ByteBuffer page, int n) {
        return layout.decode(page, n, (ts, b, off, len) -> { }).records();
    }

    private void hand(Cpu c, List<Entry> batch, int records, long lastTimestamp) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && pendingCount >= maxPending) {
                room.await();
            }
            c.pending.addAll(batch);
            pendingCount += batch.size();
            c.handedRecords += records;
            if (records > 0) {
                c.lastTimestamp = Math.max(c.lastTimestamp, lastTimestamp);
            }
            handed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void merge() {
        try {
            mergeLoop();
        } catch (Throwable e) {
            if (!isClosed()) {
                fail(e instanceof IOException io ? io : new IOException("merger stopped: " + e, e));
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private void mergeLoop() throws IOException {
        ByteBuffer statsBuffer = ByteBuffer.allocate(STATS_BYTES);
        CpuBufferStats[] stats = new CpuBufferStats[cpus.size()];
        boolean[] drained = new boolean[cpus.size()];
        long[] lastTs = new long[cpus.size()];
        long[] taken = new long[cpus.size()];
        try {
            while (true) {
                lock.lock();
                try {
                    boolean holding = cpus.stream().anyMatch(c -> !c.local.isEmpty());
                    while (!closed && pendingCount == 0) {
                        if (holding) {
                            handed.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                            break;
                        }
                        handed.await();
                    }
                    if (closed) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                // First take what the readers handed, then read the counters: see "Order" in the class comment.
                lock.lock();
                try {
                    for (int i = 0; i < cpus.size(); i++) {
                        Cpu c = cpus.get(i);
                        taken[i] = c.handedRecords;
                        lastTs[i] = c.lastTimestamp;
                        c.local.addAll(c.pending);
                        pendingCount -= c.pending.size();
                        c.pending.clear();
                    }
                    room.signalAll();
                } finally {
                    lock.unlock();
                }
                for (int i = 0; i < cpus.size(); i++) {
                    Cpu c = cpus.get(i);
                    stats[i] = readStats(c, statsBuffer);
                    drained[i] = stats[i].entries() == 0 && stats[i].readEvents() - c.readOffset == taken[i]
                            || stats[i].equals(c.forcedAt);
                }
                reportLosses(stats);
                long horizon = Long.MAX_VALUE;
                for (int i = 0; i < cpus.size(); i++) {
                    if (!drained[i]) {
                        horizon = Math.min(horizon, lastTs[i]);
                    }
                }
                deliverUpTo(horizon);
                unstick(stats, drained);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The CPU's counters. One read at position 0: the kernel formats the whole text for each read and serves the part
     * at the position asked, so a second read would cut into a newer text.
     */
    private CpuBufferStats readStats(Cpu c, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = c.stats.read(buffer, 0);
        if (n <= 0 || n == buffer.capacity()) {
            throw new IOException("per_cpu/cpu" + c.cpu + "/stats of " + instance.name() + " gave " + n
                    + " bytes, not one short text");
        }
        buffer.flip();
        try {
            return CpuBufferStats.parse(buffer);
        } catch (IllegalArgumentException e) {
            throw new IOException("per_cpu/cpu" + c.cpu + "/stats of " + instance.name() + ": " + e.getMessage(), e);
        }
    }

    private void reportLosses(CpuBufferStats[] stats) {
        for (int i = 0; i < cpus.size(); i++) {
            Cpu c = cpus.get(i);
            long lost = stats[i].lost();
            if (lost > c.lostReported) {
                long delta = lost - c.lostReported;
                lock.lock();
                try {
                    c.lostReported = lost;
                } finally {
                    lock.unlock();
                }
                LOG.log(Level.WARNING, "Kernel trace buffer of cpu" + c.cpu + " in " + instance.name() + " lost "
                        + delta + " event(s) (" + lost + " so far): the reader fell behind");
                out.event(new KernelTcpEvent.EventsLost(System.nanoTime(), c.cpu, delta));
            }
        }
    }

    /** Delivers, in timestamp order, every held record at or before {@code horizon}. */
    private void deliverUpTo(long horizon) {
        while (true) {
            Cpu next = null;
            for (Cpu c : cpus) {
                Entry e = c.local.peekFirst();
                if (e != null && e.timestamp() <= horizon
                        && (next == null || e.timestamp() < next.local.peekFirst().timestamp())) {
                    next = c;
                }
            }
            if (next == null) {
                return;
            }
            Entry e = next.local.pollFirst();
            if (e.event() != null) {
                out.event(e.event());
            } else if (e.marker() != null) {
                out.marker(e.timestamp(), e.marker());
            } else {
                out.malformed(e.malformed());
            }
        }
    }

    /**
     * Lets no counter stall delivery (see the class comment): a CPU that looks undrained, holds nothing handed, and
     * whose reader has sat in the same {@code read()} with the same counters for {@value #STUCK_AFTER_MILLIS} ms is
     * re-based and treated as drained until its counters move.
     */
    private void unstick(CpuBufferStats[] stats, boolean[] drained) {
        long now = System.nanoTime();
        for (int i = 0; i < cpus.size(); i++) {
            Cpu c = cpus.get(i);
            if (c.forcedAt != null && !stats[i].equals(c.forcedAt)) {
                c.forcedAt = null;
            }
            long reads = c.readsReturned;
            boolean idle;
            lock.lock();
            try {
                idle = c.inRead && c.pending.isEmpty();
            } finally {
                lock.unlock();
            }
            if (drained[i] || !idle || c.stuckSince >= 0 && (reads != c.stuckReads
                    || !stats[i].equals(c.stuckStats))) {
                c.stuckSince = -1;
                if (drained[i] || !idle) {
                    continue;
                }
            }
            if (c.stuckSince < 0) {
                c.stuckSince = now;
                c.stuckStats = stats[i];
                c.stuckReads = reads;
            } else if (now - c.stuckSince >= TimeUnit.MILLISECONDS.toNanos(STUCK_AFTER_MILLIS)) {
                lock.lock();
                try {
                    LOG.log(Level.WARNING, "cpu" + c.cpu + " of " + instance.name() + " looks undrained for "
                            + STUCK_AFTER_MILLIS + " ms while its reader waits in the kernel (entries "
                            + stats[i].entries() + ", read events " + stats[i].readEvents() + ", handed "
                            + c.handedRecords + " + offset " + c.readOffset + "); treating it as drained");
                    c.readOffset = stats[i].readEvents() - c.handedRecords;
                } finally {
                    lock.unlock();
                }
                c.forcedAt = stats[i];
                c.stuckSince = -1;
            }
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException e) {
        out.failed(e);
        closeQuietly();
    }

    private void closeQuietly() {
        lock.lock();
        try {
            closed = true;
            handed.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        closeFiles();
    }

    private void closeFiles() {
        for (Cpu c : cpus) {
            try {
                c.pipe.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing " + c.cpu + ": " + e);
            }
            try {
                c.stats.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing stats of " + c.cpu + ": " + e);
            }
        }
    }

    /** Stops the threads (closing a channel interrupts a reader blocked in {@code read()}) and waits for them. */
    @Override
    public void close() throws InterruptedException {
        closeQuietly();
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }
}
