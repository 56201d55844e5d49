package io.fsmgen.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fsmgen.Machine;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.web.inspect.MachineView;
import io.fsmgen.web.json.JsonOut;
import io.fsmgen.web.stream.SseClient;
import io.fsmgen.web.stream.SseClientMachine;
import io.fsmgen.web.tcp.NioTcpSource;
import io.fsmgen.web.tcp.TcpView;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live page: a loopback-only HTTP server (the JDK's {@code com.sun.net.httpserver}) that shows views, pushed to
 * the browser with Server-Sent Events. A view is a runtime's TCP connections ({@link #attach(NioTcpRuntime)}) or
 * a group of generated machines ({@link #inspect(String, Collection)}).
 *
 * <pre>{@code
 * try (WebServer web = WebServer.start(WebOptions.defaults())) {
 *     System.out.println("open " + web.uri());
 *     web.attach(runtime);
 *     ...
 * }
 * }</pre>
 *
 * <p>Bounded: one publisher thread sends each page at most one batch per tick, with at most
 * {@link WebOptions#maxEventsPerSecond()} transitions to animate; each page has a queue of at most
 * {@link WebOptions#pageQueueBytes()} and a writer thread of its own, so a slow or closed page never blocks a
 * runtime's event loop, a machine's thread, or another page.
 */
public final class WebServer implements AutoCloseable {

    static final Logger LOG = System.getLogger("io.fsmgen.web");

    private final WebOptions options;
    private final HttpServer http;
    private final ExecutorService requests;
    private final ScheduledExecutorService ticker;
    private final Publisher publisher = new Publisher();
    private final AtomicInteger pageThreads = new AtomicInteger();
    private final Object pagesChanged = new Object();
    private final URI uri;
    private volatile boolean closed;

    private WebServer(WebOptions options) throws IOException {
        this.options = options;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try {
            http = HttpServer.create(new InetSocketAddress(loopback, options.port()), 64);
        } catch (BindException e) {
            throw new BindException("cannot serve the page on 127.0.0.1:" + options.port() + ": " + e.getMessage()
                    + " (choose another port, or 0 for a free one)");
        }
        requests = Executors.newFixedThreadPool(4, daemon("fsmgen-web-http"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("fsmgen-web-publisher"));
        http.setExecutor(requests);
        http.createContext("/", this::handle);
        http.start();
        uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        ticker.scheduleAtFixedRate(publisher, options.tick().toNanos(), options.tick().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @throws BindException naming the port when it is taken
     */
    public static WebServer start(WebOptions options) throws IOException {
        return new WebServer(options);
    }

    /** The page's address, {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        return uri;
    }

    public WebOptions options() {
        return options;
    }

    /**
     * Shows {@code runtime}'s connections: the TCP diagram with counts and flashing transitions, the connection
     * table, and per-connection timelines. Listens to the runtime only while a page is open.
     */
    public TcpView attach(NioTcpRuntime runtime) {
        return attach("tcp", "TCP connections", runtime);
    }

    /** {@link #attach(NioTcpRuntime)} under a given view id and title. */
    public TcpView attach(String id, String title, NioTcpRuntime runtime) {
        return add(new TcpView(id, title, new NioTcpSource(runtime), options));
    }

    /**
     * Shows a group of machines of one generated class: its diagram, each machine's state, counts per state, and a
     * scrolling log of events, unhandled ones included. Registers a listener on each machine, which costs one flag
     * check per event while no page is open: call this on the thread that drives the machines (machines are not
     * thread-safe), or before they run.
     *
     * @param name the view's id and title, such as "door"
     */
    public <S extends Enum<S>, E extends Enum<E>> MachineView<S, E> inspect(String name,
            Collection<? extends Machine<S, E>> machines) {
        return add(new MachineView<>(name, List.copyOf(machines), options));
    }

    /** {@link #inspect(String, Collection)} for one machine. */
    public <S extends Enum<S>, E extends Enum<E>> MachineView<S, E> inspect(String name, Machine<S, E> machine) {
        return inspect(name, List.of(machine));
    }

    /** Shows any view. */
    public <V extends View> V add(V view) {
        if (closed) {
            throw new IllegalStateException("the web server is closed");
        }
        if (!view.id().matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a view id is 1 to 64 letters, digits or dashes, not '" + view.id()
                    + "'");
        }
        publisher.add(view);
        return view;
    }

    /** Stops showing a view and lets go of what it attached to; its open pages are closed. */
    public void remove(View view) {
        Publisher.Entry entry = publisher.remove(view.id());
        if (entry != null) {
            entry.pages().forEach(SseClient::stop);
            view.close();
        }
    }

    /** How many pages (event streams) are open now. */
    public int pages() {
        return publisher.pages();
    }

    /** The open pages of one view, for tests that look at a page's queue. */
    List<SseClientMachine> pagesOf(String viewId) {
        Publisher.Entry entry = publisher.get(viewId);
        return entry == null ? List.of() : List.copyOf(entry.pages());
    }

    /**
     * Waits until exactly {@code count} pages are open.
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean awaitPages(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pagesChanged) {
            while (publisher.pages() != count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                pagesChanged.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
            return true;
        }
    }

    /** Closes every page, stops the server and lets go of every view's listeners. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        try {
            // A tick in progress finishes before the views let go of what they read.
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the publisher did not stop within 10 s; closing the views anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (View view : publisher.views()) {
            remove(view);
        }
        http.stop(0);
        requests.shutdownNow();
    }

    // ---- requests ----

    private void handle(HttpExchange exchange) throws IOException {
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
            LOG.log(Level.ERROR, "request " + exchange.getRequestURI() + " failed", e);
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
        if (entry == null || parts.length > 2) {
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
        if (publisher.pages() >= options.maxPages()) {
            send(exchange, 503, "text/plain; charset=utf-8", "Too many open pages (" + options.maxPages() + ").");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            exchange.sendResponseHeaders(200, 0);
        } catch (IOException gone) {
            exchange.close(); // the page left before its stream began
            return;
        }
        SseClientMachine[] self = new SseClientMachine[1];
        self[0] = SseClient.open(exchange, options.pageQueueBytes(), options.heartbeat().toNanos(), () -> {
            entry.pages().remove(self[0]);
            pagesChanged();
        }, "fsmgen-web-page-" + pageThreads.incrementAndGet());
        entry.pages().add(self[0]);
        if (self[0].phase() == SseClient.Phase.CLOSED) {
            entry.pages().remove(self[0]); // it ended before it was added
        }
        pagesChanged();
    }

    private void pagesChanged() {
        synchronized (pagesChanged) {
            pagesChanged.notifyAll();
        }
    }

    private boolean hostIsLoopback(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        int port = http.getAddress().getPort();
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
