package io.fsmgen.examples.spring.statechart;

import io.fsmgen.HierarchicalMachine;
import io.fsmgen.processor.StateMachineProcessor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles many specs in one javac task with the fsmgen processor, in memory, and loads the classes from memory.
 *
 * <p>Why it is not compile-testing's {@code Compiler}: that opens a new file manager per compilation, and the test
 * JVM's class path (Spring, Reactor, Guava, JUnit...) is what javac then searches for every name. This compiler is made
 * once per worker thread, keeps its {@link StandardJavaFileManager} (the opened jars and directories) from one batch to
 * the next, and gives javac only the fsmgen API's class path entry, which is all a spec and its generated machine use.
 * The processor is passed as an instance, so no processor path is searched either. Diagrams and other resources the
 * processor writes are kept in memory like the classes, and dropped with the batch. Not thread-safe: one per thread.
 */
final class InMemoryCompiler implements AutoCloseable {

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files;

    InMemoryCompiler() {
        files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            File api = new File(HierarchicalMachine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            files.setLocation(StandardLocation.CLASS_PATH, List.of(api));
        } catch (URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException("cannot put the fsmgen API on the compiler's class path", e);
        }
    }

    /** Compiles {@code sources} (qualified name to text) in one task; fails with javac's errors if any. */
    ClassLoader compile(Map<String, String> sources) {
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new Source(name, text)));
        Output output = new Output(files);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaCompiler.CompilationTask task = javac.getTask(null, output, diagnostics,
                List.of("-g:none", "-Xlint:none", "-implicit:none"), null, units);
        task.setProcessors(List.of(new StateMachineProcessor()));
        if (!task.call()) {
            StringBuilder errors = new StringBuilder("the generated specs did not compile:\n");
            for (Diagnostic<? extends JavaFileObject> error : diagnostics.getDiagnostics()) {
                if (error.getKind() == Diagnostic.Kind.ERROR) {
                    errors.append(error).append('\n');
                }
            }
            throw new AssertionError(errors);
        }
        return new Loader(output.classes, InMemoryCompiler.class.getClassLoader());
    }

    @Override
    public void close() throws java.io.IOException {
        files.close();
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String qualifiedName, String text) {
            super(URI.create("mem:///" + qualifiedName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Class files and the processor's generated sources and resources, kept in memory for one batch. */
    private static final class Output extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, byte[]> classes = new HashMap<>();
        private final Map<String, String> generatedSources = new HashMap<>();

        Output(StandardJavaFileManager files) {
            super(files);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            URI uri = URI.create("mem:///" + location.getName() + "/" + className.replace('.', '/') + kind.extension);
            return new SimpleJavaFileObject(uri, kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            if (kind == Kind.CLASS) {
                                classes.put(className, toByteArray());
                            } else {
                                generatedSources.put(className, toString(StandardCharsets.UTF_8));
                            }
                        }
                    };
                }

                @Override
                public java.io.Writer openWriter() {
                    return new java.io.OutputStreamWriter(openOutputStream(), StandardCharsets.UTF_8);
                }

                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return generatedSources.get(className);
                }
            };
        }

        @Override
        public FileObject getFileForOutput(Location location, String packageName, String relativeName,
                FileObject sibling) {
            URI uri = URI.create("mem:///" + location.getName() + "/" + packageName.replace('.', '/') + "/"
                    + relativeName);
            return new SimpleJavaFileObject(uri, JavaFileObject.Kind.OTHER) {
                @Override
                public OutputStream openOutputStream() {
                    return OutputStream.nullOutputStream();
                }

                @Override
                public java.io.Writer openWriter() {
                    return java.io.Writer.nullWriter();
                }
            };
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a.toUri().equals(b.toUri());
        }
    }

    /** Loads the classes javac wrote in memory; everything else comes from the test's own loader. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
