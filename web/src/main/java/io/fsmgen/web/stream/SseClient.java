package io.fsmgen.web.stream;

import com.sun.net.httpserver.HttpExchange;
import io.fsmgen.StateMachine;
import io.fsmgen.Transition;
import io.fsmgen.Unhandled;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One open page's event stream: a bounded queue of messages and the thread that writes them to the page. The
 * publisher only ever {@link #offer}s, so a slow page can never block it, nor anything upstream of it (the event loop
 * of a runtime, a machine's thread); and a page that stops reading costs at most {@code limitBytes} of queue.
 *
 * <p>Its lifecycle is a machine of its own, declared here and generated as {@code SseClientMachine}:
 *
 * <ul>
 *   <li>NEW: connected, owed a full snapshot.</li>
 *   <li>LIVE: has the snapshot; each tick's batch is queued.</li>
 *   <li>BEHIND: a batch did not fit, so batches are dropped (and counted) until the page has read everything queued;
 *       then it is owed a fresh snapshot, which brings it back to LIVE with nothing lost but the animation. At most
 *       one snapshot a {@link #RESYNC} per page: "read everything queued" only means the kernel took it (a page
 *       that stopped reading lets the kernel's send buffer take what was queued before a write blocks), and a
 *       snapshot is the largest message there is, so a page that keeps falling behind must not cost one a tick.</li>
 *   <li>CLOSED: the page went away (a write failed) or the server stopped.</li>
 * </ul>
 *
 * <p>Events are fired under the client's lock, from the publisher thread and from the writer thread.
 */
@StateMachine(
        states = SseClient.Phase.class,
        events = SseClient.Signal.class,
        initial = "NEW",
        name = "SseClientMachine",
        unhandled = Unhandled.IGNORE,
        finalStates = "CLOSED",
        transitions = {
            @Transition(from = {"NEW", "BEHIND"}, on = "SNAPSHOT_QUEUED", to = "LIVE"),
            @Transition(from = "LIVE", on = "OVERFLOWED", action = "countDropped", to = "BEHIND"),
            @Transition(from = "BEHIND", on = "OVERFLOWED", action = "countDropped"),
            @Transition(from = {"NEW", "LIVE", "BEHIND"}, on = {"WRITE_FAILED", "STOPPED"}, action = "wakeWriter",
                    to = "CLOSED"),
        })
public abstract class SseClient {

    /** Where a page's stream is in its life. */
    public enum Phase {
        NEW,
        LIVE,
        BEHIND,
        CLOSED
    }

    /** What happens to a stream. */
    public enum Signal {
        SNAPSHOT_QUEUED,
        OVERFLOWED,
        WRITE_FAILED,
        STOPPED
    }

    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The least time between two snapshots for one page. */
    public static final long RESYNC = TimeUnit.SECONDS.toNanos(1);

    private final Object lock = new Object();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final HttpExchange exchange;
    private final long limitBytes;
    private final long heartbeatNanos;
    private final Runnable onClosed;
    private long queuedBytes;
    private long largest;
    private long dropped;
    private long sent;
    /** A queued message taken by the writer and not yet written: {@link #awaitWritten} waits for it too. */
    private boolean writing;
    private long snapshots;
    private long lastSnapshotNanos;

    /**
     * @param exchange   the page's request, whose response headers are already sent
     * @param limitBytes how many bytes may wait for a slow page before batches are dropped
     * @param heartbeatNanos how long the stream may stay silent before a comment line checks the page is there
     * @param onClosed   run once on the writer thread when the stream has ended
     */
    protected SseClient(HttpExchange exchange, long limitBytes, long heartbeatNanos, Runnable onClosed) {
        this.exchange = exchange;
        this.limitBytes = limitBytes;
        this.heartbeatNanos = heartbeatNanos;
        this.onClosed = onClosed;
    }

    /** Creates a client and starts its writer thread. */
    public static SseClientMachine open(HttpExchange exchange, long limitBytes, long heartbeatNanos,
            Runnable onClosed, String threadName) {
        SseClientMachine client = new SseClientMachine(exchange, limitBytes, heartbeatNanos, onClosed);
        Thread writer = new Thread(((SseClient) client)::writeLoop, threadName);
        writer.setDaemon(true);
        writer.start();
        return client;
    }

    /** The machine's state, read under the lock. */
    public Phase phase() {
        synchronized (lock) {
            return state();
        }
    }

    /**
     * Whether this client is owed a snapshot at {@code nowNanos}: it is new, or it fell behind, has since read
     * everything, and had its last snapshot at least {@link #RESYNC} ago.
     */
    public boolean wantsSnapshot(long nowNanos) {
        synchronized (lock) {
            Phase phase = state();
            return phase == Phase.NEW
                    || (phase == Phase.BEHIND && queue.isEmpty() && nowNanos - lastSnapshotNanos >= RESYNC);
        }
    }

    /** Queues a snapshot taken at {@code nowNanos}; the page then resumes from it. */
    public void offerSnapshot(byte[] message, long nowNanos) {
        synchronized (lock) {
            if (state() == Phase.CLOSED) {
                return;
            }
            enqueue(message);
            snapshots++;
            lastSnapshotNanos = nowNanos;
            fire(Signal.SNAPSHOT_QUEUED);
        }
    }

    /** Snapshots queued for this page: the first, and one per time it caught up after falling behind. */
    public long snapshots() {
        synchronized (lock) {
            return snapshots;
        }
    }

    /** Queues a batch if it fits; never blocks. A batch that does not fit is dropped and the client falls behind. */
    public void offer(byte[] message) {
        synchronized (lock) {
            Phase phase = state();
            if (phase == Phase.CLOSED || phase == Phase.NEW) {
                return;
            }
            if (phase == Phase.BEHIND || queuedBytes + message.length > limitBytes) {
                fire(Signal.OVERFLOWED);
                return;
            }
            enqueue(message);
        }
    }

    /**
     * Waits until every message queued so far was written, or the page is gone, for at most {@code timeout}: a server
     * that closes right after a connection's life lets the last batch of that life reach the page first. The writer
     * signals each written message, so this waits on events, not on a clock.
     */
    public void awaitWritten(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while ((!queue.isEmpty() || writing) && state() != Phase.CLOSED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /** Ends the stream from the server's side. */
    public void stop() {
        synchronized (lock) {
            fire(Signal.STOPPED);
        }
    }

    /** The largest message queued so far (a snapshot, usually). */
    public long largestMessage() {
        synchronized (lock) {
            return largest;
        }
    }

    /** Bytes waiting to be written: never more than the limit plus one snapshot. */
    public long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    /** Batches dropped because the page read too slowly. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** Messages written to the page. */
    public long sent() {
        synchronized (lock) {
            return sent;
        }
    }

    /** The generated machine's current phase; read it under the lock ({@link #phase()} does). */
    abstract Phase state();

    /** The generated machine's dispatch; called under the lock only. */
    abstract boolean fire(Signal signal);

    // ---- actions ----

    void countDropped() {
        dropped++;
    }

    void wakeWriter() {
        queue.clear();
        queuedBytes = 0;
        lock.notifyAll();
    }

    // ---- the writer thread ----

    private void enqueue(byte[] message) {
        largest = Math.max(largest, message.length);
        queue.add(message);
        queuedBytes += message.length;
        lock.notifyAll();
    }

    private void writeLoop() {
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                byte[] next;
                synchronized (lock) {
                    long deadline = System.nanoTime() + heartbeatNanos;
                    while (queue.isEmpty() && state() != Phase.CLOSED) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                    }
                    if (state() == Phase.CLOSED) {
                        return;
                    }
                    next = queue.isEmpty() ? PING : queue.poll();
                    writing = next != PING;
                    queuedBytes -= writing ? next.length : 0;
                }
                out.write(next);
                out.flush();
                synchronized (lock) {
                    sent++;
                    writing = false;
                    lock.notifyAll(); // awaitWritten
                }
            }
        } catch (IOException e) {
            synchronized (lock) {
                fire(Signal.WRITE_FAILED); // the page is gone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (lock) {
                fire(Signal.STOPPED);
            }
        } finally {
            exchange.close();
            onClosed.run();
        }
    }

    /** Frames one JSON message as a Server-Sent Event. */
    public static byte[] frame(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
