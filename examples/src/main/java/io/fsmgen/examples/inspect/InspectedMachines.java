package io.fsmgen.examples.inspect;

import io.fsmgen.Scheduler;
import io.fsmgen.examples.door.Door;
import io.fsmgen.examples.door.DoorMachine;
import io.fsmgen.examples.player.MediaPlayer;
import io.fsmgen.examples.player.MediaPlayerMachine;
import io.fsmgen.web.WebServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The example machines {@code inspect} can show, and how an operator presses their buttons. */
public enum InspectedMachines {

    /** Three Door machines: unhandled events (OPEN on a locked door, LOCK on an open one) show in red. */
    DOOR("three Door machines; unhandled events show in red") {
        @Override
        Runnable attach(WebServer web, Scheduler scheduler, Random random) {
            List<DoorMachine> doors = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                doors.add(new DoorMachine());
            }
            web.inspect("doors", doors);
            Door.Event[] events = Door.Event.values();
            return () -> doors.get(random.nextInt(doors.size())).fire(events[random.nextInt(events.length)]);
        }
    },

    /**
     * Two media players, a hierarchical machine: composites ON and SESSION drawn around their states, ON's history,
     * PAUSE and SEEK deferred while buffering, rows declared on a composite.
     */
    PLAYER("two media players, a hierarchical machine; deferred events show in amber") {
        @Override
        Runnable attach(WebServer web, Scheduler scheduler, Random random) {
            List<MediaPlayerMachine> players = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                players.add(new MediaPlayerMachine(effect -> { }, scheduler, Duration.ofSeconds(20),
                        Duration.ofSeconds(3)));
            }
            web.inspect("players", players);
            MediaPlayer.Event[] events = MediaPlayer.Event.values();
            return () -> players.get(random.nextInt(players.size()))
                    .fire(events[random.nextInt(events.length)], random.nextInt(100));
        }
    };

    private final String description;

    InspectedMachines(String description) {
        this.description = description;
    }

    /** What the command prints beside the page's address. */
    String description() {
        return description;
    }

    /**
     * Creates the machines, attaches them to {@code web} in one call, and returns the operator's press: one random
     * event to one machine. Called before the operator thread starts; from then on only that thread drives them.
     */
    abstract Runnable attach(WebServer web, Scheduler scheduler, Random random);

    /** The machine named {@code name} on the command line ("door", "player"). */
    public static Optional<InspectedMachines> named(String name) {
        for (InspectedMachines machines : values()) {
            if (machines.name().equalsIgnoreCase(name)) {
                return Optional.of(machines);
            }
        }
        return Optional.empty();
    }

    /** The names the command accepts, for its messages. */
    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(m -> m.name().toLowerCase(java.util.Locale.ROOT))
                .toList());
    }
}
