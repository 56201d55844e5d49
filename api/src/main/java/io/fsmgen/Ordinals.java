package io.fsmgen;

import java.util.Arrays;

/**
 * Guards a generated machine against stale code. Machines dispatch on ordinals fixed at build time; if a state or
 * event enum is later reordered or changed and recompiled without the spec, the machine would silently take the
 * wrong rows. The generated class calls this once, when it is loaded, and fails fast instead.
 *
 * <p>Public only because generated code in other packages uses it.
 */
public final class Ordinals {

    private Ordinals() {}

    /**
     * Throws {@link IllegalStateException} unless {@code type}'s constants are exactly {@code expected}, in order.
     */
    public static void verify(Class<?> machine, Class<? extends Enum<?>> type, String... expected) {
        Enum<?>[] constants = type.getEnumConstants();
        String[] actual = Arrays.stream(constants).map(Enum::name).toArray(String[]::new);
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalStateException(machine.getName() + " was generated for " + type.getName() + " = "
                    + Arrays.toString(expected) + ", but the enum is now " + Arrays.toString(actual)
                    + "; recompile the spec so that fsmgen regenerates the machine");
        }
    }
}
