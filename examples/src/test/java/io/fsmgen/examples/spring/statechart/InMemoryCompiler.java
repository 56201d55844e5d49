package io.fsmgen.examples.spring.statechart;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.fsmgen.processor.StateMachineProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles specs in-process with the fsmgen processor, as the processor's own {@code LargeMachineTest} does, and
 * loads the classes from memory. Many specs go to one javac run, because starting javac costs more than compiling
 * one more small spec.
 */
final class InMemoryCompiler {

    private InMemoryCompiler() {}

    /** Compiles {@code sources} (qualified name to text); fails with javac's errors if any. */
    static ClassLoader compile(Map<String, String> sources) {
        List<JavaFileObject> files = sources.entrySet().stream()
                .map(source -> JavaFileObjects.forSourceString(source.getKey(), source.getValue()))
                .toList();
        Compilation compilation = Compiler.javac().withProcessors(new StateMachineProcessor()).compile(files);
        if (compilation.status() != Compilation.Status.SUCCESS) {
            StringBuilder errors = new StringBuilder("the generated specs did not compile:\n");
            for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
                errors.append(error).append('\n');
            }
            throw new AssertionError(errors);
        }
        return new Loader(compilation, InMemoryCompiler.class.getClassLoader());
    }

    /** Loads the classes javac wrote in memory; everything else comes from the test's own loader. */
    private static final class Loader extends ClassLoader {
        private final Map<String, JavaFileObject> classes = new HashMap<>();

        Loader(Compilation compilation, ClassLoader parent) {
            super(parent);
            for (JavaFileObject file : compilation.generatedFiles()) {
                if (file.getKind() == JavaFileObject.Kind.CLASS) {
                    String path = file.toUri().getPath();
                    String binary = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                            path.length() - ".class".length());
                    classes.put(binary.replace('/', '.'), file);
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JavaFileObject file = classes.get(name);
            if (file == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = file.openInputStream()) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
