package io.fsmgen.examples.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.ManualScheduler;
import io.fsmgen.Outcome;
import io.fsmgen.examples.player.MediaPlayer.Event;
import io.fsmgen.examples.player.MediaPlayer.State;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The media player example: what nesting buys, event by event, and its diagram in the README. */
class MediaPlayerTest {

    private final List<String> effects = new ArrayList<>();
    private final ManualScheduler clock = new ManualScheduler();
    private final MediaPlayerMachine player =
            new MediaPlayerMachine(effects::add, clock, Duration.ofHours(2), Duration.ofMinutes(10));

    private List<String> on(Event event, Integer payload) {
        effects.clear();
        player.fire(event, payload);
        return List.copyOf(effects);
    }

    private List<String> on(Event event) {
        return on(event, null);
    }

    @Test
    void aPauseDuringBufferingWaitsForTheBuffer() {
        on(Event.POWER);
        on(Event.LOAD);
        assertEquals(State.BUFFERING, player.state());
        assertEquals(Outcome.DEFERRED, player.send(Event.PAUSE));
        assertEquals(Outcome.DEFERRED, player.send(Event.SEEK, 90));
        assertEquals(List.of("spinner off", "audio on", "audio off", "seek 90", "spinner on"), on(Event.BUFFERED),
                "BUFFERED plays, the deferred PAUSE pauses, the deferred SEEK (in PAUSED) buffers again");
        assertEquals(State.BUFFERING, player.state());
    }

    @Test
    void powerLeavesWhateverThePlayerDoesAndComesBackToIt() {
        on(Event.POWER);
        on(Event.LOAD);
        on(Event.BUFFERED);
        assertEquals(List.of("audio off", "decoder off", "screen off", "bookmark"), on(Event.POWER),
                "ON is left, inside out, before the row's action runs");
        assertEquals(State.OFF, player.state());
        assertEquals(List.of("screen on", "decoder on", "spinner on"), on(Event.POWER),
                "shallow history: back in the session, which starts buffering again");
        assertTrue(player.isIn(State.ON) && player.isIn(State.SESSION));
    }

    @Test
    void aVolumeChangeStaysWhereItIsAndANewTitleRestartsTheSession() {
        on(Event.POWER);
        on(Event.LOAD);
        on(Event.BUFFERED);
        assertEquals(List.of("volume 40"), on(Event.VOLUME, 40));
        assertEquals(State.PLAYING, player.state());
        assertEquals(List.of("audio off", "decoder off", "open", "decoder on", "spinner on"), on(Event.LOAD));
    }

    @Test
    void theSleepTimerRunsAcrossEveryStateInsideOn() {
        on(Event.POWER);
        clock.advance(Duration.ofMinutes(90));
        on(Event.LOAD);
        on(Event.BUFFERED);
        on(Event.PAUSE);
        on(Event.PLAY);
        clock.advance(Duration.ofMinutes(30));
        assertEquals(State.OFF, player.state());
    }

    @Test
    void aLongPauseClosesTheTitle() {
        on(Event.POWER);
        on(Event.LOAD);
        on(Event.BUFFERED);
        on(Event.PAUSE);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(State.IDLE, player.state());
    }

    @Test
    void theReadmeShowsTheGeneratedDiagram() throws IOException {
        String diagram;
        try (InputStream in = MediaPlayerTest.class.getClassLoader()
                .getResourceAsStream("META-INF/fsmgen/io.fsmgen.examples.player.MediaPlayerMachine.mmd")) {
            diagram = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path readme = Path.of(System.getProperty("user.dir")).resolveSibling("README.md");
        String text = Files.readString(readme);
        String start = "<!-- player-mermaid:start";
        String end = "<!-- player-mermaid:end -->";
        String copy = text.substring(text.indexOf("\n", text.indexOf(start)) + 1, text.indexOf(end));
        assertEquals("```mermaid\n" + diagram + "```\n", copy, "README's copy of the media player diagram");
    }
}
