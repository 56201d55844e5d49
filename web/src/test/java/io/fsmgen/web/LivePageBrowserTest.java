package io.fsmgen.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.tcp.kernel.KernelTransitionSource;
import io.fsmgen.tcp.nio.NioTcpConnection;
import io.fsmgen.web.inspect.Lamp;
import io.fsmgen.web.inspect.LampMachine;
import io.fsmgen.web.inspect.Player;
import io.fsmgen.web.inspect.PlayerMachine;
import io.fsmgen.tcp.nio.NioTcpListener;
import io.fsmgen.tcp.nio.NioTcpOptions;
import io.fsmgen.tcp.nio.NioTcpRuntime;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The live page in a real headless Chromium, against a real runtime on loopback: what a person sees while a
 * connection lives, compared with what the runtime's machines really did (heard by a listener of the test's own).
 */
class LivePageBrowserTest {

    private static final Duration PATIENCE = Browser.PATIENCE;
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "live-page.png");

    /** Records, in order, every state box the diagram highlights as entered. */
    private static final String RECORD_HIGHLIGHTS = """
            window.fsmgenEntered = [];
            new MutationObserver(records => {
              for (const r of records) {
                if (r.target.classList.contains('entered') && !(r.oldValue || '').split(' ').includes('entered')) {
                  window.fsmgenEntered.push(r.target.dataset.state);
                }
              }
            }).observe(document.querySelector('#tcp-diagram'),
                {subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true});
            """;

    private static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start(1500, 1500);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aConnectionLifeShowsOnTheDiagramTheTableAndItsTimeline() throws Exception {
        Transitions truth = new Transitions();
        NioTcpOptions options = NioTcpOptions.defaults()
                .withMsl(Duration.ofMillis(250))
                .withCloseWaitLeak(Duration.ofMillis(300), leak -> {});
        TestServer server = new TestServer();
        try (NioTcpRuntime runtime = NioTcpRuntime.open(options);
                WebServer web = WebServer.start(WebOptions.defaults())) {
            runtime.addListener(truth);
            web.attach(runtime);
            browser.driver.get(web.uri().toString());
            browser.await("the page to receive its first message",
                    d -> browser.script("return Number(document.body.dataset.messages || 0)") instanceof Long n
                            && n > 0);
            assertEquals("status live", browser.driver.findElement(By.id("status")).getAttribute("class"));
            browser.script(RECORD_HIGHLIGHTS);

            // The handshake: both ends stay ESTABLISHED until the test moves on, so the counts can be read.
            NioTcpListener listener = runtime.listen(new InetSocketAddress("127.0.0.1", 0), server);
            TestClient clientHandler = new TestClient("hello");
            NioTcpConnection client = runtime.connect(listener.localAddress(), clientHandler);
            truth.await("the client ESTABLISHED", h -> h.id() == client.id() && h.to().equals("ESTABLISHED"),
                    PATIENCE);
            long serverId = truth.await("the server's connection ESTABLISHED",
                    h -> h.id() != client.id() && h.id() != listener.id() && h.to().equals("ESTABLISHED"),
                    PATIENCE).id();
            browser.await("two connections counted in ESTABLISHED", d -> "2".equals(count("ESTABLISHED")));
            assertEquals("1", count("LISTEN"));
            assertEquals("0", count("TIME_WAIT"));

            // The close: the client closes first, once the echo is back.
            clientHandler.send(client);
            truth.await("the client CLOSED", h -> h.id() == client.id() && h.to().equals("CLOSED"), PATIENCE);
            truth.await("the server's connection CLOSED", h -> h.id() == serverId && h.to().equals("CLOSED"),
                    PATIENCE);
            browser.await("the client's CLOSED on the page", d -> !d.findElements(
                    By.cssSelector("#tcp-log li[data-id='" + client.id() + "'][data-to='CLOSED']")).isEmpty());
            browser.await("the server's CLOSED on the page", d -> !d.findElements(
                    By.cssSelector("#tcp-log li[data-id='" + serverId + "'][data-to='CLOSED']")).isEmpty());

            List<String> clientStates = truth.statesOf(client.id());
            assertEquals(List.of("SYN_SENT", "ESTABLISHED"), clientStates.subList(0, 2), "the client's handshake");
            assertTrue(clientStates.containsAll(List.of("FIN_WAIT_1", "TIME_WAIT")), "the active close: "
                    + clientStates);
            assertEquals("CLOSED", clientStates.get(clientStates.size() - 1));
            assertTrue(truth.statesOf(serverId).containsAll(List.of("CLOSE_WAIT", "LAST_ACK", "CLOSED")),
                    "the passive close: " + truth.statesOf(serverId));

            // The page logged exactly what the machines did, in order, and highlighted each state as it was entered.
            List<String> logged = pageLog();
            List<String> real = truth.all().stream()
                    .map(h -> h.id() + " " + h.from() + " " + h.event() + " " + h.to()).toList();
            assertEquals(real, logged, "the page's transition log");
            List<String> entered = strings(browser.script("return window.fsmgenEntered"));
            assertEquals(truth.all().stream().map(Transitions.Heard::to).toList(), entered,
                    "the states highlighted, in order");
            browser.await("no connection counted in TIME_WAIT any more", d -> "0".equals(count("TIME_WAIT")));

            // A CLOSE_WAIT leak: the server forgets to close this one.
            NioTcpConnection leaky = runtime.connect(listener.localAddress(), new TestClient("leak"));
            truth.await("the leaky client ESTABLISHED", h -> h.id() == leaky.id() && h.to().equals("ESTABLISHED"),
                    PATIENCE);
            ((TestClient) leaky.handler()).send(leaky);
            // the row's text read in the same step that finds it: the table is redrawn as messages arrive
            String leakRow = browser.await("a row highlighted as a CLOSE_WAIT leak", d -> (String) browser.script(
                    "const r = document.querySelector(\"#connections tr.leak[data-state='CLOSE_WAIT']\");"
                            + " return r ? r.textContent : null;"));
            assertTrue(leakRow.contains("forgetful echo server"), "the leak names its handler: " + leakRow);
            WebElement leaks = browser.driver.findElement(By.id("leaks"));
            assertTrue(leaks.isDisplayed());
            assertTrue(leaks.getText().contains("forgetful echo server has not called close()"), leaks.getText());
            assertEquals("1", count("CLOSE_WAIT"));
            assertTrue(stateBox("CLOSE_WAIT").getAttribute("class").contains("leaking"));

            // The table sorts and filters.
            WebElement idHeader = browser.driver.findElement(By.cssSelector("#connections th[data-key='id']"));
            idHeader.click(); // already sorted by id, ascending: now descending
            List<Long> ids = rowIds();
            assertEquals(ids.stream().sorted(java.util.Comparator.reverseOrder()).toList(), ids, "sorted by id, down");
            idHeader.click();
            assertEquals(rowIds().stream().sorted().toList(), rowIds(), "sorted by id, up");
            browser.driver.findElement(By.id("filter")).sendKeys("forgetful");
            List<String> owned = rows("tr.textContent");
            assertTrue(owned.size() >= 2 && owned.stream().allMatch(row -> row.contains("forgetful echo server")),
                    "filtered by owner: " + owned);
            browser.driver.findElement(By.id("filter")).clear();
            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("state-filter")))
                    .selectByValue("CLOSE_WAIT");
            assertEquals(List.of("CLOSE_WAIT"), rows("tr.dataset.state"), "filtered by state");
            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("state-filter")))
                    .selectByValue("");

            // The first connection's timeline replays step by step, each step highlighting the state it enters; the
            // kernel's own transitions stand beside the machines' where the tracepoint can be read (root, Linux).
            browser.driver.findElement(By.cssSelector("#tcp-log li[data-id='" + client.id() + "'][data-to='CLOSED']"))
                    .click();
            List<Transitions.Heard> conversation = truth.all().stream()
                    .filter(h -> h.id() == client.id() || h.id() == serverId).toList();
            browser.await("the timeline's steps", d -> d.findElements(By.cssSelector(
                    "#timeline-diagram g.step[data-lane='machine']")).size() == conversation.size() ? true : null);
            if (KernelTransitionSource.availability().isAvailable()) {
                // The client's kernel ESTABLISHED -> FIN_WAIT1, which every active close passes; not FIN_WAIT2, which
                // the kernel skips when the server's FIN carries the ACK of ours (the server closes on our FIN).
                browser.await("the kernel's transitions in the timeline", d -> d.findElements(By.cssSelector(
                        "#timeline-diagram g.step[data-lane='kernel'][data-to='FIN_WAIT_1']")).isEmpty() ? null : true);
            }
            List<WebElement> steps = browser.driver.findElements(By.cssSelector("#timeline-diagram g.step"));
            List<String> replayedByMachines = new ArrayList<>();
            for (int step = 0; step < steps.size(); step++) {
                browser.driver.findElement(By.id("tl-next")).click();
                WebElement current = browser.driver.findElement(By.cssSelector("#timeline-diagram g.step.current"));
                assertEquals(String.valueOf(step), current.getAttribute("data-index"));
                List<WebElement> highlighted = browser.driver.findElements(By.cssSelector("#tcp-diagram g.state.replay"));
                assertFalse(highlighted.isEmpty(), "step " + step + " highlights its state");
                assertEquals(current.getAttribute("data-to"), highlighted.get(0).getAttribute("data-state"));
                if ("machine".equals(current.getAttribute("data-lane"))) {
                    replayedByMachines.add(current.getAttribute("data-to"));
                }
                assertTrue(browser.driver.findElement(By.id("tl-step")).getText().startsWith("Step " + (step + 1)
                        + " of " + steps.size()));
                if (current.getAttribute("data-to").equals("FIN_WAIT_1")
                        && "machine".equals(current.getAttribute("data-lane"))) {
                    screenshot(); // mid-replay, with the leak on the table: the README's picture
                }
            }
            assertEquals(conversation.stream().map(Transitions.Heard::to).toList(), replayedByMachines,
                    "the replay highlights each step's state in order");
            server.closeForgotten();
        }
        assertTrue(Files.size(SCREENSHOT) > 0);
    }

    @Test
    void theInspectorShowsAGroupOfMachinesAndTheirUnhandledEvents() throws Exception {
        LampMachine first = new LampMachine();
        LampMachine second = new LampMachine();
        try (WebServer web = WebServer.start(WebOptions.defaults())) {
            web.inspect("lamps", List.of(first, second)); // this thread drives them
            browser.driver.get(web.uri() + "#lamps");
            browser.await("the inspector's first message",
                    d -> browser.script("return Number(document.body.dataset.messages || 0)") instanceof Long n
                            && n > 0);
            assertEquals("layers", browser.driver.findElement(By.cssSelector("#machine-diagram svg"))
                    .getAttribute("data-laid-out-by"));
            first.fire(Lamp.Event.PRESS);
            first.fire(Lamp.Event.REPAIR); // nothing to repair: unhandled
            second.fire(Lamp.Event.BREAK);
            browser.await("three events logged", d -> d.findElements(By.cssSelector("#events li")).size() == 3
                    ? true : null);
            List<WebElement> events = browser.driver.findElements(By.cssSelector("#events li"));
            assertTrue(events.get(0).getText().endsWith("#0 PRESS: OFF → ON"), events.get(0).getText());
            assertEquals("unhandled", events.get(1).getAttribute("class"));
            assertTrue(events.get(1).getText().endsWith("#0 REPAIR unhandled in ON"), events.get(1).getText());
            assertTrue(events.get(2).getText().endsWith("#1 BREAK: OFF → BROKEN"), events.get(2).getText());
            browser.await("the states and counts", d -> "1".equals(machineCount("ON"))
                    && "1".equals(machineCount("BROKEN")) && "0".equals(machineCount("OFF")));
            assertEquals(List.of("ON", "BROKEN"), browser.driver.findElements(By.cssSelector("#machines tbody tr"))
                    .stream().map(tr -> tr.getAttribute("data-state")).toList());
        }
    }

    /** Records, in order, the lines that flash and the states highlighted as entered in the inspector's diagram. */
    private static final String RECORD_INSPECTOR = """
            window.fsmgenFlashed = [];
            window.fsmgenEntered = [];
            new MutationObserver(records => {
              for (const r of records) {
                const was = (r.oldValue || '').split(' ');
                if (r.target.classList.contains('flash') && !was.includes('flash')) {
                  window.fsmgenFlashed.push(r.target.dataset.edge);
                }
                if (r.target.classList.contains('entered') && !was.includes('entered')) {
                  window.fsmgenEntered.push(r.target.dataset.state);
                }
              }
            }).observe(document.querySelector('#machine-diagram'),
                {subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true});
            """;

    @Test
    void theInspectorDrawsAHierarchicalMachineNestedAndLogsDeferredEventsAndFailures() throws Exception {
        PlayerMachine player = new PlayerMachine();
        try (WebServer web = WebServer.start(WebOptions.defaults())) {
            web.inspect("player", player); // this thread drives it
            browser.driver.get(web.uri() + "#player");
            browser.await("the inspector's first message",
                    d -> browser.script("return Number(document.body.dataset.messages || 0)") instanceof Long n
                            && n > 0);
            assertEquals("nested", browser.driver.findElement(By.cssSelector("#machine-diagram svg"))
                    .getAttribute("data-laid-out-by"));
            // Each state's box is drawn inside its composite's box, as the browser lays them out.
            List<String> outside = strings(browser.script("""
                    const box = s => document.querySelector(`#machine-diagram g.state[data-node='${s}'] rect`)
                        .getBBox();
                    const inside = (a, b) => a.x > b.x && a.y > b.y && a.x + a.width < b.x + b.width
                        && a.y + a.height < b.y + b.height;
                    return [['IDLE', 'ON'], ['SESSION', 'ON'], ['BUFFERING', 'SESSION'], ['PLAYING', 'SESSION'],
                        ['PAUSED', 'SESSION']].filter(([s, c]) => !inside(box(s), box(c))).map(p => p.join(' in '));
                    """));
            assertEquals(List.of(), outside, "states drawn outside their composite");
            assertEquals("H", browser.driver.findElement(By.cssSelector("#machine-diagram g.history[data-node='ON#H']"))
                    .getText());
            browser.script(RECORD_INSPECTOR);

            player.fire(Player.Event.POWER);
            player.fire(Player.Event.LOAD);
            player.fire(Player.Event.PAUSE); // deferred while buffering, then taken in PLAYING
            player.fire(Player.Event.BUFFERED);
            player.fire(Player.Event.PLAY);
            player.fire(Player.Event.EJECT); // its action throws
            browser.await("seven events logged", d -> d.findElements(By.cssSelector("#events li")).size() == 7
                    ? true : null);
            browser.await("PLAYING current, inside SESSION and ON", d -> "1".equals(machineCount("PLAYING"))
                    && "1".equals(machineCount("SESSION")) && "1".equals(machineCount("ON"))
                    && "0".equals(machineCount("OFF")));
            assertTrue(stateClass("PLAYING").contains("current"), stateClass("PLAYING"));
            assertTrue(stateClass("SESSION").contains("active") && stateClass("ON").contains("active"),
                    "the composites around the current state are marked");
            assertEquals(List.of("ON › SESSION › PLAYING"), browser.driver.findElements(
                    By.cssSelector("#machines tbody td:nth-child(2)")).stream().map(WebElement::getText).toList());
            List<WebElement> events = browser.driver.findElements(By.cssSelector("#events li"));
            assertEquals("deferred", events.get(2).getAttribute("class"));
            assertTrue(events.get(2).getText().endsWith("#0 PAUSE deferred in BUFFERING"), events.get(2).getText());
            assertEquals("failed", events.get(6).getAttribute("class"));
            assertTrue(events.get(6).getText().endsWith("#0 EJECT failed in PLAYING: action eject threw"
                    + " java.lang.IllegalStateException: the tray is stuck; now in PLAYING"), events.get(6).getText());

            player.fire(Player.Event.POWER); // a row declared on ON, taken from PLAYING
            browser.await("eight events logged", d -> d.findElements(By.cssSelector("#events li")).size() == 8
                    ? true : null);
            browser.await("OFF current", d -> "1".equals(machineCount("OFF")) && "0".equals(machineCount("ON")));
            assertEquals(List.of("OFF>ON(H)", "IDLE>SESSION", "BUFFERING>PLAYING", "PLAYING>PAUSED",
                    "PAUSED>PLAYING", "ON>OFF"), strings(browser.script("return window.fsmgenFlashed")),
                    "the lines flashed: rows declared on a composite flash the composite's line");
            assertEquals(List.of("IDLE", "BUFFERING", "PLAYING", "PAUSED", "PLAYING", "OFF"),
                    strings(browser.script("return window.fsmgenEntered")), "the states highlighted, in order");
            inspectorScreenshot();
        }
    }

    private static String stateClass(String state) {
        return browser.driver.findElement(By.cssSelector("#machine-diagram g.state[data-node='" + state + "']"))
                .getAttribute("class");
    }

    private static void inspectorScreenshot() throws IOException {
        Path file = SCREENSHOT.resolveSibling("inspector-hierarchical.png");
        Files.createDirectories(file.getParent());
        Files.write(file, browser.driver.findElement(By.id("machine")).getScreenshotAs(OutputType.BYTES));
    }

    private static String machineCount(String state) {
        return browser.driver.findElement(By.cssSelector("#machine-diagram g.state[data-node='" + state + "']"))
                .getAttribute("data-count");
    }

    private static void screenshot() throws IOException {
        byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r < 200 || g < 200 || b < 200) {
                    inked++;
                }
            }
        }
        long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
        assertTrue(colours.size() > 50, "the screenshot has " + colours.size() + " colours: blank?");
        assertTrue(inked * 100 > sampled * 2, "the screenshot is " + (100.0 * inked / sampled) + "% ink: blank?");
    }

    private static List<Long> rowIds() {
        return rows("tr.dataset.id").stream().map(Long::parseLong).toList();
    }

    /** One value per row of the table as shown, read in one go (the table is redrawn as messages arrive). */
    private static List<String> rows(String expression) {
        return strings(browser.script("return [...document.querySelectorAll('#connections tbody tr')].map(tr => "
                + expression + ")"));
    }

    private static String count(String state) {
        return stateBox(state).getAttribute("data-count");
    }

    private static WebElement stateBox(String state) {
        return browser.driver.findElement(By.cssSelector("#tcp-diagram g.state[data-node='" + state + "']"));
    }

    private static List<String> pageLog() {
        return strings(browser.script("return [...document.querySelectorAll('#tcp-log li')].reverse()"
                + ".map(li => li.dataset.id + ' ' + li.dataset.from + ' ' + li.dataset.event + ' ' + li.dataset.to)"));
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        for (Object item : (List<?>) value) {
            strings.add(String.valueOf(item));
        }
        return strings;
    }
}
