package io.fsmgen.web;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WebServer} runs. Immutable; start from {@link #defaults()}.
 *
 * @param port               the loopback port; 0 picks a free one (the server says which)
 * @param tick               how often batches go to the pages
 * @param maxEventsPerSecond at most this many transitions per second are sent to a page to animate; the rest are
 *                           counted and said to be skipped (counts, tables and timelines stay complete)
 * @param pageQueueBytes     how many bytes may wait for one slow page before its batches are dropped
 * @param maxPages           how many pages may be open at once (each has a writer thread)
 * @param heartbeat          how long a stream may stay silent before the server checks that the page is there
 * @param timelines          how many connections' timelines are kept
 * @param timelineSteps      how many steps one timeline keeps
 * @param logSize            how many recent transitions a page gets when it opens
 * @param maxRows            how many connections the table shows at most
 */
public record WebOptions(int port, Duration tick, int maxEventsPerSecond, long pageQueueBytes, int maxPages,
        Duration heartbeat, int timelines, int timelineSteps, int logSize, int maxRows) {

    public WebOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (tick.toMillis() < 10 || tick.toMillis() > 10_000) {
            throw new IllegalArgumentException("tick must be between 10 ms and 10 s, not " + tick.toMillis() + " ms");
        }
        positive("maxEventsPerSecond", maxEventsPerSecond);
        positive("pageQueueBytes", pageQueueBytes);
        positive("maxPages", maxPages);
        positive("timelines", timelines);
        positive("timelineSteps", timelineSteps);
        positive("logSize", logSize);
        positive("maxRows", maxRows);
    }

    /**
     * A free port, 10 ticks a second, 200 transitions a second animated, 1 MiB per slow page, 16 pages, a heartbeat
     * every 15 s, the timelines of the last 256 connections (256 steps each), 200 log lines, 2,000 table rows.
     */
    public static WebOptions defaults() {
        return new WebOptions(0, Duration.ofMillis(100), 200, 1 << 20, 16, Duration.ofSeconds(15), 256, 256, 200,
                2000);
    }

    public WebOptions withPort(int p) {
        return new WebOptions(p, tick, maxEventsPerSecond, pageQueueBytes, maxPages, heartbeat, timelines,
                timelineSteps, logSize, maxRows);
    }

    public WebOptions withMaxEventsPerSecond(int n) {
        return new WebOptions(port, tick, n, pageQueueBytes, maxPages, heartbeat, timelines, timelineSteps, logSize,
                maxRows);
    }

    public WebOptions withPageQueueBytes(long bytes) {
        return new WebOptions(port, tick, maxEventsPerSecond, bytes, maxPages, heartbeat, timelines, timelineSteps,
                logSize, maxRows);
    }

    public WebOptions withMaxPages(int n) {
        return new WebOptions(port, tick, maxEventsPerSecond, pageQueueBytes, n, heartbeat, timelines, timelineSteps,
                logSize, maxRows);
    }

    public WebOptions withHeartbeat(Duration d) {
        return new WebOptions(port, tick, maxEventsPerSecond, pageQueueBytes, maxPages, d, timelines, timelineSteps,
                logSize, maxRows);
    }

    /** Transitions a page may be sent per tick. */
    public int eventsPerTick() {
        return (int) Math.max(1, maxEventsPerSecond * tick.toMillis() / 1000);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
