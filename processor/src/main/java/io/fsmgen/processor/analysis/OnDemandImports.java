package io.fsmgen.processor.analysis;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The types a spec's own source file imports on demand ({@code import java.util.*;}). A top-level class of the spec's
 * package shadows them in that file (JLS 6.4.1), as it does {@code java.lang}'s: a machine named {@code List} beside
 * {@code import java.util.*} turns the spec's {@code List<String>} into the machine once it is generated, and javac
 * then fails on the spec's own code with an error that says nothing of the name. Only a name the file writes counts:
 * one it never writes shadows nothing there ({@code name = "StateBits"} beside {@code import io.fsmgen.*} works), nor
 * does one it writes only where a nearer declaration answers (a member type {@code List} of the spec, a single-type
 * import). Imports are not part of {@code javax.lang.model}, so they are read from the file's syntax tree: under javac
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
        return new OnDemandImports(CompilerTrees.orNull(environment), environment.getElementUtils());
    }

    /**
     * A public type named {@code simpleName} that the file declaring {@code spec} imports on demand, from a package or
     * type other than {@code packageName}, and writes by that name, with the import that brings it; empty when there
     * is none or the file cannot be read.
     */
    Optional<Imported> named(TypeElement spec, String packageName, String simpleName) {
        TreePath path = trees == null ? null : trees.getPath(spec);
        if (path == null || !writesThroughImport(path.getCompilationUnit(), simpleName)) {
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

    /**
     * Whether the file's declarations write {@code simpleName} as a name of its own (not after a dot) somewhere that
     * the on-demand import would answer: not where a single-type import, a member type (declared or inherited) of a
     * class around it, a type parameter or a local class declares the name nearer (JLS 6.4.1), since there the
     * machine would shadow nothing.
     */
    private boolean writesThroughImport(CompilationUnitTree file, String simpleName) {
        if (importsSingly(file, simpleName)) {
            return false;
        }
        TreePathScanner<Boolean, Void> scanner = new TreePathScanner<>() {
            @Override
            public Boolean visitIdentifier(IdentifierTree identifier, Void unused) {
                return identifier.getName().contentEquals(simpleName) && !declaredNearer(getCurrentPath(), simpleName);
            }

            @Override
            public Boolean reduce(Boolean first, Boolean second) {
                return Boolean.TRUE.equals(first) || Boolean.TRUE.equals(second);
            }
        };
        return file.getTypeDecls().stream()
                .anyMatch(type -> Boolean.TRUE.equals(scanner.scan(new TreePath(new TreePath(file), type), null)));
    }

    /** Whether a single-type import of the file brings a type named {@code simpleName}, which shadows the package's. */
    private boolean importsSingly(CompilationUnitTree file, String simpleName) {
        for (ImportTree declaration : file.getImports()) {
            if (declaration.getQualifiedIdentifier() instanceof MemberSelectTree select
                    && select.getIdentifier().contentEquals(simpleName)
                    && (!declaration.isStatic()
                            || elements.getTypeElement(select.getExpression() + "." + simpleName) != null)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a declaration between the identifier at {@code path} and the file's imports declares the name. */
    private boolean declaredNearer(TreePath path, String simpleName) {
        Tree inner = path.getLeaf();
        for (TreePath outer = path.getParentPath(); outer != null; inner = outer.getLeaf(),
                outer = outer.getParentPath()) {
            Tree tree = outer.getLeaf();
            if (tree instanceof ClassTree type) {
                boolean inBody = type.getMembers().contains(inner);
                boolean inHeader = inBody || inner == type.getExtendsClause()
                        || type.getImplementsClause().contains(inner) || type.getTypeParameters().contains(inner);
                if (inHeader && namesTypeParameter(type.getTypeParameters(), simpleName)
                        || inBody && hasMemberType(outer, type, simpleName)) {
                    return true;
                }
            } else if (tree instanceof MethodTree method && inner != method.getModifiers()
                    && namesTypeParameter(method.getTypeParameters(), simpleName)) {
                return true;
            } else if (tree instanceof BlockTree block && declaresLocalClassBefore(block, inner, simpleName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesTypeParameter(List<? extends TypeParameterTree> parameters, String simpleName) {
        return parameters.stream().anyMatch(parameter -> parameter.getName().contentEquals(simpleName));
    }

    /**
     * Whether the class at {@code path} has a member type {@code simpleName}: through its element when javac has
     * entered it (inherited member types count), from its own syntax otherwise (a local or anonymous class).
     */
    private boolean hasMemberType(TreePath path, ClassTree type, String simpleName) {
        if (trees.getElement(path) instanceof TypeElement element) {
            return elements.getAllMembers(element).stream().anyMatch(member -> member instanceof TypeElement
                    && member.getSimpleName().contentEquals(simpleName));
        }
        return type.getMembers().stream()
                .anyMatch(member -> member instanceof ClassTree nested
                        && nested.getSimpleName().contentEquals(simpleName));
    }

    /** Whether {@code block} declares a local class {@code simpleName} in or before its statement {@code inner}. */
    private static boolean declaresLocalClassBefore(BlockTree block, Tree inner, String simpleName) {
        for (StatementTree statement : block.getStatements()) {
            if (statement instanceof ClassTree local && local.getSimpleName().contentEquals(simpleName)) {
                return true;
            }
            if (statement == inner) {
                return false;
            }
        }
        return false;
    }

    /** A type imported on demand, and the import declaration that brings it (without its semicolon). */
    record Imported(TypeElement type, String declaration) {}
}
