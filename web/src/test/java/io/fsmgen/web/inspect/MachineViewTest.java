package io.fsmgen.web.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fsmgen.web.WebOptions;
import io.fsmgen.web.json.JsonOut;
import io.fsmgen.web.json.JsonReader;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineViewTest {

    private static final Lamp.Event[] LIFE = {Lamp.Event.PRESS, Lamp.Event.PRESS, Lamp.Event.REPAIR,
        Lamp.Event.BREAK, Lamp.Event.REPAIR};

    @Test
    void whileNoPageIsOpenTheListenerAllocatesNothing() {
        LampMachine lamp = new LampMachine();
        MachineView<Lamp.State, Lamp.Event> view = new MachineView<>("lamp", List.of(lamp), WebOptions.defaults());
        com.sun.management.ThreadMXBean threads = hotSpotThreads();
        drive(lamp, 20_000);
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        drive(lamp, 200_000);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        // One allocation per event would be at least 16,000,000 bytes; the counter and the JIT account for a few
        // hundred bytes now and then.
        assertTrue(allocated < 16 * 1024, allocated + " bytes allocated over 1,000,000 events with no page open");
        JsonOut batch = new JsonOut();
        view.live(true);
        view.tick(System.nanoTime(), batch);
        assertTrue(batch.toString().contains("\"events\":[]"), "nothing was recorded while no page was open: " + batch);
        view.close();
    }

    @Test
    void whileAPageIsOpenItLogsTransitionsAndUnhandledEventsWithinTheRate() {
        LampMachine a = new LampMachine();
        LampMachine b = new LampMachine();
        WebOptions options = WebOptions.defaults().withMaxEventsPerSecond(30); // 3 per 100 ms tick
        MachineView<Lamp.State, Lamp.Event> view = new MachineView<>("lamps", List.of(a, b), options);
        assertEquals("lamps (LampMachine x2)", view.title());
        view.live(true);
        a.fire(Lamp.Event.PRESS);
        a.fire(Lamp.Event.REPAIR); // unhandled in ON
        b.fire(Lamp.Event.BREAK);
        b.fire(Lamp.Event.REPAIR);
        b.fire(Lamp.Event.PRESS);
        JsonOut out = new JsonOut();
        assertTrue(view.tick(System.nanoTime(), out));
        Map<?, ?> batch = (Map<?, ?>) JsonReader.parse(out.toString(), "batch");
        List<?> events = (List<?>) batch.get("events");
        assertEquals(3, events.size(), "at most the rate's share of a tick is sent");
        Map<String, Object> press = new java.util.HashMap<>(Map.of("machine", 0L, "from", "OFF", "event", "PRESS",
                "to", "ON", "handled", true, "deferred", false, "failed", false, "line", "OFF>ON"));
        press.put("failure", null);
        assertEquals(press, without((Map<?, ?>) events.get(0), "at"));
        Map<String, Object> unhandled = new java.util.HashMap<>(Map.of("machine", 0L, "from", "ON",
                "event", "REPAIR", "handled", false, "deferred", false, "failed", false));
        unhandled.put("to", null);
        unhandled.put("failure", null);
        unhandled.put("line", null);
        assertEquals(unhandled, without((Map<?, ?>) events.get(1), "at"));
        assertEquals(2L, batch.get("skipped"));
        assertEquals(Map.of("0", "ON", "1", "ON"), batch.get("states"));
        assertEquals(Map.of("ON", 2L), batch.get("counts"));

        JsonOut snapshot = new JsonOut();
        view.snapshot(System.nanoTime(), snapshot);
        Map<?, ?> all = (Map<?, ?>) JsonReader.parse(snapshot.toString(), "snapshot");
        assertEquals(5, ((List<?>) all.get("events")).size(), "the log keeps every event, sent or skipped");

        view.live(false);
        a.fire(Lamp.Event.PRESS);
        JsonOut idle = new JsonOut();
        view.tick(System.nanoTime(), idle);
        assertEquals(List.of(), ((Map<?, ?>) JsonReader.parse(idle.toString(), "idle")).get("events"));
        view.close();
    }

    @Test
    void aHierarchicalMachineLogsDeferredEventsAndFailuresAndCountsItsComposites() {
        PlayerMachine a = new PlayerMachine();
        PlayerMachine b = new PlayerMachine();
        MachineView<Player.State, Player.Event> view = new MachineView<>("players", List.of(a, b),
                WebOptions.defaults());
        view.live(true);
        a.fire(Player.Event.POWER);
        a.fire(Player.Event.LOAD);
        a.fire(Player.Event.PAUSE); // deferred while buffering
        a.fire(Player.Event.BUFFERED); // then PLAYING, and the deferred PAUSE takes it to PAUSED
        a.fire(Player.Event.PLAY);
        assertEquals(false, a.fire(Player.Event.EJECT), "the action threw; @OnError handled it");
        b.fire(Player.Event.POWER);
        JsonOut out = new JsonOut();
        assertTrue(view.tick(System.nanoTime(), out));
        Map<?, ?> batch = (Map<?, ?>) JsonReader.parse(out.toString(), "batch");
        List<String> log = ((List<?>) batch.get("events")).stream().map(e -> (Map<?, ?>) e)
                .map(e -> e.get("event") + " " + e.get("from") + ">" + e.get("to") + " line=" + e.get("line")
                        + (Boolean.TRUE.equals(e.get("deferred")) ? " deferred" : "")
                        + (Boolean.TRUE.equals(e.get("failed")) ? " failed: " + e.get("failure") : ""))
                .toList();
        assertEquals(List.of(
                "POWER OFF>IDLE line=OFF>ON(H)",
                "LOAD IDLE>BUFFERING line=IDLE>SESSION",
                "PAUSE BUFFERING>null line=null deferred",
                "BUFFERED BUFFERING>PLAYING line=BUFFERING>PLAYING",
                "PAUSE PLAYING>PAUSED line=PLAYING>PAUSED",
                "PLAY PAUSED>PLAYING line=PAUSED>PLAYING",
                "EJECT PLAYING>PLAYING line=null failed: action eject threw java.lang.IllegalStateException: the tray"
                        + " is stuck",
                "POWER OFF>IDLE line=OFF>ON(H)"), log);
        assertEquals(Map.of("PLAYING", 1L, "SESSION", 1L, "IDLE", 1L, "ON", 2L), batch.get("counts"),
                "a composite counts the machines inside it");

        JsonOut description = new JsonOut();
        view.describe(description);
        Map<?, ?> described = (Map<?, ?>) JsonReader.parse(description.toString(), "description");
        String on = (String) ((Map<?, ?>) described.get("notes")).get("ON");
        assertTrue(on.startsWith("Composite state ON of PlayerMachine.") && on.contains("Contains IDLE, SESSION")
                && on.contains("history (H)"), on);
        String session = (String) ((Map<?, ?>) described.get("notes")).get("SESSION");
        assertTrue(session.contains("Handled without leaving it: VOLUME / volume."), session);
        view.close();
    }

    @Test
    void aGroupIsOfOneClass() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new MachineView<Lamp.State, Lamp.Event>("none", List.of(), WebOptions.defaults()));
        assertEquals("inspect needs at least one machine", empty.getMessage());
    }

    private static Map<Object, Object> without(Map<?, ?> map, String key) {
        Map<Object, Object> copy = new java.util.HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static void drive(LampMachine lamp, int rounds) {
        for (int i = 0; i < rounds; i++) {
            for (Lamp.Event event : LIFE) {
                lamp.fire(event);
            }
        }
    }

    private static com.sun.management.ThreadMXBean hotSpotThreads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        return (com.sun.management.ThreadMXBean) bean;
    }
}
