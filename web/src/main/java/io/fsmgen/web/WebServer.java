package io.fsmgen.web;

import com.sun.net.httpserver.HttpServer;
import io.fsmgen.Machine;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.web.inspect.MachineView;
import io.fsmgen.web.stream.SseClient;
import io.fsmgen.web.stream.SseClientMachine;
import io.fsmgen.web.tcp.NioTcpSource;
import io.fsmgen.web.tcp.TcpView;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final Object pagesChanged = new Object();
    private final URI uri;
    private volatile boolean closed;

    /**
     * The JDK's server reads a request's headers on one of the request threads and by default waits for them for
     * ever, so a few clients that never finish their headers would hold every thread. {@code jdk.httpserver}'s
     * documented {@code sun.net.httpserver.maxReqTime} bounds that wait; it is read once per JVM, when the first
     * server starts, so it is set here only if nobody chose a value, and applies to that first server.
     */
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    /** How many requests the page serves at once; stalled clients beyond it delay the rest. */
    static final int REQUEST_THREADS = 64;

    private WebServer(WebOptions options) throws IOException {
        this.options = options;
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "10");
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try {
            http = HttpServer.create(new InetSocketAddress(loopback, options.port()), 64);
        } catch (BindException e) {
            throw new BindException("cannot serve the page on 127.0.0.1:" + options.port() + ": " + e.getMessage()
                    + " (choose another port, or 0 for a free one)");
        }
        requests = requestThreads();
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("fsmgen-web-publisher"));
        http.setExecutor(requests);
        Routes routes = new Routes(publisher, options, this::pagesChanged);
        routes.port(http.getAddress().getPort());
        http.createContext("/", routes);
        http.start();
        uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        ticker.scheduleAtFixedRate(publisher, options.tick().toNanos(), options.tick().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Up to {@link #REQUEST_THREADS} request threads, a new one for each request until there are that many (an
     * executor's core threads are made, not reused, until the core is full), each ended after 30 s idle. The JDK's
     * server reads a request's headers on the thread it is given, so a client that stalls in its headers holds one
     * thread until {@link #MAX_REQUEST_SECONDS} ends it; with a handful of threads, a handful of such clients would hold
     * the page from everyone else. Requests beyond the limit wait in order rather than being refused.
     */
    private static ExecutorService requestThreads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("fsmgen-web-http"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
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
     * Waits until exactly {@code count} pages are open and the views they show are recording. A view starts recording
     * on the publisher's thread; without waiting for it, what happened between a page's opening and the next tick
     * (a whole short connection life, on a loaded host) would never reach the page.
     *
     * @return false when that did not happen within {@code timeout}, or the server is closed
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
        }
        try {
            ticker.submit(publisher::updateLive).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException | TimeoutException closedOrLate) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a view failed to start recording", e.getCause());
        }
    }

    private void pagesChanged() {
        synchronized (pagesChanged) {
            pagesChanged.notifyAll();
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
            } else {
                // What was heard since the last tick (the end of a life that just finished) still reaches the pages.
                publisher.flush(java.time.Duration.ofSeconds(5));
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
