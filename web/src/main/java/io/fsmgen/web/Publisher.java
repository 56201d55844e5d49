package io.fsmgen.web;

import io.fsmgen.web.json.JsonOut;
import io.fsmgen.web.stream.SseClient;
import io.fsmgen.web.stream.SseClientMachine;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one thread that talks to the pages: every tick it lets each view with an open page take what it heard, and
 * offers the resulting batch to each page; a page that just opened, or that fell behind and caught up, gets a
 * snapshot instead. Offers never block, so nothing here waits on a page.
 */
final class Publisher implements Runnable {

    /** A view and its open pages. */
    record Entry(View view, CopyOnWriteArrayList<SseClientMachine> pages, boolean[] live) {}

    private final Map<String, Entry> views = new ConcurrentHashMap<>();
    private final JsonOut batch = new JsonOut();
    private final JsonOut snapshot = new JsonOut();
    private boolean failureLogged;

    void add(View view) {
        if (views.putIfAbsent(view.id(), new Entry(view, new CopyOnWriteArrayList<>(), new boolean[1])) != null) {
            throw new IllegalArgumentException("a view named '" + view.id() + "' is already shown");
        }
    }

    Entry get(String id) {
        return views.get(id);
    }

    List<View> views() {
        return views.values().stream().map(Entry::view).sorted(java.util.Comparator.comparing(View::id)).toList();
    }

    Entry remove(String id) {
        return views.remove(id);
    }

    /**
     * Publishes what the views heard since the last tick, then waits for each open page to be written that last
     * batch (at most {@code timeout} a page): called once the ticker stopped, when the server closes.
     */
    void flush(java.time.Duration timeout) throws InterruptedException {
        run();
        for (Entry entry : views.values()) {
            for (SseClientMachine page : entry.pages()) {
                page.awaitWritten(timeout);
            }
        }
    }

    int pages() {
        return views.values().stream().mapToInt(e -> e.pages().size()).sum();
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (Entry entry : views.values()) {
            try {
                publish(entry, now);
            } catch (RuntimeException e) {
                // One broken view must not stop the others, nor the scheduler (which would cancel this task).
                if (!failureLogged) {
                    failureLogged = true;
                    WebServer.LOG.log(Level.ERROR, "view " + entry.view().id() + " failed to publish", e);
                }
            }
        }
    }

    /**
     * Turns each view's recording on while it has an open page, off when it has none. Every tick does it first;
     * {@link WebServer#awaitPages} also has it done (on this thread, as every view call) before it returns, so that a
     * command that waits for its page records its life from the first event, not from the next tick.
     */
    void updateLive() {
        for (Entry entry : views.values()) {
            updateLive(entry);
        }
    }

    /** @return whether the view has a page open */
    private static boolean updateLive(Entry entry) {
        boolean open = !entry.pages().isEmpty();
        if (open != entry.live()[0]) {
            entry.live()[0] = open;
            entry.view().live(open);
        }
        return open;
    }

    private void publish(Entry entry, long now) {
        List<SseClientMachine> pages = entry.pages();
        if (!updateLive(entry)) {
            return;
        }
        byte[] framedBatch = entry.view().tick(now, batch.reset()) ? SseClient.frame(batch.toString()) : null;
        byte[] framedSnapshot = null;
        for (SseClientMachine page : pages) {
            if (page.wantsSnapshot(now)) {
                if (framedSnapshot == null) {
                    entry.view().snapshot(now, snapshot.reset());
                    framedSnapshot = SseClient.frame(snapshot.toString());
                }
                page.offerSnapshot(framedSnapshot, now);
            } else if (framedBatch != null) {
                page.offer(framedBatch);
            }
        }
    }
}
