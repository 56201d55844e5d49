package io.fsmgen.examples.web;

import io.fsmgen.examples.watch.WatchCommand;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.tcp.watch.ConnectionWatcher;
import io.fsmgen.tcp.watch.WatchListener;
import io.fsmgen.web.tcp.TcpView;
import io.fsmgen.web.tcp.WatchSource;
import io.fsmgen.web.WebOptions;
import io.fsmgen.web.WebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The live page of a command run with {@code --web}: it serves the page, shows the command's runtime on it as soon
 * as the runtime exists, waits for a browser to open it (so that the learner sees the whole life), and when the
 * command is done keeps serving until Enter, so that the timelines can still be replayed.
 */
public final class LivePage implements AutoCloseable {

    /** How long a command waits for the page to be opened before it runs anyway. */
    static final Duration WAIT_FOR_PAGE = Duration.ofMinutes(10);

    private final WebServer server;
    private final PrintStream out;
    private final InputStream in;
    private int attached;

    private LivePage(WebServer server, PrintStream out, InputStream in) {
        this.server = server;
        this.out = out;
        this.in = in;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0: a free one) and says where. */
    public static LivePage start(int port, PrintStream out, InputStream in) throws IOException {
        WebServer server = WebServer.start(WebOptions.defaults().withPort(port));
        out.println("Live page: " + server.uri() + "  (open it in a browser; it is served on 127.0.0.1 only)");
        return new LivePage(server, out, in);
    }

    /** The server, for commands that show more than one runtime. */
    public WebServer server() {
        return server;
    }

    /**
     * Shows {@code runtime} on the page, then waits until a page is open, so that nothing of the life is missed.
     * Called by the command as soon as its runtime exists, on the command's thread.
     */
    public void show(NioTcpRuntime runtime) {
        attached++;
        server.attach(attached == 1 ? "tcp" : "tcp-" + attached, "TCP connections", runtime);
        if (server.pages() > 0) {
            return;
        }
        out.println("Waiting for the page to open (up to " + WAIT_FOR_PAGE.toMinutes() + " min)...");
        try {
            if (!server.awaitPages(1, WAIT_FOR_PAGE)) {
                out.println("No page opened; running anyway.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What {@code watch} hands the page: its listener, and the watcher once it runs, which the page then shows as
     * the host's connections. {@code watch} does not wait for the page: it is a monitor, and the page joins it.
     */
    public WatchCommand.Observer watchObserver() {
        WatchSource source = new WatchSource();
        return new WatchCommand.Observer() {
            @Override
            public WatchListener listener() {
                return source;
            }

            @Override
            public void watching(ConnectionWatcher watcher, Duration leakAfter,
                    BiFunction<InetSocketAddress, InetSocketAddress, Optional<String>> owners) {
                source.watching(watcher, leakAfter, owners);
                server.add(new TcpView("tcp", "TCP connections of this host", source, server.options()));
            }
        };
    }

    /** Keeps the page up for replay until the user presses Enter (or standard input ends). */
    public void holdForReplay() throws IOException {
        out.println();
        out.println("The page stays up at " + server.uri() + " to replay the timelines: press Enter to stop.");
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }

    @Override
    public void close() {
        server.close();
    }
}
