package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks that the generated machine's name is a name of its own: a valid class name, not the spec's, not one that
 * would hide a type the spec's package or file uses ({@code java.lang}'s, an on-demand import's), not the binary name
 * of a nested type, and not another spec's machine. javac would report each of these inside the generated class or
 * in the spec, far from the {@code name = "..."} that caused it.
 */
final class MachineNameChecks {

    /** Names javac accepts as identifiers but not as the name of a class. */
    private static final Set<String> RESTRICTED_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

    private final Elements elements;
    private final Diagnostics diagnostics;
    /** Generated class names already claimed in this compilation, with the spec that claimed each. */
    private final Map<String, String> claimedNames;
    private final OnDemandImports imports;

    MachineNameChecks(Elements elements, Diagnostics diagnostics, Map<String, String> claimedNames,
            OnDemandImports imports) {
        this.elements = elements;
        this.diagnostics = diagnostics;
        this.claimedNames = claimedNames;
        this.imports = imports;
    }

    /**
     * The machine's class name, or empty after an error on the spec's {@code name} (or the spec).
     *
     * @param claim whether the name is claimed for this spec: false when a parent is analysed for its child's sake
     */
    Optional<ClassName> machineName(SpecDeclaration spec, boolean claim) {
        String packageName = elements.getPackageOf(spec.type()).getQualifiedName().toString();
        String simpleName = spec.machineSimpleName();
        Site site = spec.name().map(Located::site).orElse(spec.site());
        if (!SourceVersion.isIdentifier(simpleName) || SourceVersion.isKeyword(simpleName)) {
            diagnostics.error(site, "[FsmInvalidName] '" + simpleName + "' is not a valid Java class name");
            return Optional.empty();
        }
        if (RESTRICTED_TYPE_NAMES.contains(simpleName)) {
            diagnostics.error(site, "[FsmInvalidName] '" + simpleName + "' is a restricted identifier and cannot name"
                    + " a class");
            return Optional.empty();
        }
        ClassName name = ClassName.get(packageName, simpleName);
        String specName = spec.type().getQualifiedName().toString();
        if (name.canonicalName().equals(specName)) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName()
                    + " would have the spec's own name; the machine extends the spec, so give it another name");
            return Optional.empty();
        }
        TypeElement javaLang = elements.getTypeElement("java.lang." + simpleName);
        if (javaLang != null && javaLang.getModifiers().contains(Modifier.PUBLIC) && !packageName.equals("java.lang")) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName() + " would hide"
                    + " java.lang." + simpleName + " from every class in " + (packageName.isEmpty()
                            ? "the unnamed package" : "package " + packageName) + ", the spec"
                    + " included: where it writes " + simpleName + " it would mean the machine once generated; give"
                    + " the machine another name = \"...\"");
            return Optional.empty();
        }
        Optional<OnDemandImports.Imported> imported = imports.named(spec.type(), packageName, simpleName);
        if (imported.isPresent()) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName() + " would hide "
                    + imported.get().type().getQualifiedName() + ", which the spec's file imports with '"
                    + imported.get().declaration() + ";', from the spec: where it writes " + simpleName + " it would"
                    + " mean the machine once generated; give the machine another name = \"...\"");
            return Optional.empty();
        }
        Optional<TypeElement> nested = nestedTypeWithBinaryName(packageName, simpleName);
        if (nested.isPresent()) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName() + " would have the"
                    + " binary name of " + nested.get().getQualifiedName() + ", and so its class file "
                    + simpleName + ".class; give the machine another name = \"...\"");
            return Optional.empty();
        }
        if (!claim) {
            return Optional.of(name);
        }
        String claimedBy = claimedNames.putIfAbsent(name.canonicalName(), specName);
        if (claimedBy != null && !claimedBy.equals(specName)) {
            diagnostics.error(site, "[FsmNameCollision] generated class " + name.canonicalName()
                    + " is already the machine of " + claimedBy + "; give one of them another name = \"...\"");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /**
     * The nested type whose binary name a top-level class {@code simpleName} of the package would have
     * ({@code M$Inner} is the binary name of {@code M.Inner}): javac cannot write both class files, and reports it
     * inside the generated source. Only the types whose binary names begin the wanted one are opened.
     */
    private Optional<TypeElement> nestedTypeWithBinaryName(String packageName, String simpleName) {
        PackageElement pkg = elements.getPackageElement(packageName);
        if (pkg == null || simpleName.indexOf('$') < 0) {
            return Optional.empty();
        }
        String binaryName = packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        Deque<Element> candidates = new ArrayDeque<>(pkg.getEnclosedElements());
        while (!candidates.isEmpty()) {
            if (candidates.pop() instanceof TypeElement type) {
                String binary = elements.getBinaryName(type).toString();
                if (binary.equals(binaryName) && type.getNestingKind() != NestingKind.TOP_LEVEL) {
                    return Optional.of(type);
                }
                if (binaryName.startsWith(binary + "$")) {
                    candidates.addAll(type.getEnclosedElements());
                }
            }
        }
        return Optional.empty();
    }
}
