package io.fsmgen.processor;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import io.fsmgen.Machine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The classes of a successful compile-testing compilation, loaded so that a test can run the generated machine. The
 * fsmgen API comes from the test's own class path, so the machine is a {@link Machine} the test can drive.
 */
final class Loaded extends ClassLoader {

    private final Map<String, byte[]> classes = new HashMap<>();

    Loaded(Compilation compilation) {
        super(Loaded.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                    path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(classes).isNotEmpty();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** A new machine of class {@code name}, built with its no-argument constructor. */
    @SuppressWarnings("unchecked")
    <S extends Enum<S>, E extends Enum<E>> Machine<S, E> machine(String name) {
        try {
            return (Machine<S, E>) loadClass(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The constant {@code name} of enum class {@code type}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Enum<?> constant(String type, String name) {
        try {
            return Enum.valueOf((Class) loadClass(type), name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls {@code fire(event)} on a machine whose enums the test only knows by name. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static boolean fire(Machine<?, ?> machine, Enum<?> event) {
        return ((Machine) machine).fire(event);
    }

    /** Calls a public method of the machine reflectively (a spec's own accessor). */
    static Object call(Object target, String method) {
        try {
            var found = target.getClass().getMethod(method);
            found.setAccessible(true);
            return found.invoke(target);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
