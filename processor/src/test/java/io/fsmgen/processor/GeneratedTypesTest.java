package io.fsmgen.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fsmgen.processor.model.GeneratedTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link GeneratedTypes} lists every type the generated code names besides the spec's, so that the processor can
 * refuse a spec whose member type or field would obscure the package such a name must be written through. Checked
 * against the goldens: their imports, and the {@code java.lang} types they construct, catch, test, extend or annotate
 * with.
 */
class GeneratedTypesTest {

    private static final Pattern IMPORT = Pattern.compile("^import ((?:io\\.fsmgen|java|javax)\\.[\\w.]+);",
            Pattern.MULTILINE);
    private static final Pattern JAVA_LANG_USE = Pattern.compile(
            "(?:new |instanceof |catch \\(|throws |extends |@|\\(\\()([A-Z]\\w*)\\b");

    @Test
    void everyTypeTheGoldensNameIsListed() throws IOException {
        Set<String> named = new TreeSet<>();
        List<Path> goldens;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/goldens"))) {
            goldens = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(goldens.size() >= 6, "goldens found: " + goldens);
        for (Path golden : goldens) {
            String text = Files.readString(golden);
            Matcher imported = IMPORT.matcher(text);
            while (imported.find()) {
                named.add(topLevel(imported.group(1)));
            }
            Matcher used = JAVA_LANG_USE.matcher(text);
            while (used.find()) {
                String candidate = "java.lang." + used.group(1);
                if (exists(candidate)) {
                    named.add(candidate);
                }
            }
        }
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(GeneratedTypes.CANONICAL_NAMES);
        assertTrue(missing.isEmpty(), "named by generated code but not in GeneratedTypes: " + missing);
        assertTrue(named.contains("java.lang.IllegalStateException") && named.contains("io.fsmgen.Ordinals"),
                "the scan found what every machine names: " + named);
    }

    /** {@code io.fsmgen.TransitionFailure.Phase} is written through {@code io.fsmgen.TransitionFailure}. */
    private static String topLevel(String imported) {
        String[] parts = imported.split("\\.");
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(name.length() == 0 ? "" : ".").append(part);
            if (Character.isUpperCase(part.charAt(0))) {
                return name.toString();
            }
        }
        return imported;
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, GeneratedTypesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
