package io.fsmgen.web;

import io.fsmgen.web.json.JsonOut;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** How many connections or machines are in each state, as last sent to the pages: sent again only when it changes. */
public final class StateCounts {

    private final Map<String, Integer> sent = new LinkedHashMap<>();

    /**
     * Counts afresh: {@code visit} is handed a counter to call once per connection or machine with its state.
     *
     * @return whether the counts differ from those last sent
     */
    public boolean update(Consumer<Consumer<String>> visit) {
        Map<String, Integer> now = new LinkedHashMap<>();
        visit.accept(state -> now.merge(state, 1, Integer::sum));
        if (now.equals(sent)) {
            return false;
        }
        sent.clear();
        sent.putAll(now);
        return true;
    }

    /** Writes {@code "counts": {"STATE": n, ...}} into the current object. */
    public void write(JsonOut out) {
        out.name("counts").beginObject();
        sent.forEach((BiConsumer<String, Integer>) out::field);
        out.endObject();
    }
}
