package io.fsmgen.tcp.nio;

import io.fsmgen.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread: I/O readiness, tasks posted from other threads, and a timer heap that is the
 * {@link Scheduler} of every machine it drives (machines are confined to their loop).
 */
final class EventLoop implements Runnable {

    /** Implemented by whatever is attached to a selection key, save connections (whose own method is not public). */
    interface Ready {
        void ready(SelectionKey key);
    }

    /** A delay this long (about 35,000 years) never comes: nothing is scheduled, and its nanoseconds would overflow. */
    private static final long NEVER_SECONDS = 1L << 40;

    final Selector selector;
    final Thread thread;
    final NioTcpRuntime runtime;
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    /** Listeners bound on this loop. Loop-confined. */
    final Set<NioTcpListener> listeners = new HashSet<>();
    /**
     * The RFC's error text for the user call being served on this loop, set by a machine's error effect while the
     * call's step runs; null otherwise. One loop serves one call at a time (a call made from inside a step saves and
     * restores the outer one's), so one slot here spares every connection a field.
     */
    String rejection;
    /**
     * The connections whose close waits for the kernel's word ({@link ChannelState#FIN_UNCONFIRMED}), with their
     * wait: a side table, since few connections ever wait and an idle one should not pay a field for it.
     */
    final Map<NioTcpConnection, CloseOrder> closeOrders = new HashMap<>();
    /**
     * The connections whose abort waits for the kernel's word ({@link ChannelState#ABORT_UNCONFIRMED}), with the
     * moment just before its RST and its bound: a side table, as {@link #closeOrders}.
     */
    final Map<NioTcpConnection, AbortWait> abortsWaiting = new HashMap<>();
    /**
     * The bound of each held end ({@link ConnectionMachines#boundHeldEnd}): a RST or a timeout that a read found while
     * a close waited, answered since, whose last words from the kernel have yet to come. A side table, as
     * {@link #closeOrders}, so that the bound is cancelled when the connection leaves the runtime.
     */
    final Map<NioTcpConnection, Scheduler.Cancellable> heldEnds = new HashMap<>();
    /**
     * The armed ACK estimate of each connection that closed without a kernel view ({@link EstimatedTransitions}): a
     * side table, as {@link #heldEnds}, so that a connection that ends before its estimate fires (an abort, a RST)
     * cancels it and is released at once, instead of staying reachable from this loop's timers until then.
     */
    final Map<NioTcpConnection, Scheduler.Cancellable> ackEstimates = new HashMap<>();

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /**
     * Loop-confined: run right after the next select, which is when the sockets of channels closed while registered
     * are really closed (the selector deregisters them then); see {@link #afterNextSelect}.
     */
    private List<Runnable> afterSelect = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    /** Set once the loop thread has finished; later tasks run on the caller. */
    private volatile boolean terminated;
    private long sequence;

    EventLoop(NioTcpRuntime runtime, int index) throws IOException {
        this.runtime = runtime;
        this.selector = Selector.open();
        this.thread = new Thread(this, "fsmgen-nio-" + index);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, later. */
    void execute(Runnable task) {
        tasks.add(task);
        if (terminated) {
            drainAfterStop(); // the loop is gone: nothing else touches its state, run here
        } else if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private void drainAfterStop() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                NioTcpRuntime.LOG.log(Level.DEBUG, "task after stop failed", e);
            }
        }
    }

    /**
     * Runs {@code call} on the loop: at once when on the loop thread, else posts it and waits for the result. The wait
     * ignores interrupts (the interrupt stays set for the caller), since the posted call runs whatever the caller
     * does: its result, or its failure, is the truth. Another loop of the same runtime may wait too, unless this loop
     * is already waiting, directly or through others, for that one: the wait would stop both for ever, so the call
     * fails at once, naming both loops.
     */
    <T> T call(Callable<T> call) {
        if (inLoop()) {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Optional<EventLoop> caller = runtime.loopOf(Thread.currentThread());
        if (caller.isPresent()) {
            runtime.loopWaits.startWaiting(caller.get(), this);
        }
        try {
            return await(call);
        } finally {
            caller.ifPresent(runtime.loopWaits::stopWaiting);
        }
    }

    /** Posts {@code call} to this loop and waits for its outcome, whatever interrupts the caller. */
    private <T> T await(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The scheduler for machines of {@code owner}: tasks run on this loop, then the owner's callbacks. */
    Scheduler schedulerFor(NioTcpConnection owner) {
        return (delay, task) -> schedule(delay, task, owner);
    }

    Scheduler.Cancellable schedule(Duration delay, Runnable task, NioTcpConnection owner) {
        if (delay.getSeconds() >= NEVER_SECONDS) {
            return Scheduler.NOTHING_SCHEDULED;
        }
        Timer t = new Timer(System.nanoTime() + delay.toNanos(), sequence++, task, owner);
        timers.add(t);
        return t;
    }

    /**
     * How many timers in the queue still hold {@code owner}, armed or cancelled but not yet due; loop-confined, for
     * tests. A cancelled timer stays queued until its time, so it must not keep its connection reachable.
     */
    int timersHolding(NioTcpConnection owner) {
        int holding = 0;
        for (Timer t : timers) {
            if (t.owner == owner) {
                holding++;
            }
        }
        return holding;
    }

    /**
     * How many timers in the queue are armed (not cancelled); loop-confined, for tests. An armed timer holds what its
     * task captured, which {@link #timersHolding} cannot see when the timer has no owner (an ACK estimate's).
     */
    int timersArmed() {
        int armed = 0;
        for (Timer t : timers) {
            if (!t.cancelled) {
                armed++;
            }
        }
        return armed;
    }

    @Override
    public void run() {
        try {
            while (running) {
                long timeoutMs = nextTimeoutMillis();
                int n;
                if (!tasks.isEmpty() || timeoutMs == 0 || !afterSelect.isEmpty()) {
                    n = selector.selectNow();
                } else {
                    n = selector.select(timeoutMs < 0 ? 0 : timeoutMs);
                }
                wakeupPending.set(false);
                runAfterSelect();
                if (n > 0) {
                    Set<SelectionKey> keys = selector.selectedKeys();
                    Iterator<SelectionKey> it = keys.iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (key.isValid()) {
                            Object a = key.attachment();
                            try {
                                if (a instanceof NioTcpConnection c) {
                                    c.ready(key);
                                } else {
                                    ((Ready) a).ready(key);
                                }
                            } catch (RuntimeException e) {
                                NioTcpRuntime.LOG.log(Level.ERROR, "handler failed on " + a, e);
                            }
                        }
                    }
                }
                runTasks();
                runTimers();
            }
        } catch (IOException e) {
            NioTcpRuntime.LOG.log(Level.ERROR, "event loop " + thread.getName() + " failed", e);
        } finally {
            shutdown();
            terminated = true;
            drainAfterStop(); // tasks posted while stopping (e.g. a write racing close): they see CLOSED and fail
            stopped.countDown();
        }
    }

    /**
     * On this loop: runs {@code task} right after the loop's next select, which does not wait then. A channel closed
     * while registered keeps its socket until that select deregisters it, so the close (an abort's RST, the kernel's
     * change into CLOSE) has reached the kernel when {@code task} runs.
     */
    void afterNextSelect(Runnable task) {
        afterSelect.add(task);
    }

    private void runAfterSelect() {
        if (afterSelect.isEmpty()) {
            return;
        }
        List<Runnable> due = afterSelect;
        afterSelect = new ArrayList<>();
        for (Runnable task : due) {
            try {
                task.run();
            } catch (RuntimeException e) {
                NioTcpRuntime.LOG.log(Level.ERROR, "task failed after a select on " + thread.getName(), e);
            }
        }
    }

    private long nextTimeoutMillis() {
        Timer head;
        while ((head = timers.peek()) != null && head.cancelled) {
            timers.poll();
        }
        if (head == null) {
            return -1;
        }
        long nanos = head.due - System.nanoTime();
        if (nanos <= 0) {
            return 0;
        }
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private void runTasks() {
        Runnable task;
        int budget = 4096;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                NioTcpRuntime.LOG.log(Level.ERROR, "task failed", e);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer head;
        while ((head = timers.peek()) != null && (head.cancelled || head.due <= now)) {
            timers.poll();
            if (head.cancelled) {
                continue;
            }
            Runnable task = head.task;
            NioTcpConnection owner = head.owner;
            head.cancel(); // its task may cancel it too
            try {
                task.run();
                if (owner != null) {
                    owner.afterTimer();
                }
            } catch (RuntimeException e) {
                NioTcpRuntime.LOG.log(Level.ERROR, "timer failed", e);
            }
        }
    }

    /** Stops the loop after closing every connection it drives; waits for it. */
    void stop() {
        if (!running) {
            return;
        }
        if (inLoop()) {
            running = false;
            return;
        }
        execute(() -> running = false);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The connections this loop drives that are still tracked (their machine is not CLOSED), read off the registry
     * rather than kept in a set of the loop's own: a set would cost every connection a node.
     */
    List<NioTcpConnection> connections() {
        List<NioTcpConnection> mine = new ArrayList<>();
        for (NioTcpEndpoint e : runtime.registry().endpoints()) {
            if (e instanceof NioTcpConnection c && c.loop == this) {
                mine.add(c);
            }
        }
        return mine;
    }

    private void shutdown() {
        for (NioTcpConnection c : connections()) {
            c.runtimeClosing();
        }
        for (NioTcpListener l : new ArrayList<>(listeners)) {
            l.runtimeClosing();
        }
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        timers.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * A task due at {@code due}. Cancelling it leaves it in the queue until its time (removing it from the middle of a
     * heap would cost a linear search), but drops its task and owner: a close's 30 s bound, cancelled once the kernel
     * answers, kept the closed connection reachable until then.
     */
    private static final class Timer implements Scheduler.Cancellable, Comparable<Timer> {
        final long due;
        final long order;
        Runnable task;
        NioTcpConnection owner;
        boolean cancelled;

        Timer(long due, long order, Runnable task, NioTcpConnection owner) {
            this.due = due;
            this.order = order;
            this.task = task;
            this.owner = owner;
        }

        @Override
        public void cancel() {
            cancelled = true;
            task = null;
            owner = null;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
