package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.fsmgen.processor.analysis.Diagnostics;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.parse.Site;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Writes everything generated for one spec through the {@link Filer}: the machine's source, and beside the classes
 * its diagrams and table under {@code META-INF/fsmgen/}. Each file names the spec as its only originating element,
 * which keeps the processor isolating for incremental builds.
 */
public final class MachineFiles {

    private final Filer filer;
    private final Optional<ClassName> generated;
    private final Diagnostics diagnostics;

    public MachineFiles(Filer filer, Elements elements, Diagnostics diagnostics) {
        this.filer = filer;
        this.diagnostics = diagnostics;
        this.generated = Optional.ofNullable(elements.getTypeElement("javax.annotation.processing.Generated"))
                .map(ClassName::get);
    }

    public void write(MachineModel model, TypeElement spec) {
        Optional<String> methodTooLarge = MethodSizeLimits.check(model);
        if (methodTooLarge.isPresent()) {
            diagnostics.error(Site.of(spec), methodTooLarge.get());
            return;
        }
        TypeSpec type = new MachineWriter(model).write(generated).toBuilder().addOriginatingElement(spec).build();
        Optional<String> tooLarge = ConstantPoolEstimate.check(type, model);
        if (tooLarge.isPresent()) {
            diagnostics.error(Site.of(spec), tooLarge.get());
            return;
        }
        JavaFile file = JavaFile.builder(model.machine().packageName(), type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
        String source = file.toString();
        Optional<String> obscured = ObscuredRoots.check(source, model);
        if (obscured.isPresent()) {
            diagnostics.error(Site.of(spec), obscured.get());
            return;
        }
        try {
            // What JavaFile.writeTo(Filer) does, with the text already rendered for the check above.
            JavaFileObject out = filer.createSourceFile(model.qualifiedName(), spec);
            try (Writer writer = out.openWriter()) {
                writer.write(source);
            }
        } catch (javax.annotation.processing.FilerException taken) {
            diagnostics.error(nameSite(spec), "[FsmNameCollision] cannot generate " + model.qualifiedName()
                    + ": a type of that name already exists in this compilation; give the machine another"
                    + " name = \"...\"");
            return;
        } catch (IOException e) {
            diagnostics.error(Site.of(spec), "[FsmWriteFailed] could not write " + model.qualifiedName() + ": " + e);
            return;
        }
        DiagramSummary.Kind kind = DiagramSummary.kind(model);
        DiagramWriter diagrams = new DiagramWriter(model, kind == DiagramSummary.Kind.SUMMARY);
        if (kind != DiagramSummary.Kind.NONE) {
            writeResource(model, spec, "mmd", diagrams.mermaid());
            writeResource(model, spec, "dot", diagrams.dot());
        }
        writeResource(model, spec, "md", diagrams.markdown());
        writeResource(model, spec, "json", new ModelJsonWriter(model).json());
    }

    /** Where the machine's name was written: the {@code name} value, or the annotation when it is the default. */
    private static Site nameSite(TypeElement spec) {
        return io.fsmgen.processor.parse.SpecReader.findAnnotation(spec, io.fsmgen.processor.parse.Names.STATE_MACHINE)
                .map(mirror -> mirror.getElementValues().entrySet().stream()
                        .filter(entry -> entry.getKey().getSimpleName().contentEquals("name"))
                        .findFirst()
                        .map(entry -> Site.of(spec, mirror, entry.getValue()))
                        .orElse(Site.of(spec, mirror)))
                .orElse(Site.of(spec));
    }

    private void writeResource(MachineModel model, TypeElement spec, String extension, String content) {
        String path = "META-INF/fsmgen/" + model.qualifiedName() + "." + extension;
        try {
            FileObject resource = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, spec);
            try (Writer writer = resource.openWriter()) {
                writer.write(content);
            }
        } catch (IOException e) {
            diagnostics.error(Site.of(spec), "[FsmWriteFailed] could not write " + path + ": " + e);
        }
    }
}
