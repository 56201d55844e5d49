package io.fsmgen.check;

import io.fsmgen.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link Scheduler} of a machine inside a closed system: it runs nothing by itself, it remembers which of the
 * machine's timeouts are armed, and a move ({@link #expireMove}) expires one when the explorer chooses to. Time is
 * abstracted away: an armed timeout may expire at any step, which covers every timing.
 *
 * <p>Whether a timeout is armed is part of the machine's own encoding, and decoding a machine re-arms its timeouts
 * through this scheduler, so the scheduler needs no encoding of its own. It allocates nothing after a machine's
 * timeouts have each been armed once.
 *
 * <p>A machine may declare several timeouts, but only one may be armed at a time (a flat machine's timeouts belong
 * to different states): with two armed at once, their expiries could come in either order, and one move cannot
 * offer both. Arming a second while one is armed (a composite's timeout and its child's) throws, so the exploration
 * reports the step as a failure instead of silently exploring one order only.
 */
public final class ModelScheduler implements Scheduler {

    private static final int MAX_TASKS = 16;

    private final Runnable[] tasks = new Runnable[MAX_TASKS];
    private final Slot[] slots = new Slot[MAX_TASKS];
    private int count;

    /** One armed-or-not timeout; the handle the machine cancels. */
    private static final class Slot implements Cancellable {
        boolean armed;

        @Override
        public void cancel() {
            armed = false;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        int index = indexOf(task);
        if (index < 0) {
            if (count == MAX_TASKS) {
                throw new IllegalStateException("a model machine may have at most " + MAX_TASKS + " timeouts");
            }
            index = count++;
            tasks[index] = task;
            slots[index] = new Slot();
        }
        for (int i = 0; i < count; i++) {
            if (i != index && slots[i].armed) {
                throw new IllegalStateException("the machine arms a second timeout (of " + delay + ") while another"
                        + " is armed: a ModelScheduler expires one timeout at a time, and would explore only one"
                        + " order of their expiries");
            }
        }
        slots[index].armed = true;
        return slots[index];
    }

    /** Whether any timeout is armed. */
    public boolean anyArmed() {
        for (int i = 0; i < count; i++) {
            if (slots[i].armed) {
                return true;
            }
        }
        return false;
    }

    /** Expires the armed timeout (there is at most one): runs its task, which fires the machine's timeout event. */
    public boolean expireFirst() {
        for (int i = 0; i < count; i++) {
            if (slots[i].armed) {
                slots[i].armed = false;
                tasks[i].run();
                return true;
            }
        }
        return false;
    }

    /**
     * A fair move that expires the machine's armed timeout whenever one is armed and {@code allowed} holds. It is
     * pending while armed.
     */
    public Move expireMove(String name, java.util.function.BooleanSupplier allowed,
            java.util.function.Supplier<String> describe) {
        return Move.timer(name, this::anyArmed, () -> anyArmed() && allowed.getAsBoolean(), this::expireFirst,
                describe);
    }

    private int indexOf(Runnable task) {
        for (int i = 0; i < count; i++) {
            if (tasks[i] == task) {
                return i;
            }
        }
        return -1;
    }
}
