package io.fsmgen.processor;

import static io.fsmgen.processor.AdversarialCase.TABLE;
import static io.fsmgen.processor.AdversarialCase.error;
import static io.fsmgen.processor.AdversarialCase.errorIn;
import static io.fsmgen.processor.AdversarialCase.warning;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial specs, part 3: spec methods that look usable and are not (timeouts and schedulers that throw checked
 * exceptions or return the wrong thing, overloads that Java would pick instead, hooks the machine cannot call), and
 * legal-looking constructs that mean nothing (a timeout into an unhandled event, a {@code "*"} row always shadowed).
 */
class AdversarialMethodsTest {

    private static final String TIMED = """
                    states = S.class,
                    events = E.class,
                    initial = "IDLE",
                    finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                        @Transition(from = "*", on = "RESET", to = "IDLE"),
                    }
            """;

    /** A second spec, test.O, whose machine test.OMachine exists only from the round after the first. */
    private static final javax.tools.JavaFileObject OTHER_SPEC = Fixtures.source("O", """
            package test;

            import io.fsmgen.*;

            @StateMachine(states = S.class, events = E.class, initial = "IDLE",
                    transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING"))
            abstract class O {}
            """);

    static Stream<AdversarialCase> cases() {
        return Stream.of(
                error("an action taking another spec's machine, not generated yet when the spec is first read",
                        "[FsmMethodParameters] action 'go' takes (OMachine); it must take no parameter, or one E (the"
                                + " event)",
                        "action = \"go\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", action = "go", to = "DONE")
                        """, """
                                    void go(OMachine other) {}
                                """, OTHER_SPEC),
                error("an entry action taking another spec's machine, not generated yet when the spec is first read",
                        "[FsmMethodParameters] entry action 'started' takes (OMachine)",
                        "@OnEntry(\"RUNNING\")",
                        TABLE, """
                                    @OnEntry("RUNNING")
                                    void started(OMachine other) {}
                                """, OTHER_SPEC),
                error("an error handler taking another spec's machine, not generated yet when the spec is first read",
                        "[FsmMethodParameters] error handler 'failed' takes (OMachine); it must take no parameter, or"
                                + " one TransitionFailure",
                        "@OnError",
                        TABLE, """
                                    @OnError
                                    void failed(OMachine other) {}
                                """, OTHER_SPEC),
                error("a timeout method returning another spec's machine, not generated yet when the spec is first"
                                + " read",
                        "[FsmTimeoutMethod] timeout method 'limit' must take no parameter and return"
                                + " java.time.Duration, but returns OMachine",
                        "@Timeout(state = \"RUNNING\"",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    OMachine limit() { return null; }

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """, OTHER_SPEC),
                error("a scheduler method returning another spec's machine, not generated yet when the spec is"
                                + " first read",
                        "[FsmMissingScheduler] the spec declares timeouts, so it needs a non-private method"
                                + " 'io.fsmgen.Scheduler clock()'",
                        "scheduler = \"clock\"",
                        TIMED + ", scheduler = \"clock\"\n", """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() { return Duration.ofSeconds(1); }

                                    OMachine clock() { return null; }
                                """, OTHER_SPEC),
                error("an action taking a type that never exists",
                        "[FsmUndefinedType] no machine generated for test.M: the type Missing in action 'go' refers to a"
                                + " type or constant that does not exist",
                        "action = \"go\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", action = "go", to = "DONE")
                        """, """
                                    void go(Missing other) {}
                                """),
                error("a timeout method declaring a checked exception",
                        "[FsmCheckedException] timeout method 'limit' declares checked exception Exception",
                        "@Timeout(state = \"RUNNING\"",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() throws Exception { return Duration.ofSeconds(1); }

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """),
                error("a scheduler method declaring a checked exception",
                        "[FsmCheckedException] scheduler method 'scheduler' declares checked exception"
                                + " InterruptedException",
                        "@StateMachine(",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() { return Duration.ofSeconds(1); }

                                    Scheduler scheduler() throws InterruptedException { return Scheduler.none(); }
                                """),
                error("a timeout method returning long",
                        "[FsmTimeoutMethod] timeout method 'limit' must take no parameter and return"
                                + " java.time.Duration, but returns long",
                        "@Timeout(state = \"RUNNING\"",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    long limit() { return 1000; }

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """),
                error("an abstract timeout method",
                        "[FsmAbstractMethod] timeout method 'limit' is abstract",
                        "@Timeout(state = \"RUNNING\"",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    abstract Duration limit();

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """),
                error("a scheduler under another name",
                        "[FsmMissingScheduler] the spec declares timeouts, so it needs a non-private method"
                                + " 'io.fsmgen.Scheduler scheduler()' that the machine uses to arm them; did you mean"
                                + " scheduler = \"clock\"?",
                        "@StateMachine(",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "STOP")
                                    Duration limit() { return Duration.ofSeconds(1); }

                                    Scheduler clock() { return Scheduler.none(); }
                                """),
                error("a timeout firing an event its state does not handle",
                        "[FsmUnhandledTimeout] timeout 'limit' fires START in state RUNNING, which has no row for"
                                + " START",
                        "@Timeout(state = \"RUNNING\"",
                        TIMED, """
                                    @Timeout(state = "RUNNING", fire = "START")
                                    Duration limit() { return Duration.ofSeconds(1); }

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """),
                error("an annotated hook beside a more specific unannotated overload",
                        "[FsmAmbiguousMethod] entry action 'log(Object)' would not run: the machine calls"
                                + " log(payload), and Java picks the more specific overload log(String)",
                        "@OnEntry(\"RUNNING\")",
                        TABLE + ", payload = String.class\n", """
                                    @OnEntry("RUNNING")
                                    void log(Object payload) {}

                                    void log(String text) {}
                                """),
                error("a guard whose more specific overload Java would pick",
                        "[FsmAmbiguousMethod] guard 'ready(Object)' would not run: the machine calls"
                                + " ready(payload), and Java picks the more specific overload ready(CharSequence)",
                        "guard = \"ready\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                payload = String.class,
                                transitions = @Transition(from = "IDLE", on = "START", guard = "ready", to = "DONE")
                        """, """
                                    boolean ready(Object payload) { return true; }

                                    void ready(CharSequence text) {}
                                """),
                error("a guard overloaded for event and payload",
                        "[FsmAmbiguousMethod] guard 'ready' is ambiguous: 2 overloads fit; keep one",
                        "guard = \"ready\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                payload = String.class,
                                transitions = @Transition(from = "IDLE", on = "START", guard = "ready", to = "DONE")
                        """, """
                                    boolean ready(E event) { return true; }

                                    boolean ready(String payload) { return true; }
                                """),
                error("a generic action",
                        "[FsmMethodParameters] action 'keep' takes (T); it must take no parameter, or one E (the"
                                + " event)",
                        "action = \"keep\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", action = "keep", to = "DONE")
                        """, """
                                    <T> void keep(T value) {}
                                """),
                error("a varargs action",
                        "[FsmMethodParameters] action 'keep' takes (E[]); it must take no parameter, or one E",
                        "action = \"keep\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", action = "keep", to = "DONE")
                        """, """
                                    void keep(E... events) {}
                                """),
                error("an @OnError method taking the wrong parameter",
                        "[FsmMethodParameters] error handler 'failed' takes (Exception); it must take no parameter,"
                                + " or one TransitionFailure",
                        "@OnError",
                        TABLE, """
                                    @OnError
                                    void failed(Exception cause) {}
                                """),
                error("an @OnError method taking a TransitionFailure of other state and event types",
                        "[FsmMethodParameters] error handler 'failed' takes (TransitionFailure<Thread.State,DayOfWeek>),"
                                + " but the machine passes TransitionFailure<S,E>; take that, or TransitionFailure<?, ?>",
                        "@OnError",
                        TABLE, """
                                    @OnError
                                    void failed(TransitionFailure<Thread.State, java.time.DayOfWeek> failure) {}
                                """),
                error("a private @OnError method",
                        "[FsmInaccessibleMethod] error handler 'failed' is private",
                        "@OnError",
                        TABLE, """
                                    @OnError
                                    private void failed() {}
                                """),
                error("an @OnError method declaring a checked exception",
                        "[FsmCheckedException] error handler 'failed' declares checked exception IOException",
                        "@OnError",
                        TABLE, """
                                    @OnError
                                    void failed() throws java.io.IOException {}
                                """),
                error("a hook with two parameters",
                        "[FsmMethodParameters] exit action 'left' takes (E, S)",
                        "@OnExit(\"RUNNING\")",
                        TABLE, """
                                    @OnExit("RUNNING")
                                    void left(E event, S state) {}
                                """),
                error("a guard naming a method of Object",
                        "[FsmMethodParameters] guard 'equals' takes (Object); it must take no parameter, or one E",
                        "guard = \"equals\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", guard = "equals", to = "DONE")
                        """, ""),
                warning("a \"*\" row shadowed in every state",
                        "[FsmShadowedWildcard] this \"*\" row for RESET never fires: every state has a row of its"
                                + " own without a guard for RESET",
                        "from = \"*\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "DONE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                    @Transition(from = "RUNNING", on = "STOP", to = "DONE"),
                                    @Transition(from = {"IDLE", "RUNNING", "DONE"}, on = "RESET", to = "IDLE"),
                                    @Transition(from = "*", on = "RESET", to = "DONE"),
                                }
                        """, ""),
                new AdversarialCase("a hook in a nested enum, which no spec can extend",
                        java.util.List.of(Fixtures.spec(TABLE, """
                                    enum Mood {
                                        HAPPY;

                                        @OnEntry("RUNNING")
                                        void cheer() {}
                                    }
                                """), Fixtures.STATES, Fixtures.EVENTS),
                        javax.tools.Diagnostic.Kind.WARNING,
                        "[FsmUnusedHook] @OnEntry on Mood.cheer() never runs: Mood is not a @StateMachine spec, and"
                                + " no spec can extend it",
                        "@OnEntry(\"RUNNING\")"),
                errorIn("a hook on a static interface method",
                        "[FsmInaccessibleMethod] machine MMachine, inherited Hooked.started(): @OnEntry on static"
                                + " interface method 'started'",
                        "@StateMachine(",
                        "M", "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(\n" + TABLE + ")\n"
                                + "abstract class M implements Hooked {}\n",
                        Fixtures.source("Hooked", """
                                package test;

                                import io.fsmgen.*;

                                interface Hooked {
                                    @OnEntry("RUNNING")
                                    static void started() {}
                                }
                                """)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(AdversarialCase spec) {
        spec.check();
    }
}
