package io.fsmgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * The machine's own fields never hide the spec's: code that holds the machine reads and writes the spec's fields
 * through it, whatever they are called, and the machine keeps its own bookkeeping apart.
 */
class SpecFieldsThroughTheMachineTest {

    @Test
    void specFieldsNamedLikeTheMachinesOwnAreReachableThroughTheMachine() throws Exception {
        Compilation compilation = Fixtures.javac().compile(
                Fixtures.qualified("test.M", """
                        package test;

                        import io.fsmgen.ExtendedState;
                        import io.fsmgen.StateMachine;
                        import io.fsmgen.Transition;

                        @StateMachine(states = M.St.class, events = M.Ev.class, initial = "IDLE",
                                transitions = {
                                    @Transition(from = "IDLE", on = "GO", action = "go", to = "BUSY"),
                                    @Transition(from = "BUSY", on = "DONE", action = "done", to = "IDLE"),
                                })
                        abstract class M {
                            enum St { IDLE, BUSY }
                            enum Ev { GO, DONE }

                            @ExtendedState boolean processing;
                            int queue;
                            String listeners = "mine";
                            int stateOrdinal = 41;
                            int EVENTS;
                            boolean followUpNeeded;

                            void go() {
                                queue++;
                                ((MMachine) this).fire(Ev.DONE); // run to completion: queued by the machine
                            }

                            void done() {
                                stateOrdinal++;
                            }
                        }
                        """),
                Fixtures.qualified("test.Main", """
                        package test;

                        public final class Main {
                            public static String run() {
                                MMachine m = new MMachine();
                                m.processing = true;
                                m.fire(M.Ev.GO);
                                return m.state() + " " + m.processing + " " + m.queue + " " + m.listeners + " "
                                        + m.stateOrdinal + " " + m.EVENTS + " " + m.followUpNeeded;
                            }
                        }
                        """));
        assertThat(compilation).succeeded();
        Object result = new Loaded(compilation).loadClass("test.Main").getMethod("run").invoke(null);
        assertEquals("IDLE true 1 mine 42 0 false", result);
    }
}
