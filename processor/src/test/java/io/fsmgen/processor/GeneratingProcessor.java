package io.fsmgen.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Stands in for any other processor: writes the given sources in the first round, then nothing. Specs that name
 * such a type must wait for it rather than fail or generate code around a type that does not exist yet.
 */
final class GeneratingProcessor extends AbstractProcessor {
    private final Map<String, String> sources;
    private boolean done;

    GeneratingProcessor(Map<String, String> sources) {
        this.sources = sources;
    }

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
        if (done) {
            return false;
        }
        done = true;
        sources.forEach((name, text) -> {
            try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
                writer.write(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return false;
    }
}
