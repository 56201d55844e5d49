package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The JSON model the processor writes beside the diagrams ({@code META-INF/fsmgen/<machine>.json}), which the live
 * page draws from. Pinned in full for a small machine: every row in the order rows are tried, internal rows with
 * {@code "to": null}, wildcard rows marked, hooks and timeouts on their states, and strings escaped.
 */
class ModelJsonTest {

    private static final JavaFileObject KETTLE = source("Kettle", """
            package test;

            import io.fsmgen.*;
            import java.time.Duration;

            @StateMachine(
                    states = Kettle.State.class,
                    events = Kettle.Event.class,
                    initial = "OFF",
                    finalStates = "BROKEN",
                    unhandled = Unhandled.THROW,
                    transitions = {
                        @Transition(from = "OFF", on = "SWITCH_ON", guard = "!empty", to = "HEATING"),
                        @Transition(from = "HEATING", on = "TICK", action = "count"),
                        @Transition(from = "HEATING", on = "TOO_LONG", to = "BROKEN"),
                        @Transition(from = {"OFF", "HEATING"}, on = "SWITCH_OFF", action = {"click", "log"}, to = "OFF"),
                    })
            public abstract class Kettle {
                public enum State { OFF, HEATING, BROKEN }

                public enum Event { SWITCH_ON, SWITCH_OFF, TICK, TOO_LONG }

                boolean empty() { return false; }

                void count() {}

                void click() {}

                void log() {}

                @OnEntry("HEATING") void heaterOn() {}

                @OnExit("HEATING") void heaterOff() {}

                @Timeout(state = "HEATING", fire = "TOO_LONG") Duration maxHeating() { return Duration.ofMinutes(5); }

                Scheduler scheduler() { return Scheduler.none(); }
            }
            """);

    @Test
    void writesTheWholeModelBesideTheDiagrams() throws IOException {
        Compilation compilation = compile(KETTLE);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(json(compilation, "test.KettleMachine")).isEqualTo("""
                {
                  "format": 1,
                  "machine": "test.KettleMachine",
                  "name": "KettleMachine",
                  "spec": "test.Kettle",
                  "stateType": "test.Kettle.State",
                  "eventType": "test.Kettle.Event",
                  "initial": "OFF",
                  "unhandled": "THROW",
                  "events": ["SWITCH_ON", "SWITCH_OFF", "TICK", "TOO_LONG"],
                  "states": [
                    {"name": "OFF", "final": false, "entry": [], "exit": [], "timeouts": []},
                    {"name": "HEATING", "final": false, "entry": ["heaterOn"], "exit": ["heaterOff"], \
                "timeouts": [{"method": "maxHeating", "event": "TOO_LONG"}]},
                    {"name": "BROKEN", "final": true, "entry": [], "exit": [], "timeouts": []}
                  ],
                  "rows": [
                    {"from": "OFF", "event": "SWITCH_ON", "guard": "!empty", "actions": [], "to": "HEATING", \
                "wildcard": false, "origin": "Kettle row 1"},
                    {"from": "OFF", "event": "SWITCH_OFF", "guard": null, "actions": ["click", "log"], "to": "OFF", \
                "wildcard": false, "origin": "Kettle row 4"},
                    {"from": "HEATING", "event": "SWITCH_OFF", "guard": null, "actions": ["click", "log"], \
                "to": "OFF", "wildcard": false, "origin": "Kettle row 4"},
                    {"from": "HEATING", "event": "TICK", "guard": null, "actions": ["count"], "to": null, \
                "wildcard": false, "origin": "Kettle row 2"},
                    {"from": "HEATING", "event": "TOO_LONG", "guard": null, "actions": [], "to": "BROKEN", \
                "wildcard": false, "origin": "Kettle row 3"}
                  ]
                }
                """);
    }

    @Test
    void wildcardRowsAreMarkedOnEveryStateTheyReach() throws IOException {
        Compilation compilation = compile(source("Lamp", """
                package test;

                import io.fsmgen.*;

                @StateMachine(states = Lamp.State.class, events = Lamp.Event.class, initial = "OFF",
                        transitions = {
                            @Transition(from = "OFF", on = "PRESS", to = "ON"),
                            @Transition(from = "*", on = "RESET", to = "OFF"),
                        })
                public abstract class Lamp {
                    public enum State { OFF, ON }

                    public enum Event { PRESS, RESET }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        String json = json(compilation, "test.LampMachine");
        assertThat(json).contains("{\"from\": \"ON\", \"event\": \"RESET\", \"guard\": null, \"actions\": [],"
                + " \"to\": \"OFF\", \"wildcard\": true, \"origin\": \"Lamp row 2\"}");
        assertThat(json).contains("{\"from\": \"OFF\", \"event\": \"RESET\", \"guard\": null, \"actions\": [],"
                + " \"to\": \"OFF\", \"wildcard\": true, \"origin\": \"Lamp row 2\"}");
    }

    private static String json(Compilation compilation, String machine) throws IOException {
        Optional<JavaFileObject> file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "",
                "META-INF/fsmgen/" + machine + ".json");
        assertThat(file.isPresent()).isTrue();
        return file.get().getCharContent(false).toString();
    }
}
