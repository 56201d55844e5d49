package io.fsmgen.processor.analysis;

import java.util.regex.Pattern;
import javax.lang.model.type.TypeMirror;

/** Types as messages print them: without package names, as a reader of the spec would write them. */
final class TypeNames {

    private static final Pattern PACKAGE_PREFIX = Pattern.compile("\\b(?:[a-z_$][A-Za-z0-9_$]*\\.)+(?=[A-Za-z_$])");

    private TypeNames() {}

    /** {@code java.util.List<java.lang.String>} → {@code List<String>}; {@code test.Door.Event} → {@code Door.Event}. */
    static String simple(TypeMirror type) {
        return simple(type.toString());
    }

    static String simple(String type) {
        return PACKAGE_PREFIX.matcher(type).replaceAll("");
    }
}
