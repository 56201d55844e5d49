package io.fsmgen.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The types a spec's own source file imports on demand ({@code import java.util.*;}). A top-level class of the
 * spec's package shadows them in that file (JLS 6.4.1), as it does {@code java.lang}'s: a machine named {@code List}
 * beside {@code import java.util.*} turns the spec's {@code List<String>} into the machine once it is generated, and
 * javac then fails on the spec's own code with an error that says nothing of the name. Only a name the file writes
 * counts: one it never writes shadows nothing there ({@code name = "StateBits"} beside {@code import io.fsmgen.*}
 * works). Imports are not part of {@code javax.lang.model}, so they are read from the file's syntax tree: under javac
 * only, and for a spec compiled from source; elsewhere nothing is found.
 */
public final class OnDemandImports {

    /** javac's trees, or null under a compiler that has none. */
    private final Trees trees;
    private final Elements elements;

    private OnDemandImports(Trees trees, Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    /** The imports of the sources {@code environment} compiles, as far as its compiler shows them. */
    public static OnDemandImports of(ProcessingEnvironment environment) {
        Trees trees;
        try {
            trees = Trees.instance(environment);
        } catch (IllegalArgumentException notJavac) {
            trees = null;
        }
        return new OnDemandImports(trees, environment.getElementUtils());
    }

    /**
     * A public type named {@code simpleName} that the file declaring {@code spec} imports on demand, from a package or
     * type other than {@code packageName}, and writes by that name, with the import that brings it; empty when there
     * is none or the file cannot be read.
     */
    Optional<Imported> named(TypeElement spec, String packageName, String simpleName) {
        TreePath path = trees == null ? null : trees.getPath(spec);
        if (path == null || !writes(path.getCompilationUnit(), simpleName)) {
            return Optional.empty();
        }
        for (ImportTree declaration : path.getCompilationUnit().getImports()) {
            Tree imported = declaration.getQualifiedIdentifier();
            if (!(imported instanceof MemberSelectTree select) || !select.getIdentifier().contentEquals("*")) {
                continue;
            }
            String container = select.getExpression().toString();
            if (container.equals(packageName)) {
                continue;
            }
            TypeElement type = elements.getTypeElement(container + "." + simpleName);
            if (type != null && type.getModifiers().contains(Modifier.PUBLIC)) {
                return Optional.of(new Imported(type, "import " + (declaration.isStatic() ? "static " : "")
                        + container + ".*"));
            }
        }
        return Optional.empty();
    }

    /** Whether the file's declarations write {@code simpleName} as a name of its own (not after a dot). */
    private static boolean writes(CompilationUnitTree file, String simpleName) {
        TreeScanner<Boolean, Void> scanner = new TreeScanner<>() {
            @Override
            public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
                return identifier.getName().contentEquals(simpleName);
            }

            @Override
            public Boolean reduce(Boolean first, Boolean second) {
                return Boolean.TRUE.equals(first) || Boolean.TRUE.equals(second);
            }
        };
        return file.getTypeDecls().stream().anyMatch(type -> Boolean.TRUE.equals(scanner.scan(type, null)));
    }

    /** A type imported on demand, and the import declaration that brings it (without its semicolon). */
    record Imported(TypeElement type, String declaration) {}
}
