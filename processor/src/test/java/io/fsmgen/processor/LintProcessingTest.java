package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code -Xlint:all -Werror}, the strictest javac a project commonly uses, and a clean spec. javac's
 * {@code processing} lint (part of {@code all}) warns "No processor claimed any of these annotations" about every
 * annotation no processor claims, so such a build needs {@code -Afsmgen.claim}: fsmgen then claims its annotations,
 * all that can sit on an element, and the {@code @Generated} on its machines, but not another processor's.
 */
class LintProcessingTest {

    private static final JavaFileObject SPEC = Fixtures.source("M", """
            package test;

            import io.fsmgen.*;
            import java.time.Duration;

            @StateMachine(
                    states = S.class, events = E.class, initial = "IDLE", finalStates = "DONE",
                    transitions = {
                        @Transition(from = "IDLE", on = "START", to = "RUNNING"),
                        @Transition(from = "RUNNING", on = {"STOP", "RESET"}, to = "DONE"),
                    })
            abstract class M {
                @ExtendedState int starts;

                @OnEntry("RUNNING") void started() { starts++; }

                @OnExit("RUNNING") void stopped() {}

                @OnError void failed() {}

                @Timeout(state = "RUNNING", fire = "STOP") Duration limit() { return null; }

                Scheduler scheduler() { return Scheduler.none(); }
            }
            """);

    @Test
    void test_claimOption_cleanSpecCompilesUnderXlintAllWerror() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .withOptions("-Xlint:all", "-Werror", "-Afsmgen.claim")
                .compile(Fixtures.STATES, Fixtures.EVENTS, SPEC);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.MMachine");
    }

    @Test
    void test_noClaimOption_annotationsStayUnclaimedForLaterProcessors() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor())
                .withOptions("-Xlint:all")
                .compile(Fixtures.STATES, Fixtures.EVENTS, SPEC);

        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("No processor claimed any of these annotations");
    }

    @Test
    void test_claimOption_anotherProcessorsGeneratedCodeStaysVisibleToIt() {
        AnotherGenerator another = new AnotherGenerator();
        Compilation compilation = Compiler.javac()
                .withProcessors(new StateMachineProcessor(), another)
                .withOptions("-Xlint:all", "-Afsmgen.claim")
                .compile(Fixtures.STATES, Fixtures.EVENTS, SPEC);

        assertThat(compilation).succeeded();
        assertThat(another.seen).contains("javax.annotation.processing.Generated");
    }

    /**
     * A universal processor after fsmgen: writes one class marked {@code @Generated} by itself, and records the
     * annotations javac hands it.
     */
    private static final class AnotherGenerator extends AbstractProcessor {
        final List<String> seen = new ArrayList<>();
        private boolean written;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            annotations.forEach(annotation -> seen.add(annotation.getQualifiedName().toString()));
            if (!written) {
                written = true;
                try (Writer writer = processingEnv.getFiler().createSourceFile("test.Other").openWriter()) {
                    writer.write("package test;\n\n@javax.annotation.processing.Generated(\"another\")\n"
                            + "public class Other {}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }
}
