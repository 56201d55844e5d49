package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
import io.fsmgen.processor.parse.Site;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * Notes the auxiliary classes a machine names: top-level types declared in a source file named for another class
 * ({@code enum S} beside the spec in {@code M.java}). They are legal and the machine compiles, but javac's
 * {@code -Xlint:auxiliaryclass}, part of {@code -Xlint:all}, warns on every use of such a type outside its own file,
 * so on every line of the generated machine that names it, where {@code @SuppressWarnings} does not silence it and
 * nobody can edit the code: {@code -Werror} then fails on generated code. Generated code cannot avoid naming the
 * states, events and payload, so the spec's author is told, once per type, how to avoid the lint: a note, not a
 * warning, since without the lint nothing is wrong. Files are read from javac's trees: under javac only.
 */
public final class AuxiliaryClasses {

    /** javac's trees, or null under a compiler that has none. */
    private final Trees trees;
    private final Elements elements;
    private final Diagnostics diagnostics;

    private AuxiliaryClasses(Trees trees, Elements elements, Diagnostics diagnostics) {
        this.trees = trees;
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    public static AuxiliaryClasses of(ProcessingEnvironment environment, Diagnostics diagnostics) {
        return new AuxiliaryClasses(CompilerTrees.orNull(environment), environment.getElementUtils(), diagnostics);
    }

    /** Notes each auxiliary class that {@code model}'s machine names in its code. */
    public void note(MachineModel model) {
        if (trees == null) {
            return;
        }
        for (ClassName named : named(model)) {
            TypeElement type = elements.getTypeElement(named.canonicalName());
            TreePath path = type == null ? null : trees.getPath(type);
            if (path == null) {
                continue; // read from a class file, whose uses javac does not lint
            }
            JavaFileObject file = path.getCompilationUnit().getSourceFile();
            String simpleName = type.getSimpleName().toString();
            if (!file.isNameCompatible(simpleName, JavaFileObject.Kind.SOURCE)) {
                diagnostics.note(Site.of(type), "[FsmAuxiliaryClass] " + simpleName + " is declared in "
                        + fileName(file) + ", a file named for another class, and the generated "
                        + model.machine().simpleName() + " names it from its own file: javac's -Xlint:auxiliaryclass"
                        + " (part of -Xlint:all) warns on each such use, in code nobody can edit or annotate, and"
                        + " -Werror then fails; move " + simpleName + " to its own file, " + simpleName + ".java"
                        + (named.equals(model.spec().topLevelClassName()) ? ""
                                : ", or nest it in " + model.spec().topLevelClassName().simpleName()));
            }
        }
    }

    private static String fileName(JavaFileObject file) {
        String name = file.getName();
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    /** The top-level classes the machine's code names: the spec, its enums, payload, fields and constructors. */
    private static Set<ClassName> named(MachineModel model) {
        Set<ClassName> named = new LinkedHashSet<>();
        List<TypeName> types = new java.util.ArrayList<>(List.of(model.spec(), model.stateType(), model.eventType()));
        model.payload().ifPresent(types::add);
        model.snapshot().fields().stream().map(SnapshotModel.Field::type).forEach(types::add);
        for (ConstructorModel constructor : model.constructors()) {
            constructor.parameters().stream().map(ConstructorModel.Parameter::type).forEach(types::add);
            types.addAll(constructor.thrown());
            constructor.typeVariables().forEach(types::add);
        }
        types.forEach(type -> addClasses(type, named));
        return named;
    }

    private static void addClasses(TypeName type, Set<ClassName> named) {
        if (type instanceof ClassName name) {
            named.add(name.topLevelClassName());
        } else if (type instanceof ParameterizedTypeName parameterized) {
            addClasses(parameterized.rawType(), named);
            parameterized.typeArguments().forEach(argument -> addClasses(argument, named));
        } else if (type instanceof ArrayTypeName array) {
            addClasses(array.componentType(), named);
        } else if (type instanceof WildcardTypeName wildcard) {
            wildcard.upperBounds().forEach(bound -> addClasses(bound, named));
            wildcard.lowerBounds().forEach(bound -> addClasses(bound, named));
        } else if (type instanceof TypeVariableName variable) {
            variable.bounds().forEach(bound -> addClasses(bound, named));
        }
    }
}
