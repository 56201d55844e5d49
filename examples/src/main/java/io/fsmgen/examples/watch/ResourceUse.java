package io.fsmgen.examples.watch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What this process has cost so far, for {@code watch}'s summary: CPU time, heap in use after a full collection,
 * resident memory now and at its peak. Why in the summary: a watcher runs beside the load it watches, and an operator
 * (or {@link WatchBenchmark}) should see its price without another tool.
 *
 * @param cpu          user and system CPU time of the whole process
 * @param heapAfterGc  heap in use right after {@link System#gc()}, bytes
 * @param rss          resident set size ({@code VmRSS}), bytes, or -1 where unknown
 * @param peakRss      the peak resident set size ({@code VmHWM}), bytes, or -1 where unknown
 */
record ResourceUse(Duration cpu, long heapAfterGc, long rss, long peakRss) {

    /** Measures now; runs a full collection first. */
    static ResourceUse measure() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        return new ResourceUse(cpu, heap, statusKb("VmRSS:"), statusKb("VmHWM:"));
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** One line: {@code CPU 3.21 s (10.7% of one core over 30.0 s), heap after GC 12.3 MB, RSS 80.1 MB (peak 95.0 MB)}. */
    String describe(Duration wall) {
        double seconds = cpu.toNanos() / 1e9;
        return String.format("CPU %.2f s (%.1f%% of one core over %.1f s), heap after GC %s, RSS %s (peak %s)", seconds,
                100 * seconds / Math.max(1e-9, wall.toNanos() / 1e9), wall.toNanos() / 1e9, megabytes(heapAfterGc),
                megabytes(rss), megabytes(peakRss));
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "unknown" : String.format("%.1f MB", bytes / 1e6);
    }
}
