package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.fsmgen.processor.Fixtures.assertOnlyErrorAt;
import static io.fsmgen.processor.Fixtures.compile;
import static io.fsmgen.processor.Fixtures.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Mistakes in composites, history, local rows and deferrals: each is an error on the value that caused it. The spec
 * declares its own enums ({@code M.S}: a composite ON with IDLE and BUSY inside, and OFF, DONE outside).
 */
class HierarchyDiagnosticsTest {

    private static final String HEADER = """
                    states = M.S.class,
                    events = M.E.class,
                    initial = "OFF",
                    finalStates = "DONE",
            """;

    private static final String ENUMS = """
                enum S { OFF, ON, IDLE, BUSY, DONE }
                enum E { START, WORK, REST, STOP, FINISH }
                boolean ready() { return true; }
            """;

    /** Rows that make a warning-free machine of the enums above, when ON contains IDLE and BUSY. */
    private static final String ROWS = """
                    transitions = {
                        @Transition(from = "OFF", on = "START", to = "ON"),
                        @Transition(from = "IDLE", on = "WORK", to = "BUSY"),
                        @Transition(from = "BUSY", on = "REST", to = "IDLE"),
                        @Transition(from = "ON", on = "STOP", to = "OFF"),
                        @Transition(from = "ON", on = "FINISH", to = "DONE"),
                    }
            """;

    private static Compilation compileSpec(String members) {
        return compile(spec(HEADER + members, ENUMS));
    }

    private static JavaFileObject specOf(String members) {
        return spec(HEADER + members, ENUMS);
    }

    @Test
    void aWellFormedHierarchyCompilesWithoutWarnings() {
        assertThat(compileSpec("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                """ + ROWS)).succeededWithoutWarnings();
    }

    /** The cell table cannot run composites' entry and exit paths: asking for it is a warning on the value. */
    @Test
    void aCellTableAskedOfAHierarchicalMachine() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        dispatch = Dispatch.TABLE,
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("[FsmDispatchIgnored] dispatch = TABLE does not apply to a"
                + " machine with composites or deferrals, which keeps the nested switch").inFile(spec)
                .onLineContaining("dispatch = Dispatch.TABLE");
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void aCycleInTheHierarchy() {
        JavaFileObject spec = specOf("""
                        composites = {
                            @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                            @Composite(state = "BUSY", children = {
                                "ON"}, initial = "ON"),
                        },
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertThat(compilation).hadErrorContaining("[FsmHierarchyCycle] the hierarchy has a cycle: ON contains BUSY"
                + " contains ON").inFile(spec).onLineContaining("\"ON\"}, initial");
    }

    @Test
    void aCompositeThatListsItselfAsAChild() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE",
                                "ON"}, initial = "IDLE"),
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertThat(compilation).hadErrorContaining("[FsmHierarchyCycle] composite ON lists itself as its own child")
                .inFile(spec).onLineContaining("\"ON\"}, initial");
    }

    @Test
    void aStateWithTwoParents() {
        JavaFileObject spec = specOf("""
                        composites = {
                            @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                            @Composite(state = "OFF", children = {
                                "BUSY"}, initial = "BUSY"),
                        },
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertThat(compilation).hadErrorContaining("[FsmTwoParents] state BUSY already has a parent, ON; a state"
                + " belongs to at most one composite").inFile(spec).onLineContaining("\"BUSY\"}, initial = \"BUSY\"");
    }

    /** Legal: listed twice in one composite, a child is its child once, as a state listed twice in a hook is. */
    @Test
    void aChildListedTwiceInOneCompositeIsItsChildOnce() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY", "IDLE"}, initial = "IDLE"),
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(0);
    }

    @Test
    void aCompositeWithoutAnInitialChild() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}),
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertOnlyErrorAt(compilation, spec, "@Composite(",
                "[FsmMissingInitial] composite ON needs an initial child: the one entered when a transition targets"
                        + " ON itself");
    }

    @Test
    void anInitialThatIsNotAChild() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"},
                                initial = "DONE"),
                """ + ROWS);
        Compilation compilation = compile(spec);
        assertThat(compilation).hadErrorContaining("[FsmInitialNotChild] initial DONE is not a child of ON; its"
                + " children are IDLE, BUSY").inFile(spec).onLineContaining("initial = \"DONE\"");
    }

    @Test
    void aCompositeWithoutChildren() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {}, initial = "IDLE"),
                """ + ROWS);
        assertThat(compile(spec)).hadErrorContaining("[FsmEmptyComposite] composite ON must list at least one"
                + " child").inFile(spec).onLineContaining("children = {}");
    }

    @Test
    void aCompositeDeclaredTwice() {
        JavaFileObject spec = specOf("""
                        composites = {
                            @Composite(state = "ON", children = {"IDLE"}, initial = "IDLE"),
                            @Composite(
                                    state = "ON", children = {"BUSY"}, initial = "BUSY"),
                        },
                """ + ROWS);
        assertThat(compile(spec)).hadErrorContaining("[FsmDuplicateComposite] composite ON is declared twice")
                .inFile(spec).onLineContaining("state = \"ON\", children = {\"BUSY\"}");
    }

    @Test
    void anUnknownNameInAComposite() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUZY"}, initial = "IDLE"),
                """ + ROWS);
        assertThat(compile(spec)).hadErrorContaining("[FsmUnknownName] unknown state 'BUZY': S has no such constant;"
                + " did you mean 'BUSY'?").inFile(spec).onLineContaining("BUZY");
    }

    @Test
    void historyOnALeaf() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE",
                                history = History.SHALLOW),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "IDLE",
                                    history = true),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmHistoryOnLeaf] history = true, but IDLE is a leaf: only a"
                + " composite has a history to resume").inFile(spec).onLineContaining("history = true");
    }

    @Test
    void aRowTargetingTheHistoryOfACompositeThatRemembersNothing() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON",
                                    history = true),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmCannotEnter] ON cannot be entered through its history: it"
                + " remembers nothing; declare history = SHALLOW or DEEP on its @Composite").inFile(spec)
                .onLineContaining("history = true");
    }

    @Test
    void aHistoryRowFromInsideTheComposite() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE",
                                history = History.DEEP),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON", history = true),
                            @Transition(from = "BUSY", on = "REST", to = "ON",
                                    history = true),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmHistoryFromInside] history = true from BUSY, inside ON: ON"
                + " is still active, and its history is that of its last exit; target the child you mean instead")
                .inFile(spec).onLineContaining("                history = true),");
    }

    @Test
    void aLocalRowWhoseTargetIsOutsideItsSource() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "ON", on = "STOP", kind = Transition.Kind.LOCAL,
                                    to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmLocalOutside] kind = LOCAL, but target OFF is not inside ON:"
                + " a local transition stays inside its composite source; make it EXTERNAL").inFile(spec)
                .onLineContaining("to = \"OFF\"),");
    }

    /**
     * Spring's {@code withLocal().source(ON).target(ON)} keeps ON and restarts its inside: the message names the row
     * that does that in fsmgen, not only EXTERNAL, which would also leave and re-enter ON.
     */
    @Test
    void aLocalRowToItsOwnCompositeSource() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "ON", on = "WORK", kind = Transition.Kind.LOCAL,
                                    to = "ON"), // restart
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmLocalOutside] kind = LOCAL to its own source ON: a local"
                + " transition targets a state inside its source. To restart ON's inside without leaving it (what"
                + " Spring's withLocal() does with this target: exit its active states, enter its initial child),"
                + " write to = \"IDLE\" with kind = LOCAL; to leave and re-enter ON, make it EXTERNAL")
                .inFile(spec).onLineContaining("// restart");
    }

    /**
     * A LOCAL row from ON and OFF to ON: ON gets the advice for a row to its own source, and OFF, which ON is not
     * inside, is named too, in the same compilation, not only once the first is fixed.
     */
    @Test
    void aLocalRowToItsOwnCompositeSourceAndFromOutside() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = {"ON", "OFF"}, on = "WORK", kind = Transition.Kind.LOCAL,
                                    to = "ON"), // restart
                        }
                """);
        Compilation compilation = compile(spec);
        assertThat(compilation).hadErrorContaining("[FsmLocalOutside] kind = LOCAL to its own source ON:")
                .inFile(spec).onLineContaining("// restart");
        assertThat(compilation).hadErrorContaining("[FsmLocalOutside] kind = LOCAL, but target ON is not inside OFF:"
                + " a local transition stays inside its composite source; make it EXTERNAL").inFile(spec)
                .onLineContaining("// restart");
    }

    @Test
    void aLocalRowWithoutATarget() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "ON", on = "WORK",
                                    kind = Transition.Kind.LOCAL),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmLocalOutside] kind = LOCAL needs a target inside the source")
                .inFile(spec).onLineContaining("kind = Transition.Kind.LOCAL),");
    }

    /**
     * One method has one timer: listed for ON and for IDLE inside it, it was armed twice on entering ON, and leaving
     * IDLE cancelled the second arming, so ON's timeout never fired (the first task, left scheduled, was ignored).
     */
    @Test
    void aTimeoutListedForACompositeAndAStateInsideIt() {
        JavaFileObject spec = spec(HEADER + """
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                """ + ROWS, ENUMS + """
                    @Timeout(state = {"ON",
                            "IDLE"}, fire = "STOP")
                    java.time.Duration limit() { return java.time.Duration.ofSeconds(10); }

                    Scheduler scheduler() { return Scheduler.none(); }
                """);
        assertOnlyErrorAt(compile(spec), spec, "\"IDLE\"}, fire = \"STOP\")",
                "[FsmTimeoutInside] timeout 'limit' is listed for ON, which contains IDLE: it already runs while IDLE"
                        + " is active, and listing IDLE too would arm it a second time on entering it; list ON or IDLE,"
                        + " not both");
    }

    @Test
    void anEventBothDeferredAndHandledInTheSameState() {
        JavaFileObject spec = specOf("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        deferrals = @Defer(state = "BUSY", events = {
                                "WORK"}),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "IDLE", on = "WORK", to = "BUSY"),
                            @Transition(from = "BUSY", on = "WORK", action = "toString"),
                            @Transition(from = "BUSY", on = "REST", to = "IDLE"),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmDeferredAndHandled] state BUSY defers WORK and also handles it"
                + " (M row 3); a state does one or the other: remove the row or the deferral").inFile(spec)
                .onLineContaining("\"WORK\"})");
    }

    @Test
    void aDeferralOutsideAndARowInsideAreFine() {
        // The innermost state decides: IDLE handles WORK itself; ON's deferral covers BUSY.
        assertThat(compileSpec("""
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        deferrals = @Defer(state = "ON", events = "WORK"),
                """ + ROWS)).succeededWithoutWarnings();
    }

    @Test
    void aDeferLimitBelowOne() {
        JavaFileObject spec = specOf("""
                        deferrals = @Defer(state = "ON", events = "WORK"),
                        deferLimit =
                                0,
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmDeferLimit] deferLimit must be at least 1, not 0")
                .inFile(spec).onLineContaining("        0,");
    }

    @Test
    void aDeferLimitTooLargeToAllocateWithEveryMachine() {
        JavaFileObject spec = specOf("""
                        deferrals = @Defer(state = "ON", events = "WORK"),
                        deferLimit =
                                Integer.MAX_VALUE,
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmDeferLimit] deferLimit must be at most 65536, not 2147483647")
                .inFile(spec).onLineContaining("Integer.MAX_VALUE,");
    }

    @Test
    void aDeferralNamingNoEvent() {
        JavaFileObject spec = specOf("""
                        deferrals = @Defer(state = "ON", events = {}),
                        transitions = {
                            @Transition(from = "OFF", on = "START", to = "ON"),
                            @Transition(from = "ON", on = "STOP", to = "OFF"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmEmptyDefer] @Defer must name at least one event")
                .inFile(spec).onLineContaining("@Defer(");
    }

    @Test
    void completenessCountsInheritedRowsAndDeferrals() {
        JavaFileObject spec = specOf("""
                        complete = true,
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        deferrals = @Defer(state = "BUSY", events = "START"),
                        transitions = {
                            @Transition(from = {"OFF", "DONE"}, on = {"START", "WORK", "REST", "STOP", "FINISH"}),
                            @Transition(from = "ON", on = {"WORK", "REST", "STOP", "FINISH"}),
                            @Transition(from = "IDLE", on = "START"),
                        }
                """);
        Compilation compilation = compile(spec);
        assertThat(compilation).hadErrorCount(0);
        assertThat(compilation).succeeded();
    }

    @Test
    void aLeafThatDecidesNothingIsReportedWhenTheTableMustBeComplete() {
        JavaFileObject spec = specOf("""
                        complete = true,
                        composites = @Composite(state = "ON", children = {"IDLE", "BUSY"}, initial = "IDLE"),
                        transitions = {
                            @Transition(from = {"OFF", "DONE"}, on = {"START", "WORK", "REST", "STOP", "FINISH"}),
                            @Transition(from = "ON", on = {"WORK", "REST", "STOP", "FINISH"}),
                            @Transition(from = "IDLE", on = "START"),
                        }
                """);
        assertThat(compile(spec)).hadErrorContaining("[FsmIncomplete] complete = true, but state BUSY does not decide"
                + " START");
    }
}
