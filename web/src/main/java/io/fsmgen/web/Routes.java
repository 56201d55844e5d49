package io.fsmgen.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fsmgen.web.json.JsonOut;
import io.fsmgen.web.stream.SseClient;
import io.fsmgen.web.stream.SseClientMachine;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the server answers: the page's files, each view's description, its event stream and its queries, and a
 * reason for everything else (404 naming what is missing, 405 for anything but GET, 403 for a foreign Host).
 */
final class Routes implements HttpHandler {

    private final Publisher publisher;
    private final WebOptions options;
    private final Runnable pagesChanged;
    private final AtomicInteger pageThreads = new AtomicInteger();
    /**
     * Pages counted against {@code maxPages} from the moment their request is accepted until their stream ends:
     * taken before anything is sent, so that requests arriving together cannot all pass the check.
     */
    private final AtomicInteger pageSlots = new AtomicInteger();
    private int port;

    Routes(Publisher publisher, WebOptions options, Runnable pagesChanged) {
        this.publisher = publisher;
        this.options = options;
        this.pagesChanged = pagesChanged;
    }

    /** The port the server listens on, once bound: the only one a Host header may name. */
    void port(int bound) {
        this.port = bound;
    }


    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!hostIsLoopback(exchange)) {
                send(exchange, 403, "text/plain; charset=utf-8",
                        "This page answers only to 127.0.0.1 (Host header: " + exchange.getRequestHeaders()
                                .getFirst("Host") + ").");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Only GET here.");
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            WebServer.LOG.log(Level.ERROR, "request " + exchange.getRequestURI() + " failed", e);
            send(exchange, 500, "text/plain; charset=utf-8", "Internal error: " + e);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/index.html")) {
            asset(exchange, "index.html");
        } else if (path.startsWith("/assets/")) {
            asset(exchange, path.substring("/assets/".length()));
        } else if (path.equals("/api/views")) {
            JsonOut out = new JsonOut().beginObject().name("views").beginArray();
            for (View view : publisher.views()) {
                out.beginObject().field("id", view.id()).field("title", view.title()).field("kind", view.kind())
                        .endObject();
            }
            json(exchange, 200, out.endArray().endObject());
        } else if (path.startsWith("/api/views/")) {
            view(exchange, path.substring("/api/views/".length()).split("/", -1));
        } else {
            notFound(exchange, "no such page: " + path);
        }
    }

    private void view(HttpExchange exchange, String[] parts) throws IOException {
        Publisher.Entry entry = publisher.get(parts[0]);
        if (entry != null && parts.length > 2) {
            notFound(exchange, "view '" + parts[0] + "' has no '" + String.join("/", java.util.Arrays.asList(parts)
                    .subList(1, parts.length)) + "'");
            return;
        }
        if (entry == null) {
            notFound(exchange, "no view '" + parts[0] + "'");
            return;
        }
        View view = entry.view();
        if (parts.length == 1) {
            JsonOut out = new JsonOut().beginObject().field("id", view.id()).field("title", view.title())
                    .field("kind", view.kind()).name("description");
            view.describe(out);
            json(exchange, 200, out.endObject());
        } else if (parts[1].equals("events")) {
            stream(exchange, entry);
        } else {
            JsonOut out = new JsonOut();
            boolean known;
            try {
                known = view.query(parts[1], query(exchange.getRequestURI()), out);
            } catch (IllegalArgumentException e) {
                json(exchange, 400, new JsonOut().beginObject().field("error", e.getMessage()).endObject());
                return;
            }
            if (known) {
                json(exchange, 200, out);
            } else {
                notFound(exchange, "view '" + view.id() + "' has no '" + parts[1] + "'");
            }
        }
    }

    private void stream(HttpExchange exchange, Publisher.Entry entry) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (!head && pageSlots.incrementAndGet() > options.maxPages()) {
            pageSlots.decrementAndGet();
            send(exchange, 503, "text/plain; charset=utf-8", "Too many open pages (" + options.maxPages() + ").");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            // The headers a GET would get, and no page: a HEAD has no body to stream into.
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        try {
            exchange.sendResponseHeaders(200, 0);
        } catch (IOException gone) {
            pageSlots.decrementAndGet();
            exchange.close(); // the page left before its stream began
            return;
        }
        SseClientMachine[] self = new SseClientMachine[1];
        self[0] = SseClient.open(exchange, options.pageQueueBytes(), options.heartbeat().toNanos(), () -> {
            entry.pages().remove(self[0]);
            pageSlots.decrementAndGet();
            pagesChanged.run();
        }, "fsmgen-web-page-" + pageThreads.incrementAndGet());
        entry.pages().add(self[0]);
        if (self[0].phase() == SseClient.Phase.CLOSED) {
            entry.pages().remove(self[0]); // it ended before it was added
        }
        pagesChanged.run();
    }


    private boolean hostIsLoopback(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host == null || host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port);
    }

    private static void asset(HttpExchange exchange, String name) throws IOException {
        Optional<Assets.Asset> asset = Assets.find(name);
        if (asset.isEmpty()) {
            notFound(exchange, "no such file: " + name);
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, asset.get().contentType(), asset.get().bytes());
    }

    private static void notFound(HttpExchange exchange, String message) throws IOException {
        json(exchange, 404, new JsonOut().beginObject().field("error", message).endObject());
    }

    private static void json(HttpExchange exchange, int status, JsonOut out) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", out.toBytes());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }
}
