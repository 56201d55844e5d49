package io.fsmgen.processor.analysis;

import com.sun.source.util.Trees;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * javac's syntax trees of the sources being compiled, for the checks that need what was written rather than what it
 * resolved to (an unresolved class literal, an import, the file a type is declared in). Other compilers (Eclipse's)
 * have none: there those checks find nothing and the spec is judged as before.
 */
final class CompilerTrees {

    private CompilerTrees() {}

    /** The trees of {@code environment}'s compiler, or null when it is not javac. */
    static Trees orNull(ProcessingEnvironment environment) {
        try {
            return Trees.instance(environment);
        } catch (IllegalArgumentException notJavac) {
            return null;
        }
    }
}
