package io.fsmgen.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.processor.model.GeneratedTypes;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The check of what was written: a type the machine names in code, written qualified, must not start with a name that
 * obscures that package inside the machine ({@link MachineModel#obscuringNames}). The analysis refuses the cases it
 * can foresee (a shadowed simple name); this one is JavaPoet's own: of two named types that share a simple name it
 * imports one and writes the other qualified, and which one it decides while writing. Reading the source it wrote,
 * with comments, string literals and the import lines left out, finds exactly the qualified names it used.
 */
final class ObscuredRoots {

    private ObscuredRoots() {}

    /** The error for the first named type written qualified under an obscured root, if any. */
    static Optional<String> check(String source, MachineModel model) {
        if (model.obscuringNames().isEmpty()) {
            return Optional.empty();
        }
        String code = null;
        for (String canonical : named(model)) {
            int dot = canonical.indexOf('.');
            if (dot < 0) {
                continue; // the unnamed package's: never written qualified (the analysis checks those)
            }
            String root = canonical.substring(0, dot);
            String meaning = model.obscuringNames().get(root);
            if (meaning == null) {
                continue;
            }
            if (code == null) {
                code = codeOnly(source);
            }
            if (Pattern.compile("(?<![\\w$.])" + Pattern.quote(canonical) + "(?![\\w$])").matcher(code).find()) {
                String simpleName = canonical.substring(canonical.lastIndexOf('.') + 1);
                return Optional.of("[FsmReservedName] the generated machine must name " + canonical + ", written"
                        + " qualified since another type it names is called " + simpleName + " too, but inside it the"
                        + " package name " + root + " means " + meaning + "; rename it or one of the types named "
                        + simpleName);
            }
        }
        return Optional.empty();
    }

    /** The canonical names of the top-level types generated code may name. */
    private static List<String> named(MachineModel model) {
        List<String> named = new ArrayList<>(GeneratedTypes.CANONICAL_NAMES);
        List<TypeName> types = new ArrayList<>(List.of(model.stateType(), model.eventType()));
        model.payload().ifPresent(types::add);
        model.snapshot().fields().stream().map(SnapshotModel.Field::type).forEach(types::add);
        for (TypeName type : types) {
            ClassName raw = type instanceof ParameterizedTypeName p ? p.rawType()
                    : type instanceof ClassName c ? c : null;
            if (raw != null && !named.contains(raw.topLevelClassName().canonicalName())) {
                named.add(raw.topLevelClassName().canonicalName());
            }
        }
        return named;
    }

    /** {@code source} without its comments, string and character literals, and package and import lines. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                i = source.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (c == '"' || c == '\'') {
                i = skipLiteral(source, i, c);
                code.append(c).append(c);
            } else if ((i == 0 || source.charAt(i - 1) == '\n')
                    && (source.startsWith("import ", i) || source.startsWith("package ", i))) {
                i = source.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    /** The index after the literal that opens at {@code start} with {@code quote} (text blocks too). */
    private static int skipLiteral(String source, int start, char quote) {
        if (quote == '"' && source.startsWith("\"\"\"", start)) {
            int end = source.indexOf("\"\"\"", start + 3);
            return end < 0 ? source.length() : end + 3;
        }
        int i = start + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }
}
