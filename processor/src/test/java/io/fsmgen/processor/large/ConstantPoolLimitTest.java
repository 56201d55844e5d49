package io.fsmgen.processor.large;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.processor.StateMachineProcessor;
import org.junit.jupiter.api.Test;

/**
 * A class file holds at most 65,535 constant-pool entries, and a machine needs about three per generated method:
 * past that, the spec gets an error naming the limit, not javac's "too many constants" inside the generated class.
 */
class ConstantPoolLimitTest {

    /** 3,600 leaves of a composite with deep history, each with two timeouts and an entry action: about 69,000. */
    @Test
    void machineTooLargeForAClassFileIsRefusedOnTheSpec() {
        Compilation compilation = compile(huge(3_600, ""));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[FsmTooLarge] the generated HugeMachine would need about")
                .inFile(compilation.sourceFiles().get(0))
                .onLineContaining("abstract class Huge");
        assertThat(compilation).hadErrorContaining("more than the 65,535 a class file holds");
    }

    /**
     * The constants of an {@code @ExtendedState} enum are listed by name too ({@code Ordinals.verify}), two entries
     * each: 3,000 leaves (about 58,000 entries) with a field of a 4,000-constant enum (8,000 more) pass the limit,
     * though the machine alone would not.
     */
    @Test
    void extendedStateEnumConstantsCountTowardsTheLimit() {
        StringBuilder colours = new StringBuilder("C0");
        for (int i = 1; i < 4_000; i++) {
            colours.append(", C").append(i);
        }
        Compilation compilation = compile(huge(3_000, "enum Colour { " + colours + " }\n\n"
                + "    @ExtendedState Colour colour = Colour.C0;\n"));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[FsmTooLarge] the generated HugeMachine would need about")
                .inFile(compilation.sourceFiles().get(0))
                .onLineContaining("abstract class Huge");
    }

    /**
     * A composite of {@code leaves} leaves with deep history, each with two timeouts and an entry action; {@code more}
     * is added to the spec's members.
     */
    private static String huge(int leaves, String more) {
        StringBuilder names = new StringBuilder();
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < leaves; i++) {
            names.append(", L").append(i);
            quoted.append(i == 0 ? "" : ", ").append("\"L").append(i).append('"');
        }
        return """
                package big;

                import io.fsmgen.*;
                import java.time.Duration;

                @SuppressWarnings("fsmgen")
                @StateMachine(states = Huge.S.class, events = Huge.E.class, initial = "OFF",
                        composites = @Composite(state = "ON", children = {LEAVES}, initial = "L0",
                                history = History.DEEP),
                        transitions = {
                            @Transition(from = "ON", on = {"GO", "T"}, to = "OFF"),
                            @Transition(from = "OFF", on = "GO", to = "ON", history = true),
                        })
                abstract class Huge {
                    enum S { OFF, ONNAMES }
                    enum E { GO, T }
                    MORE
                    @OnEntry({LEAVES})
                    void entered() {
                    }

                    @Timeout(state = {LEAVES}, fire = "T")
                    Duration first() {
                        return Duration.ofSeconds(1);
                    }

                    @Timeout(state = {LEAVES}, fire = "T")
                    Duration second() {
                        return Duration.ofSeconds(2);
                    }

                    Scheduler scheduler() {
                        return new ManualScheduler();
                    }
                }
                """.replace("LEAVES", quoted).replace("NAMES", names).replace("MORE", more);
    }

    private static Compilation compile(String spec) {
        return Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .compile(JavaFileObjects.forSourceString("big.Huge", spec));
    }
}
