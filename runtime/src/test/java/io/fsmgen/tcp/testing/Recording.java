package io.fsmgen.tcp.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What some producer reported, kept in order, to wait for: a test synchronises on the thing it needs having
 * arrived, with a generous bound, never on time passing.
 *
 * @param <T> what is recorded
 */
public final class Recording<T> {

    private final List<T> items = new ArrayList<>();
    private boolean ended;

    /** Records {@code item} and wakes waiters. */
    public synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    /** Says nothing more will come: waiters stop waiting at once. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    public synchronized List<T> all() {
        return List.copyOf(items);
    }

    /**
     * The first item matching {@code wanted}, waiting for it up to {@code bound}.
     *
     * @throws AssertionError naming {@code what} and listing everything recorded, if the bound passes or the
     *                        recording ends first
     */
    public synchronized T await(Predicate<? super T> wanted, Duration bound, String what) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            for (T item : items) {
                if (wanted.test(item)) {
                    return item;
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("no " + what + (ended ? " before the end" : " within " + bound) + "; got "
                        + items);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
