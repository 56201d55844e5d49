package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
 * <p><b>Threads.</b> One reader per CPU blocks in {@code read()} (which returns as soon as its buffer holds any
 * event), decodes the page and hands the records over; one merger thread delivers them to the {@link Output}. A
 * reader waits while {@value #MAX_PENDING_DEFAULT} (or the configured number of) handed records are not yet taken
 * by the merger: a stalled output then fills the kernel buffer, whose losses the merger reports, instead of memory.
 *
 * <p><b>Order.</b> Each CPU's buffer is in time order; across CPUs the merger delivers a record with timestamp
 * {@code t} only once every other CPU is known to hold nothing older: either that CPU has handed over a record at
 * {@code t} or later, or its {@code stats} show it drained, that is no unread entry ({@code entries: 0}) and every
 * event the kernel handed to our reader ({@code read events}) already handed over to the merger. Since the kernel
 * commits an event before a later event of the same socket can start (both are written under the socket's lock, or
 * in the same softirq), two causally ordered events are always delivered in order, whichever CPUs recorded them.
 * Events recorded concurrently on two CPUs within the same microsecond have no causal order and are delivered by
 * timestamp, as far as each CPU's reader has seen them.
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
    /** A CPU that stays undrained with an empty buffer this long has its read count re-based (see {@link #rebase}). */
    private static final long REBASE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);
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
    /** Guarded by {@link #lock}. */
    private int pendingCount;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /** One CPU: its files, what its reader handed over (guarded by lock) and what the merger holds (merger only). */
    private static final class Cpu {
        final int cpu;
        final FileChannel pipe;
        final FileChannel stats;
        final ArrayDeque<Entry> pending = new ArrayDeque<>();
        long handedRecords;
        long lastTimestamp = Long.MIN_VALUE;
        final ArrayDeque<Entry> local = new ArrayDeque<>();
        long lostReported;
        long readOffset;
        long undrainedSince = -1;

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
        int emptyReads = 0;
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
                int n = c.pipe.read(page);
                if (n <= 0) {
                    // read(2) returned 0, which Java reports as -1: the kernel found the buffer non-empty but had
                    // no committed event to copy yet (tracing_buffers_read). Not an end: read again, easing off
                    // should it repeat.
                    if (++emptyReads > 100) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    continue;
                }
                emptyReads = 0;
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
        ByteBuffer statsBuffer = ByteBuffer.allocate(1024);
        CpuBufferStats[] stats = new CpuBufferStats[cpus.size()];
        boolean[] drained = new boolean[cpus.size()];
        long[] lastTs = new long[cpus.size()];
        try {
            while (true) {
                lock.lock();
                try {
                    boolean holding = cpus.stream().anyMatch(c -> !c.local.isEmpty());
                    while (!closed && pendingCount == 0) {
                        if (holding) {
                            handed.await(100, TimeUnit.MILLISECONDS);
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
                for (int i = 0; i < cpus.size(); i++) {
                    stats[i] = readStats(cpus.get(i), statsBuffer);
                }
                lock.lock();
                try {
                    for (int i = 0; i < cpus.size(); i++) {
                        Cpu c = cpus.get(i);
                        drained[i] = stats[i].entries() == 0
                                && stats[i].readEvents() - c.readOffset == c.handedRecords;
                        lastTs[i] = c.lastTimestamp;
                        c.local.addAll(c.pending);
                        pendingCount -= c.pending.size();
                        c.pending.clear();
                    }
                    room.signalAll();
                } finally {
                    lock.unlock();
                }
                reportLosses(stats);
                long horizon = Long.MAX_VALUE;
                for (int i = 0; i < cpus.size(); i++) {
                    if (!drained[i]) {
                        horizon = Math.min(horizon, lastTs[i]);
                    }
                }
                deliverUpTo(horizon);
                rebase(stats, drained);
            }
        } catch (IOException e) {
            if (!isClosed()) {
                fail(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CpuBufferStats readStats(Cpu c, ByteBuffer buffer) throws IOException {
        buffer.clear();
        long position = 0;
        int n;
        while ((n = c.stats.read(buffer, position)) > 0) {
            position += n;
            if (!buffer.hasRemaining()) {
                break;
            }
        }
        buffer.flip();
        return CpuBufferStats.parse(StandardCharsets.US_ASCII.decode(buffer).toString());
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
     * Guards against a read count that never matches: should a CPU stay undrained with an empty buffer for
     * {@link #REBASE_AFTER_NANOS}, with nothing of it held, its count of handed records is re-based on the kernel's
     * count and a warning logged. Expected never to happen; without it a miscount would stall delivery for good.
     */
    private void rebase(CpuBufferStats[] stats, boolean[] drained) {
        long now = System.nanoTime();
        for (int i = 0; i < cpus.size(); i++) {
            Cpu c = cpus.get(i);
            if (drained[i] || stats[i].entries() != 0) {
                c.undrainedSince = -1;
                continue;
            }
            if (c.undrainedSince < 0) {
                c.undrainedSince = now;
            } else if (now - c.undrainedSince > REBASE_AFTER_NANOS) {
                lock.lock();
                try {
                    if (c.pending.isEmpty()) {
                        long offset = stats[i].readEvents() - c.handedRecords;
                        LOG.log(Level.WARNING, "cpu" + c.cpu + " of " + instance.name() + ": the kernel counts "
                                + stats[i].readEvents() + " events read, the reader handed " + c.handedRecords
                                + "; re-basing");
                        c.readOffset = offset;
                    }
                } finally {
                    lock.unlock();
                }
                c.undrainedSince = -1;
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
