package io.fsmgen.processor;

import static io.fsmgen.processor.AdversarialCase.TABLE;
import static io.fsmgen.processor.AdversarialCase.error;
import static io.fsmgen.processor.AdversarialCase.errorIn;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial specs, part 1: attribute values javac hands over broken (an unresolved constant, a misspelt
 * annotation, a class that does not exist), and names that stand where they mean nothing ({@code "*"} outside
 * {@code from}). None may crash the processor; each gets one clear error on the value.
 */
class AdversarialValuesTest {

    static Stream<AdversarialCase> cases() {
        return Stream.of(
                error("unresolved constant as initial",
                        "[FsmUndefinedType] no machine generated for test.M: the value of initial refers to a type or"
                                + " constant that does not exist",
                        "initial = Names.MISSING",
                        """
                                states = S.class,
                                events = E.class,
                                initial = Names.MISSING,
                                transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING")
                        """, ""),
                // javac reports this one itself, worded by version ("cannot find symbol" on 17, "an enum annotation
                // value must be an enum constant" on 25): pinned by its line alone, and nothing may crash.
                error("unresolved enum constant as unhandled (javac drops the value and says so itself)",
                        "",
                        "unhandled = Unhandled.LOUDLY",
                        TABLE + ", unhandled = Unhandled.LOUDLY\n", ""),
                error("unresolved constant as name, which is read before any spec of the round is analysed",
                        "[FsmUndefinedType] no machine generated for test.M: the value of name refers",
                        "name = Names.MISSING",
                        TABLE + ", name = Names.MISSING\n", ""),
                error("unresolved boolean constant as complete",
                        "[FsmUndefinedType] no machine generated for test.M: the value of complete refers",
                        "complete = Flags.STRICT",
                        TABLE + ", complete = Flags.STRICT\n", ""),
                error("misspelt @Transtion in the table",
                        "[FsmUndefinedType] no machine generated for test.M: transitions = @Transtion refers to a"
                                + " type or constant that does not exist",
                        "@Transtion(",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                                    @Transtion(from = "RUNNING", on = "STOP", to = "DONE"),
                                }
                        """, ""),
                error("unresolved constant in a row's from",
                        "[FsmUndefinedType] no machine generated for test.M: the value of from refers",
                        "from = States.IDLE",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = States.IDLE, on = "START", to = "RUNNING")
                        """, ""),
                error("payload class that does not exist",
                        "[FsmUndefinedType] no machine generated for test.M: the value of payload refers",
                        "payload = Parcel.class",
                        TABLE + ", payload = Parcel.class\n", ""),
                error("unresolved constant in @OnEntry",
                        "[FsmUndefinedType] no machine generated for test.M: the value of value refers",
                        "@OnEntry(States.RUNNING)",
                        TABLE, """
                                    @OnEntry(States.RUNNING)
                                    void started() {}
                                """),
                error("unresolved constant in @Timeout's fire",
                        "[FsmUndefinedType] no machine generated for test.M: the value of fire refers",
                        "fire = Events.STOP",
                        TABLE, """
                                    @Timeout(state = "RUNNING", fire = Events.STOP)
                                    Duration limit() { return Duration.ofSeconds(1); }

                                    Scheduler scheduler() { return Scheduler.none(); }
                                """),
                error("a value of the wrong type (javac says so itself, and nothing else is reported)",
                        "incompatible types: int cannot be converted to java.lang.String",
                        "initial = 42",
                        """
                                states = S.class,
                                events = E.class,
                                initial = 42,
                                transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING")
                        """, ""),
                error("an empty action name",
                        "[FsmMissingMethod] action method '' not found in M",
                        "action = \"\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", action = "", to = "DONE")
                        """, ""),
                error("on = \"*\"",
                        "[FsmUnknownName] \"*\" stands for every state, and only in from; here name the events of E",
                        "on = \"*\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "*", to = "RUNNING")
                        """, ""),
                error("to = \"*\"",
                        "[FsmUnknownName] \"*\" stands for every state, and only in from; here name one state of S",
                        "to = \"*\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                transitions = @Transition(from = "IDLE", on = "START", to = "*")
                        """, ""),
                error("initial = \"*\"",
                        "[FsmUnknownName] \"*\" stands for every state, and only in from",
                        "initial = \"*\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "*",
                                transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING")
                        """, ""),
                error("@OnEntry(\"*\")",
                        "[FsmUnknownName] \"*\" stands for every state, and only in from",
                        "@OnEntry(\"*\")",
                        TABLE, """
                                    @OnEntry("*")
                                    void entered() {}
                                """),
                error("finalStates = \"*\"",
                        "[FsmUnknownName] \"*\" stands for every state, and only in from",
                        "finalStates = \"*\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                finalStates = "*",
                                transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING")
                        """, ""),
                error("errorState naming no state",
                        "[FsmUnknownName] unknown state 'FAILD': S has no such constant",
                        "errorState = \"FAILD\"",
                        TABLE + ", errorState = \"FAILD\"\n", ""),
                error("a generated name that is a restricted identifier",
                        "[FsmInvalidName] 'record' is a restricted identifier and cannot name a class",
                        "name = \"record\"",
                        TABLE + ", name = \"record\"\n", ""),
                error("a generated name that is 'var'",
                        "[FsmInvalidName] 'var' is a restricted identifier and cannot name a class",
                        "name = \"var\"",
                        TABLE + ", name = \"var\"\n", ""),
                error("a generated name taken by an existing class",
                        "[FsmNameCollision] cannot generate test.Existing: a type of that name already exists",
                        "name = \"Existing\"",
                        TABLE + ", name = \"Existing\"\n", "",
                        Fixtures.source("Existing", "package test;\n\nclass Existing {}\n")),
                error("a generated name taken by the machine an earlier build generated, handed to javac as a source",
                        "[FsmNameCollision] cannot generate test.Stale: an earlier build's test.Stale, generated by"
                                + " fsmgen, is among this compilation's sources",
                        "name = \"Stale\"",
                        TABLE + ", name = \"Stale\"\n", "",
                        Fixtures.source("Stale", "package test;\n\n"
                                + "@javax.annotation.processing.Generated({\"io.fsmgen.processor.StateMachineProcessor\"})\n"
                                + "class Stale {}\n")),
                error("a generated name taken by a class another processor generated",
                        "[FsmNameCollision] cannot generate test.Other: a type of that name already exists",
                        "name = \"Other\"",
                        TABLE + ", name = \"Other\"\n", "",
                        Fixtures.source("Other", "package test;\n\n"
                                + "@javax.annotation.processing.Generated(\"com.example.OtherProcessor\")\n"
                                + "class Other {}\n")),
                error("a generated name that would hide the java.lang type the spec's action takes",
                        "[FsmNameCollision] generated class test.Integer would hide java.lang.Integer from every class"
                                + " in package test, the spec included: where it writes Integer it would mean the"
                                + " machine once generated",
                        "name = \"Integer\"",
                        TABLE + ", name = \"Integer\", payload = Integer.class\n",
                        "    void count(Integer payload) {}\n\n"
                                + "    @OnEntry(\"RUNNING\") void started(Integer payload) {}\n"),
                error("a generated name that would hide java.lang.Override from the spec's own @Override",
                        "[FsmNameCollision] generated class test.Override would hide java.lang.Override",
                        "name = \"Override\"",
                        TABLE + ", name = \"Override\"\n",
                        "    @Override\n    public String toString() { return \"M\"; }\n"),
                error("a generated name that is the binary name of a nested type of the spec",
                        "[FsmNameCollision] generated class test.M$Inner would have the binary name of test.M.Inner,"
                                + " and so its class file M$Inner.class",
                        "name = \"M$Inner\"",
                        TABLE + ", name = \"M$Inner\"\n", "    static class Inner {}\n"),
                error("a generated name that is the binary name of a type nested two deep in another class",
                        "[FsmNameCollision] generated class test.Outer$Middle$Inner would have the binary name of"
                                + " test.Outer.Middle.Inner",
                        "name = \"Outer$Middle$Inner\"",
                        TABLE + ", name = \"Outer$Middle$Inner\"\n", "",
                        Fixtures.source("Outer", "package test;\n\nclass Outer {\n    static class Middle {\n"
                                + "        static class Inner {}\n    }\n}\n")),
                error("a generated name that would hide a type the spec's file imports on demand: its own"
                                + " @Transition, from import io.fsmgen.*",
                        "[FsmNameCollision] generated class test.Transition would hide io.fsmgen.Transition, which the"
                                + " spec's file imports with 'import io.fsmgen.*;', from the spec: where it writes"
                                + " Transition it would mean the machine once generated",
                        "name = \"Transition\"",
                        TABLE + ", name = \"Transition\"\n", ""),
                errorIn("a generated name that would hide the type the spec's field takes, from import java.util.*",
                        "[FsmNameCollision] generated class test.List would hide java.util.List, which the spec's file"
                                + " imports with 'import java.util.*;'",
                        "name = \"List\"", "M", """
                        package test;

                        import io.fsmgen.*;
                        import java.util.*;

                        @StateMachine(states = S.class, events = E.class, initial = "IDLE", name = "List",
                                transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING"))
                        abstract class M {
                            final List<String> seen = new ArrayList<>();
                        }
                        """),
                errorIn("a generated name that would hide an imported type the file writes outside the spec's"
                                + " member type of that name",
                        "[FsmNameCollision] generated class test.List would hide java.util.List, which the spec's file"
                                + " imports with 'import java.util.*;'",
                        "name = \"List\"", "M", """
                        package test;

                        import io.fsmgen.*;
                        import java.util.*;

                        @StateMachine(states = S.class, events = E.class, initial = "IDLE", name = "List",
                                transitions = @Transition(from = "IDLE", on = "START", to = "RUNNING"))
                        abstract class M {
                            static final class List {}

                            final List marker = new List();
                        }

                        final class Notes {
                            final Collection<String> lines = new ArrayList<>(List.of("a"));
                        }
                        """),
                error("a payload parameter that cannot receive null",
                        "[FsmNullPayload] action 'weigh' takes int, which cannot receive the null payload of"
                                + " fire(event); take Integer instead",
                        "action = \"weigh\"",
                        """
                                states = S.class,
                                events = E.class,
                                initial = "IDLE",
                                payload = Integer.class,
                                transitions = @Transition(from = "IDLE", on = "START", action = "weigh", to = "DONE")
                        """, """
                                    void weigh(int grams) {}
                                """),
                error("a payload that is the spec's own machine, which cannot exist before the spec is generated",
                        "[FsmPayloadIsMachine] payload is test.MMachine, the machine this spec generates: it exists"
                                + " only once generated",
                        "payload = MMachine.class",
                        TABLE + ", payload = MMachine.class\n", ""),
                error("a payload that is an array of the spec's own machine, which needs the machine as much",
                        "[FsmPayloadIsMachine] payload is test.MMachine[], which needs test.MMachine, the machine this"
                                + " spec generates: it exists only once generated",
                        "payload = MMachine[].class",
                        TABLE + ", payload = MMachine[].class\n", ""),
                error("payloads that are each other's machines, neither of which can be generated first",
                        "[FsmPayloadIsMachine] payload is test.OMachine, the machine of test.O, which is never"
                                + " generated (see the error on it)",
                        "payload = OMachine.class",
                        TABLE + ", payload = OMachine.class\n", "",
                        Fixtures.source("O", "package test;\n\nimport io.fsmgen.*;\n\n@StateMachine(states = S.class,"
                                + " events = E.class, initial = \"IDLE\", payload = MMachine.class,\n"
                                + "        transitions = @Transition(from = \"IDLE\", on = \"START\", to = \"DONE\"))\n"
                                + "abstract class O {}\n")),
                error("a payload type equal to the event type",
                        "[FsmPayloadIsEvent] payload is the event type E: a method taking it would get the event,"
                                + " never the payload",
                        "payload = E.class",
                        TABLE + ", payload = E.class\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejected(AdversarialCase spec) {
        spec.check();
    }
}
