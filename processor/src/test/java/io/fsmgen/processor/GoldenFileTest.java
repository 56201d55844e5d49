package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.source;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Golden-file tests: the exact text of what the processor generates for two small, representative machines, the
 * machine source and its three documentation resources. Behaviour is tested elsewhere (the generated machines are
 * run in the examples and runtime modules); these tests pin what the output looks like, so that a change to the
 * generated code is a visible diff in review, and readability regressions are caught.
 *
 * <p>Goldens live in {@code src/test/resources/goldens/GoldenFileTest/<test method>/}: {@code <qualified
 * name>.java} for the source, and {@code <qualified name>.mmd|.dot|.md} for the resources.
 *
 * <p><b>Updating goldens.</b> After an intended change to the generator, run
 * <pre>FSMGEN_UPDATE_GOLDENS=1 mvn -q -B -pl api,processor verify -Dtest=GoldenFileTest</pre>
 * from the repository root. The tests then rewrite the golden files under {@code processor/src/test/resources}
 * instead of comparing (and pass), so review the diff with {@code git diff} before committing it.
 */
class GoldenFileTest {

    private static final boolean UPDATE = "1".equals(System.getenv("FSMGEN_UPDATE_GOLDENS"));

    /**
     * A plain machine: guards (one negated), actions, an internal transition, a wildcard row, and cells that share one
     * case body (two events of one row; an explicit row and a wildcard row that do the same).
     */
    private static final JavaFileObject TURNSTILE = source("Turnstile", """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = Turnstile.State.class,
                    events = Turnstile.Event.class,
                    initial = "LOCKED",
                    transitions = {
                        @Transition(from = "LOCKED", on = "COIN", guard = "!jammed", action = "unlock", to = "UNLOCKED"),
                        @Transition(from = "LOCKED", on = "COIN", action = "refund"),
                        @Transition(from = "UNLOCKED", on = "PUSH", action = {"count", "lock"}, to = "LOCKED"),
                        @Transition(from = "UNLOCKED", on = {"COIN", "TOKEN"}, action = "refund"),
                        @Transition(from = "LOCKED", on = "TOKEN", to = "LOCKED"),
                        @Transition(from = "*", on = "RESET", to = "LOCKED"),
                    })
            public abstract class Turnstile {
                public enum State { LOCKED, UNLOCKED }

                public enum Event { COIN, TOKEN, PUSH, RESET }

                boolean jammed() { return false; }

                void unlock() {}

                void lock() {}

                void refund() {}

                void count(Event event) {}
            }
            """);

    /** A machine with a payload, a timeout, entry and exit actions, THROW policy and a final state. */
    private static final JavaFileObject KETTLE = source("Kettle", Holder.KETTLE_TEXT);

    /** Texts used by more than one fixture. */
    private static final class Holder {
        static final String KETTLE_TEXT = """
            package test;

            import io.fsmgen.*;
            import java.time.Duration;

            @StateMachine(
                    states = Kettle.State.class,
                    events = Kettle.Event.class,
                    initial = "OFF",
                    name = "KettleMachine",
                    unhandled = Unhandled.THROW,
                    payload = Integer.class,
                    finalStates = "BROKEN",
                    transitions = {
                        @Transition(from = "OFF", on = "SWITCH_ON", to = "HEATING"),
                        @Transition(from = "HEATING", on = "TEMPERATURE", guard = "boiling", action = "whistle",
                                to = "OFF"),
                        @Transition(from = "HEATING", on = "TEMPERATURE", action = "record"),
                        @Transition(from = "HEATING", on = "TOO_LONG", to = "BROKEN"),
                        @Transition(from = {"OFF", "HEATING"}, on = "SWITCH_OFF", to = "OFF"),
                    })
            public abstract class Kettle {
                public enum State { OFF, HEATING, BROKEN }

                public enum Event { SWITCH_ON, TEMPERATURE, TOO_LONG, SWITCH_OFF }

                private final Scheduler scheduler;

                protected Kettle(Scheduler scheduler) {
                    this.scheduler = scheduler;
                }

                Scheduler scheduler() { return scheduler; }

                boolean boiling(Integer celsius) { return celsius >= 100; }

                void record(Integer celsius) {}

                void whistle() {}

                @OnEntry("HEATING")
                void heaterOn() {}

                @OnExit("HEATING")
                void heaterOff(Event why) {}

                @Timeout(state = "HEATING", fire = "TOO_LONG")
                Duration maxHeating() { return Duration.ofMinutes(5); }
            }
            """;
    }

    private static final String KETTLE_TEXT = Holder.KETTLE_TEXT;

    /** The kettle with the cell-table dispatch: plain cells in the table, the others in one switch. */
    private static final JavaFileObject KETTLE_TABLE = source("KettleTable", KETTLE_TEXT
            .replace("class Kettle", "class KettleTable")
            .replace("Kettle.", "KettleTable.")
            .replace("protected Kettle(", "protected KettleTable(")
            .replace("name = \"KettleMachine\",", "name = \"KettleTableMachine\", dispatch = Dispatch.TABLE,"));

    /**
     * A machine with extended state of every kind a snapshot captures: a boolean, a ranged int, an enum, and the
     * other primitives at their full range, one declared in a superclass.
     */
    private static final JavaFileObject RETRY = source("Retry", """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = Retry.State.class,
                    events = Retry.Event.class,
                    initial = "IDLE",
                    transitions = {
                        @Transition(from = "IDLE", on = "SEND", action = "count", to = "WAITING"),
                        @Transition(from = "WAITING", on = "TIMEOUT", guard = "mayRetry", action = "count"),
                        @Transition(from = "WAITING", on = "TIMEOUT", to = "FAILED"),
                        @Transition(from = "WAITING", on = "REPLY", to = "IDLE"),
                        @Transition(from = "FAILED", on = "SEND", action = "count", to = "WAITING"),
                    })
            public abstract class Retry extends RetryBase {
                public enum State { IDLE, WAITING, FAILED }

                public enum Event { SEND, TIMEOUT, REPLY }

                public enum Priority { LOW, HIGH }

                @ExtendedState(min = 0, max = 3)
                protected int attempts;

                @ExtendedState
                protected boolean urgent;

                @ExtendedState
                protected Priority priority;

                @ExtendedState
                protected char mark;

                @ExtendedState
                protected float weight;

                @ExtendedState
                protected double score;

                @ExtendedState(min = -1)
                protected long deadline;

                /** Not machine state: a statistic. */
                @SuppressWarnings("fsmgen")
                protected int sent;

                boolean mayRetry() { return attempts < 3; }

                void count() { attempts++; sent++; }
            }
            """);

    private static final JavaFileObject RETRY_BASE = source("RetryBase", """
            package test;

            import io.fsmgen.ExtendedState;

            public abstract class RetryBase {
                @ExtendedState
                protected byte channel;
            }
            """);

    /**
     * A machine with two timeouts, one of which may be switched off (a null duration) and one restarted by an external
     * self-transition: their timers and tasks live in the nested {@code Timers} object, made when the first is armed.
     */
    private static final JavaFileObject SESSION = source("Session", """
            package test;

            import io.fsmgen.*;
            import java.time.Duration;

            @StateMachine(
                    states = Session.State.class,
                    events = Session.Event.class,
                    initial = "IDLE",
                    transitions = {
                        @Transition(from = "IDLE", on = "CONNECT", to = "CONNECTING"),
                        @Transition(from = "CONNECTING", on = "CONNECTED", to = "OPEN"),
                        @Transition(from = "CONNECTING", on = "GIVE_UP", to = "IDLE"),
                        @Transition(from = "OPEN", on = "DATA", to = "OPEN"),
                        @Transition(from = "OPEN", on = "IDLE_TOO_LONG", action = "hangUp", to = "IDLE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    })
            public abstract class Session {
                public enum State { IDLE, CONNECTING, OPEN }

                public enum Event { CONNECT, CONNECTED, DATA, GIVE_UP, IDLE_TOO_LONG, RESET }

                private final Scheduler scheduler;

                Duration idle;

                protected Session(Scheduler scheduler) {
                    this.scheduler = scheduler;
                }

                Scheduler scheduler() { return scheduler; }

                void hangUp() {}

                @Timeout(state = "CONNECTING", fire = "GIVE_UP")
                Duration connectLimit() { return Duration.ofSeconds(10); }

                /** Restarted by DATA (an external self-transition); null, the default, keeps a session open. */
                @Timeout(state = "OPEN", fire = "IDLE_TOO_LONG")
                Duration idleLimit() { return idle; }
            }
            """);

    /**
     * A hierarchical machine that defers events: a composite with two children, a deferral on a child and one on the
     * composite, a row inherited from the composite, and a bounded queue of deferred events. Pins {@code send}, the
     * offering of deferred events again after each state change, and the entry and exit paths through the composite.
     */
    private static final JavaFileObject WORKER = source("Worker", """
            package test;

            import io.fsmgen.*;

            @StateMachine(
                    states = Worker.State.class,
                    events = Worker.Event.class,
                    initial = "IDLE",
                    deferLimit = 3,
                    deferOverflow = DeferOverflow.DROP_OLDEST,
                    composites = @Composite(state = "WORKING", children = {"BUSY", "COOLING"}, initial = "BUSY"),
                    deferrals = {
                        @Defer(state = "BUSY", events = "JOB"),
                        @Defer(state = "WORKING", events = "PING"),
                    },
                    transitions = {
                        @Transition(from = "IDLE", on = "JOB", action = "start", to = "BUSY"),
                        @Transition(from = "IDLE", on = "PING", action = "pong"),
                        @Transition(from = "BUSY", on = "FINISH", to = "COOLING"),
                        @Transition(from = "COOLING", on = "COOL", to = "IDLE"),
                        @Transition(from = "COOLING", on = "JOB", action = "refuse"),
                        @Transition(from = "WORKING", on = "ABORT", to = "IDLE"),
                    })
            public abstract class Worker {
                public enum State { IDLE, WORKING, BUSY, COOLING }

                public enum Event { JOB, PING, FINISH, COOL, ABORT }

                void start() {}

                void pong() {}

                void refuse() {}

                @OnEntry("WORKING")
                void clockIn() {}

                @OnExit("WORKING")
                void clockOut() {}
            }
            """);

    @Test
    void hierarchicalMachineWithDeferral(TestInfo test) {
        Compilation compilation = compile(WORKER);
        assertThat(compilation).succeededWithoutWarnings();
        checkGoldens(test, compilation, "test.WorkerMachine");
    }

    @Test
    void machineWithTwoTimeouts(TestInfo test) {
        Compilation compilation = compile(SESSION);
        assertThat(compilation).succeededWithoutWarnings();
        checkGoldens(test, compilation, "test.SessionMachine");
    }

    @Test
    void machineWithExtendedState(TestInfo test) {
        Compilation compilation = compile(RETRY, RETRY_BASE);
        assertThat(compilation).succeededWithoutWarnings();
        checkGoldens(test, compilation, "test.RetryMachine");
    }

    @Test
    void plainMachine(TestInfo test) {
        Compilation compilation = compile(TURNSTILE);
        assertThat(compilation).succeededWithoutWarnings();
        checkGoldens(test, compilation, "test.TurnstileMachine");

        String mermaid = resource(compilation, "test.TurnstileMachine.mmd");
        assertWithMessage("mermaid").that(mermaid).contains("stateDiagram-v2\n");
        assertWithMessage("mermaid").that(mermaid).contains("    [*] --> LOCKED\n");
        assertWithMessage("mermaid").that(mermaid).contains("    LOCKED --> UNLOCKED : COIN [!jammed] / unlock\n");
        assertWithMessage("mermaid").that(mermaid).contains("    UNLOCKED --> LOCKED : PUSH / count, lock<br/>RESET\n");
        String dot = resource(compilation, "test.TurnstileMachine.dot");
        assertWithMessage("dot").that(dot).startsWith("digraph \"TurnstileMachine\" {\n");
        assertWithMessage("dot").that(dot).contains("    \"__initial\" -> \"LOCKED\";\n");
        assertWithMessage("dot").that(dot)
                .contains("    \"LOCKED\" -> \"UNLOCKED\" [label=\"COIN [!jammed] / unlock\"];\n");
        String markdown = resource(compilation, "test.TurnstileMachine.md");
        assertWithMessage("markdown").that(markdown).startsWith("# TurnstileMachine\n");
        assertWithMessage("markdown").that(markdown)
                .contains("| State | Event | Guard | Actions | Next | Declared |\n");
        assertWithMessage("markdown").that(markdown)
                .contains("| LOCKED | COIN | `!jammed` | `unlock` | UNLOCKED | Turnstile row 1 |\n"
                        + "| LOCKED | COIN |  | `refund` | (stays: internal) | Turnstile row 2 |\n");
        assertWithMessage("markdown").that(markdown)
                .contains("| UNLOCKED | RESET |  |  | LOCKED | Turnstile row 6 (`*`) |\n");
    }

    @Test
    void machineWithPayloadTimeoutAndHooks(TestInfo test) {
        Compilation compilation = compile(KETTLE);
        assertThat(compilation).succeededWithoutWarnings();
        checkGoldens(test, compilation, "test.KettleMachine");

        String mermaid = resource(compilation, "test.KettleMachine.mmd");
        assertWithMessage("mermaid").that(mermaid).contains("    [*] --> OFF\n");
        assertWithMessage("mermaid").that(mermaid).contains("    HEATING --> BROKEN : TOO_LONG\n");
        assertWithMessage("mermaid").that(mermaid).contains("    BROKEN --> [*]\n");
        String dot = resource(compilation, "test.KettleMachine.dot");
        assertWithMessage("dot").that(dot).contains("    \"BROKEN\" [peripheries=2];\n");
        assertWithMessage("dot").that(dot)
                .contains("    \"HEATING\" -> \"OFF\" [label=\"TEMPERATURE [boiling] / whistle\\nSWITCH_OFF\"];\n");
        String markdown = resource(compilation, "test.KettleMachine.md");
        assertWithMessage("markdown").that(markdown).contains("| State | On entry | On exit | Timeouts |\n");
        assertWithMessage("markdown").that(markdown)
                .contains("| HEATING | `heaterOn` | `heaterOff` | after `maxHeating()` fire TOO_LONG |\n");
    }

    @Test
    void machineWithPayloadTimeoutAndHooksAsACellTable(TestInfo test) {
        Compilation compilation = compile(KETTLE_TABLE);
        assertThat(compilation).succeededWithoutWarnings();
        checkGoldens(test, compilation, "test.KettleTableMachine");
    }

    private static void checkGoldens(TestInfo test, Compilation compilation, String qualifiedName) {
        String method = test.getTestMethod().orElseThrow().getName();
        String source = contents(compilation.generatedSourceFile(qualifiedName), qualifiedName + ".java");
        checkGolden(method, qualifiedName + ".java", source);
        for (String extension : new String[] {"mmd", "dot", "md"}) {
            String name = qualifiedName + "." + extension;
            checkGolden(method, name, resource(compilation, name));
        }
    }

    private static String resource(Compilation compilation, String name) {
        return contents(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/fsmgen/" + name), name);
    }

    private static String contents(Optional<JavaFileObject> file, String what) {
        assertWithMessage("generated file %s", what).that(file.isPresent()).isTrue();
        try {
            return file.get().getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkGolden(String method, String name, String actual) {
        String resource = "goldens/" + GoldenFileTest.class.getSimpleName() + "/" + method + "/" + name;
        if (UPDATE) {
            Path basedir = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")));
            Path target = basedir.resolve("src/test/resources").resolve(resource);
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, actual, UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String expected;
        try (InputStream in = GoldenFileTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertWithMessage("golden file %s is missing; run with FSMGEN_UPDATE_GOLDENS=1 to create it", resource)
                    .that(in)
                    .isNotNull();
            expected = new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertWithMessage("%s differs from its golden file; if the change is intended, rerun with"
                        + " FSMGEN_UPDATE_GOLDENS=1 and review the diff", name)
                .that(actual)
                .isEqualTo(expected);
    }
}
