package io.fsmgen.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.nio.NioTcpRuntime;
import io.fsmgen.web.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server as a browser and a curious neighbour meet it: routes, errors, loopback only, no CDN. */
class WebServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /**
     * Clients that never finish their request headers hold a request thread each until the server's request time
     * limit (10 s) ends them; the rest of the page must be served meanwhile. Checked by order: the request is answered
     * while every stalled connection is still open (the limit closes them). The one bound is that limit: the request,
     * which takes milliseconds, must be answered within 10 s of the stalled clients' connecting.
     */
    @Test
    void clientsStalledInTheirHeadersDoNotHoldThePage() throws Exception {
        try (WebServer web = WebServer.start(WebOptions.defaults())) {
            List<SocketChannel> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel c = SocketChannel.open(
                            new InetSocketAddress("127.0.0.1", web.uri().getPort()));
                    c.write(ByteBuffer.wrap(("GET /api/views HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                            .getBytes(StandardCharsets.US_ASCII))); // no blank line: the headers never end
                    c.configureBlocking(false);
                    stalled.add(c);
                }
                assertEquals(200, get(web, "/api/views").statusCode());
                for (SocketChannel c : stalled) {
                    assertEquals(0, c.read(ByteBuffer.allocate(1)),
                            "answered while the stalled connections were all still open");
                }
            } finally {
                for (SocketChannel c : stalled) {
                    c.close();
                }
            }
        }
    }

    @Test
    void servesThePageAndItsFilesFromTheModuleAlone() throws Exception {
        try (WebServer web = WebServer.start(WebOptions.defaults())) {
            assertEquals("127.0.0.1", web.uri().getHost());
            assertTrue(web.uri().getPort() > 0, "a free port was chosen");
            for (String path : List.of("/", "/assets/app.js", "/assets/style.css")) {
                HttpResponse<String> page = get(web, path);
                assertEquals(200, page.statusCode(), path);
                // No CDN: nothing the page loads names another host.
                assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), path + " loads from elsewhere");
                assertFalse(page.body().contains("https://"), path + " names a remote address");
            }
            assertTrue(get(web, "/").headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        }
    }

    @Test
    void describesEachViewAndAnswersMistakesWithTheirReason() throws Exception {
        try (NioTcpRuntime runtime = NioTcpRuntime.open(); WebServer web = WebServer.start(WebOptions.defaults())) {
            web.attach(runtime);
            Map<?, ?> views = (Map<?, ?>) JsonReader.parse(get(web, "/api/views").body(), "views");
            assertEquals(List.of(Map.of("id", "tcp", "title", "TCP connections", "kind", "tcp")), views.get("views"));
            Map<?, ?> tcp = (Map<?, ?>) JsonReader.parse(get(web, "/api/views/tcp").body(), "tcp");
            Map<?, ?> description = (Map<?, ?>) tcp.get("description");
            assertEquals("io.fsmgen.tcp.nio.NioTcpMachine", description.get("machine"));
            assertEquals("hint", ((Map<?, ?>) description.get("diagram")).get("laidOutBy"));
            assertTrue(((Map<?, ?>) description.get("glossary")).containsKey("TIME_WAIT"));

            HttpResponse<String> missing = get(web, "/api/views/nope");
            assertEquals(404, missing.statusCode());
            assertEquals(Map.of("error", "no view 'nope'"), JsonReader.parse(missing.body(), "404"));
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(web.uri().resolve("/api/views/tcp/events"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode());
            assertEquals("text/event-stream; charset=utf-8", head.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(0, web.pages(), "a HEAD opens no page");
            HttpResponse<String> deeper = get(web, "/api/views/tcp/events/x");
            assertEquals(404, deeper.statusCode());
            assertEquals(Map.of("error", "view 'tcp' has no 'events/x'"), JsonReader.parse(deeper.body(), "404"));
            assertEquals(404, get(web, "/assets/../pom.xml").statusCode());
            HttpResponse<String> badTimeline = get(web, "/api/views/tcp/timeline?conn=abc");
            assertEquals(400, badTimeline.statusCode());
            assertEquals(Map.of("error", "timeline needs conn=<connection id>, not 'abc'"),
                    JsonReader.parse(badTimeline.body(), "400"));
            Map<?, ?> none = (Map<?, ?>) JsonReader.parse(get(web, "/api/views/tcp/timeline?conn=99").body(), "t");
            assertTrue(((String) none.get("note")).startsWith("No timeline recorded for connection 99"));
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(web.uri().resolve("/api/views"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertThrows(IllegalArgumentException.class, () -> web.attach(runtime), "one view per id");
        }
    }

    @Test
    void answersOnlyToItsOwnLoopbackName() throws Exception {
        try (WebServer web = WebServer.start(WebOptions.defaults());
                Socket socket = new Socket("127.0.0.1", web.uri().getPort())) {
            // A page of another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/views HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 403 Forbidden", status);
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (WebServer first = WebServer.start(WebOptions.defaults())) {
            int port = first.uri().getPort();
            BindException e = assertThrows(BindException.class,
                    () -> WebServer.start(WebOptions.defaults().withPort(port)));
            assertTrue(e.getMessage().startsWith("cannot serve the page on 127.0.0.1:" + port), e.getMessage());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> WebOptions.defaults().withPort(70000));
        assertEquals("port must be between 0 and 65535, not 70000", bad.getMessage());
    }

    @Test
    void aPageGetsASnapshotFirstThenBatches() throws Exception {
        try (NioTcpRuntime runtime = NioTcpRuntime.open(); WebServer web = WebServer.start(WebOptions.defaults());
                Socket socket = new Socket()) {
            web.attach(runtime);
            BufferedReader in = openEvents(web, socket);
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            String line;
            String first = null;
            while ((line = in.readLine()) != null) {
                int data = line.indexOf("data: ");
                if (data >= 0) {
                    first = line.substring(data + "data: ".length());
                    break;
                }
            }
            Map<?, ?> message = (Map<?, ?>) JsonReader.parse(first, "first message");
            assertEquals("snapshot", message.get("type"));
            assertEquals(1, web.pages());
        }
    }

    /** The page limit counts a page from its request: one open page of one allowed, the next is refused. */
    @Test
    void aPageBeyondTheLimitIsRefused() throws Exception {
        try (NioTcpRuntime runtime = NioTcpRuntime.open();
                WebServer web = WebServer.start(WebOptions.defaults().withMaxPages(1));
                Socket socket = new Socket()) {
            web.attach(runtime);
            BufferedReader in = openEvents(web, socket);
            assertEquals("HTTP/1.1 200 OK", in.readLine());
            HttpResponse<String> refused = get(web, "/api/views/tcp/events");
            assertEquals(503, refused.statusCode());
            assertEquals("Too many open pages (1).", refused.body());
        }
    }

    /** Opens the TCP view's event stream on {@code socket}, as a page does; its answer is read from what this returns. */
    private static BufferedReader openEvents(WebServer web, Socket socket) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", web.uri().getPort()));
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/views/tcp/events HTTP/1.1\r\nHost: 127.0.0.1:" + web.uri().getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(WebServer web, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(web.uri() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
