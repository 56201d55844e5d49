package io.fsmgen.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.web.json.JsonOut;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A command run with {@code --web} waits for its page, then runs its connection's life at once: the view must be
 * recording when {@link WebServer#awaitPages} returns, not from the publisher's next tick, or a short life lived
 * between the two never reaches the page (a scenario's abort went missing that way on a loaded host).
 */
class PageOpeningTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A view that only notes, with the thread, each time it is turned on or off. */
    private static final class RecordingView implements View {
        final List<String> live = new CopyOnWriteArrayList<>();

        @Override
        public String id() {
            return "rec";
        }

        @Override
        public String title() {
            return "recording";
        }

        @Override
        public String kind() {
            return "machine";
        }

        @Override
        public void describe(JsonOut out) {
            out.beginObject().endObject();
        }

        @Override
        public void live(boolean on) {
            live.add(on + " on " + Thread.currentThread().getName());
        }

        @Override
        public boolean tick(long nowNanos, JsonOut out) {
            return false;
        }

        @Override
        public void snapshot(long nowNanos, JsonOut out) {
            out.beginObject().field("type", "snapshot").endObject();
        }
    }

    /** The longest tick the options allow, so that no tick turns the view on before the assertion. */
    @Test
    void theViewRecordsAsSoonAsAwaitPagesSaysThePageIsOpen() throws Exception {
        WebOptions slowTicks = WebOptions.defaults();
        slowTicks = new WebOptions(0, Duration.ofSeconds(10), slowTicks.maxEventsPerSecond(),
                slowTicks.pageQueueBytes(), slowTicks.maxPages(), slowTicks.heartbeat(), slowTicks.timelines(),
                slowTicks.timelineSteps(), slowTicks.logSize(), slowTicks.maxRows());
        try (WebServer web = WebServer.start(slowTicks)) {
            RecordingView view = web.add(new RecordingView());
            try (Socket page = new Socket("127.0.0.1", web.uri().getPort())) {
                OutputStream request = page.getOutputStream();
                request.write(("GET /api/views/rec/events HTTP/1.1\r\nHost: 127.0.0.1:" + web.uri().getPort()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                request.flush();
                assertTrue(web.awaitPages(1, TIMEOUT), "the page's stream opened");
                assertEquals(List.of("true on fsmgen-web-publisher-1"), view.live,
                        "turned on once, on the publisher's thread, before awaitPages returned");
            }
        }
    }
}
