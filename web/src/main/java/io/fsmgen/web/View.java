package io.fsmgen.web;

import io.fsmgen.web.json.JsonOut;
import java.util.Map;

/**
 * Something the server shows live: a runtime's TCP connections, or a group of machines. The server's publisher
 * thread calls every method, one view at a time, so a view keeps its page-side state without locks; what it hears
 * from other threads (transitions) it must hand over through a bounded, non-blocking queue.
 */
public interface View {

    /** The name in the page's address: letters, digits and dashes. */
    String id();

    /** The page's title for this view. */
    String title();

    /** "tcp" or "machine": which page draws it. */
    String kind();

    /** What never changes while the server runs: the model, its diagram, texts. Written once per page load. */
    void describe(JsonOut out);

    /**
     * Turns recording on while at least one page is open, and off when the last one closes: a view costs its
     * sources nothing but a flag check while nobody looks.
     */
    void live(boolean live);

    /**
     * Advances one tick: takes what was heard since the last one and writes the batch the open pages need, as one
     * JSON object, into {@code out}.
     *
     * @return false when there is nothing to send this tick
     */
    boolean tick(long nowNanos, JsonOut out);

    /** Writes everything a page that just opened (or fell behind) needs to start from, as one JSON object. */
    void snapshot(long nowNanos, JsonOut out);

    /**
     * Answers a read-only request of the page, such as one connection's timeline.
     *
     * @return false when this view does not know {@code name}; the server then answers 404
     * @throws IllegalArgumentException for a bad parameter; the server answers 400 with its message
     */
    default boolean query(String name, Map<String, String> parameters, JsonOut out) {
        return false;
    }

    /** Lets go of what the view attached to (listeners). Called once, when it is removed or the server closes. */
    default void close() {}
}
