package io.fsmgen.check;

/**
 * Decides, before the explorer allocates, whether it may: the configured bound on the bytes it keeps, and the heap
 * actually left, with a margin for the copy a growing array needs. Checking first is what lets a long run stop with
 * a message at its bound rather than die of an {@link OutOfMemoryError} (which the explorer still catches around
 * each growth, as a last resort).
 */
final class MemoryBound {

    private final long maxBytes;
    private final Runtime runtime = Runtime.getRuntime();

    MemoryBound(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Whether holding {@code more} bytes beyond {@code held} stays within the bound and fits in the heap. */
    boolean allows(long held, long more) {
        if (held + more > maxBytes) {
            return false;
        }
        if (fits(more)) {
            return true;
        }
        System.gc(); // rare: only near the heap's end, where garbage may hide the room that is left
        return fits(more);
    }

    private boolean fits(long more) {
        long used = runtime.totalMemory() - runtime.freeMemory();
        long headroom = runtime.maxMemory() - used;
        return more + more / 4 + (8L << 20) < headroom;
    }
}
