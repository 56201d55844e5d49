package io.fsmgen.tcp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.tcp.testing.Recording;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader loop and the merge against kernel behaviours that a live kernel shows only rarely, staged with a fake
 * instance: each CPU's {@code trace_pipe_raw} is a named pipe (a blocking read that returns what the test writes, and
 * returns 0 once every writer has gone, as the kernel's does for a page of discarded entries) and its {@code stats} a
 * file the test rewrites. No sleeps: each test waits, boundedly, for what the stream delivers or reports.
 */
class TraceStreamTest {

    static final Duration BOUND = Duration.ofSeconds(30);

    Path root;
    TracefsInstance instance;
    final List<FileChannel> pipes = new ArrayList<>();
    final List<FileChannel> stats = new ArrayList<>();
    final Seen seen = new Seen();
    TraceStream stream;

    /** What the stream hands to its output: events, markers and malformed records as text, failures. */
    static final class Seen implements TraceStream.Output {
        final Recording<Object> all = new Recording<>();

        @Override
        public void event(KernelTcpEvent event) {
            all.add(event);
        }

        @Override
        public void marker(long timestamp, String text) {
            all.add("marker " + text);
        }

        @Override
        public void malformed(String description) {
            all.add("malformed " + description);
        }

        @Override
        public void failed(IOException cause) {
            all.add(cause);
        }

        Object await(Predicate<Object> p) throws InterruptedException {
            return all.await(p, BOUND, "matching output of the stream");
        }
    }

    @BeforeEach
    void fakeInstance() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "named pipes need Linux");
        root = Files.createTempDirectory("fsmgen-tracestream-");
        Files.createDirectory(root.resolve("instances"));
        instance = TracefsInstance.create(root);
        for (int cpu = 0; cpu < 2; cpu++) {
            Path dir = Files.createDirectories(instance.path("per_cpu/cpu" + cpu));
            Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("trace_pipe_raw").toString()).start();
            assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
            // read-write: opening does not wait for a reader, and the stream's read-only open finds a writer
            pipes.add(FileChannel.open(dir.resolve("trace_pipe_raw"), StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
            stats.add(FileChannel.open(dir.resolve("stats"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
            setStats(cpu, 0, 0);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (stream != null) {
            stream.close();
        }
        for (FileChannel c : pipes) {
            c.close();
        }
        for (FileChannel c : stats) {
            c.close();
        }
        if (root != null) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    void start() throws IOException {
        stream = new TraceStream(instance, RingBufferPage.DEFAULT, TraceRecordsTest.decoder(), 4096, 1024, seen);
        stream.start();
    }

    /** The CPU's counters, written in place at a fixed length (the stream keeps the file open and reads at 0). */
    void setStats(int cpu, long entries, long readEvents) throws IOException {
        String text = String.format("entries: %20d%noverrun: %20d%ncommit overrun: 0%nbytes: 0%n"
                + "oldest event ts: 0.000000%nnow ts: 0.000000%ndropped events: %20d%nread events: %20d%n",
                entries, 0, 0, readEvents);
        stats.get(cpu).write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
    }

    /** One page holding one state change recorded at {@code timestamp}. */
    void writePage(int cpu, long timestamp) throws IOException {
        ByteBuffer page = new TraceRecordsTest.PageWriter(timestamp).small(0, TraceRecordsTest.setState(1, 4, 2))
                .done(0);
        page.clear();
        while (page.hasRemaining()) {
            pipes.get(cpu).write(page);
        }
    }

    /**
     * The stall of the first version: a CPU whose counters claim an unread event that its {@code read()} never
     * returns held back every other CPU's events for good (its guard only re-based a CPU whose {@code entries} was
     * 0). Now the CPU is treated as drained once its reader has waited in the kernel for a second with the counters
     * unchanged, and the event arrives.
     */
    @Test
    void aCpuWhoseCountersNeverDrainDoesNotStallTheOthers() throws Exception {
        setStats(0, 0, 1);
        setStats(1, 1, 0);
        start();
        long before = System.nanoTime();
        writePage(0, 1_000);
        KernelTcpEvent.StateChange e = (KernelTcpEvent.StateChange) seen.await(o -> o instanceof KernelTcpEvent);
        assertEquals(1_000, e.timestampNanos());
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(TraceStream.STUCK_AFTER_MILLIS),
                "held until the guard let it go, not delivered past an undrained CPU at once");
    }

    /**
     * Negative {@code entries} (seen at 40,000 events a second: the kernel samples counters that move) are a CPU not
     * known to be drained, never an error: the first byte parser took them for a malformed line and ended the stream.
     */
    @Test
    void negativeEntriesAreMovingCountersNotAnError() throws Exception {
        setStats(0, 0, 1);
        setStats(1, -5, 0);
        start();
        writePage(0, 1_000);
        setStats(1, 0, 0);
        seen.await(o -> o instanceof KernelTcpEvent e && e.timestampNanos() == 1_000);
        assertTrue(seen.all.all().stream().noneMatch(o -> o instanceof IOException), seen.all.all().toString());
    }

    /** Counters the merger cannot read end the stream with the cause, where the first version's merger died silently. */
    @Test
    void unreadableCountersAreReportedNotSilent() throws Exception {
        stats.get(1).write(ByteBuffer.wrap("entries: many\n".getBytes(StandardCharsets.US_ASCII)), 0);
        start();
        writePage(0, 1_000);
        IOException failure = (IOException) seen.await(o -> o instanceof IOException);
        assertTrue(failure.getMessage().contains("cpu1/stats"), failure.getMessage());
    }

    /**
     * A read that returns 0 (no writer: the kernel's "not empty, nothing to hand out") is not an end: the reader keeps
     * reading, and the next page arrives.
     */
    @Test
    void aReadReturningNothingIsNotAnEnd() throws Exception {
        setStats(0, 0, 1);
        stream = new TraceStream(instance, RingBufferPage.DEFAULT, TraceRecordsTest.decoder(), 4096, 1024, seen);
        Path pipe = instance.path("per_cpu/cpu0/trace_pipe_raw");
        pipes.get(0).close();
        stream.start();
        assertTrue(stream.awaitEmptyReads(3, BOUND.toNanos()), "the reader reads again after a read of nothing");
        pipes.set(0, FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE));
        writePage(0, 2_000);
        seen.await(o -> o instanceof KernelTcpEvent e && e.timestampNanos() == 2_000);
        assertEquals(1, seen.all.all().stream().filter(o -> o instanceof KernelTcpEvent).count(), seen.all.all().toString());
    }
}
