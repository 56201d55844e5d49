package io.fsmgen.processor.analysis;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecReader;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reports {@code @StateMachine} on a class declared inside code (a local class, or a class inside a local or anonymous
 * one). javac shows annotation processors only the classes it can reach from the files' top-level types, never those
 * inside method bodies, initializers or lambdas, so such a spec would otherwise generate nothing without a word. Its
 * annotations are only resolved once javac has analysed the class around it, after the processing rounds; so the
 * classes are looked for then, as javac finishes analysing each top-level class. Under javac only: elsewhere (no
 * {@link JavacTask}) nothing is reported, as before.
 */
public final class LocalSpecs implements TaskListener {

    private final Trees trees;
    private final Diagnostics diagnostics;

    private LocalSpecs(Trees trees, Diagnostics diagnostics) {
        this.trees = trees;
        this.diagnostics = diagnostics;
    }

    /** Starts watching the compilation {@code environment} belongs to, when it is javac's. */
    public static void watch(ProcessingEnvironment environment, Diagnostics diagnostics) {
        JavacTask task;
        try {
            task = JavacTask.instance(environment);
        } catch (IllegalArgumentException | IllegalStateException notJavac) {
            return;
        }
        task.addTaskListener(new LocalSpecs(Trees.instance(environment), diagnostics));
    }

    @Override
    public void finished(TaskEvent event) {
        if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null
                || event.getCompilationUnit() == null) {
            return;
        }
        TreePath top = trees.getPath(event.getTypeElement());
        if (top != null) {
            new Scanner(event.getCompilationUnit()).scan(top, null);
        }
    }

    /** Finds the classes of one top-level class that sit inside code, and reports those that are specs. */
    private final class Scanner extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree file;

        Scanner(CompilationUnitTree file) {
            this.file = file;
        }

        @Override
        public Void visitClass(ClassTree declaration, Void unused) {
            if (insideCode(getCurrentPath()) && trees.getElement(getCurrentPath()) instanceof TypeElement type) {
                Optional<AnnotationMirror> spec = SpecReader.findAnnotation(type, Names.STATE_MACHINE);
                spec.ifPresent(mirror -> diagnostics.error(
                        Site.of(type, mirror), "[FsmInnerSpec] spec " + type.getSimpleName() + " is declared inside"
                                + " a method, initializer or lambda body; annotation processors are not shown such"
                                + " classes, so no machine is generated for it: declare it as a top-level class or a"
                                + " static member class"));
                if (spec.isEmpty()) {
                    reportHooks(type);
                }
            }
            return super.visitClass(declaration, unused);
        }

        /**
         * Hooks on a class inside code that is no spec never run: no spec can extend such a class (a spec is a
         * top-level or static member class), and the processor, not shown the class, would not say so.
         */
        private void reportHooks(TypeElement type) {
            String owner = type.getSimpleName().length() == 0 ? "an anonymous class" : type.getSimpleName().toString();
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                for (String hook : Names.HOOKS) {
                    SpecReader.findAnnotation(method, hook).ifPresent(mirror -> diagnostics.warning(
                            Site.of(method, mirror), "[FsmUnusedHook] @" + hook.substring(hook.lastIndexOf('.') + 1)
                                    + " on " + owner + "." + method.getSimpleName() + "() never runs: " + owner
                                    + " is declared inside code and is not a @StateMachine spec, and no spec can"
                                    + " extend it"));
                }
            }
        }

        /** Whether something other than classes stands between the class at {@code path} and its file. */
        private boolean insideCode(TreePath path) {
            for (TreePath outer = path.getParentPath(); outer != null; outer = outer.getParentPath()) {
                if (outer.getLeaf() != file && !(outer.getLeaf() instanceof ClassTree)) {
                    return true;
                }
            }
            return false;
        }
    }
}
