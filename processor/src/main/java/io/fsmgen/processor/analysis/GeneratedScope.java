package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.GeneratedTypes;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The names in scope inside the generated class that could make a type name mean something else: member types it
 * inherits from the spec and its supertypes (they shadow imports), fields it inherits and its own locals and fields
 * (a variable obscures a type of the same name in an expression such as {@code State.OPEN}), and types of the spec's
 * package named like a {@code java.lang} type (they shadow {@code java.lang}). Types with those simple names are
 * written qualified; a field or member type named like the root of such a qualified name leaves no way to write it,
 * and is an error. In the unnamed package, whose types cannot be written qualified, the generated class's own names
 * avoid every type of the package.
 */
final class GeneratedScope {

    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;
    private final TypeAccess access;

    GeneratedScope(Elements elements, Types types, Diagnostics diagnostics) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
        this.access = new TypeAccess(elements, types);
    }

    Set<String> typeNamesToQualify(SpecDeclaration spec, TypeMirror states, TypeMirror events,
            Optional<TypeMirror> payload) {
        TypeElement type = spec.type();
        Set<String> qualify = new HashSet<>();
        Set<TypeElement> supertypes = new HashSet<>();
        supertypes.add(type);
        access.allSupertypes(type.asType()).forEach(t -> supertypes.add((TypeElement) ((DeclaredType) t).asElement()));
        Set<String> memberTypes = new HashSet<>(); // inherited ones only: a private member type is not in scope
        for (TypeElement supertype : supertypes) {
            for (TypeElement nested : ElementFilter.typesIn(supertype.getEnclosedElements())) {
                qualify.add(nested.getSimpleName().toString());
                if (!nested.getModifiers().contains(Modifier.PRIVATE)) {
                    memberTypes.add(nested.getSimpleName().toString());
                }
            }
        }
        Set<String> variables = new HashSet<>(MachineModel.GENERATED_VARIABLES);
        for (VariableElement field : ElementFilter.fieldsIn(elements.getAllMembers(type))) {
            if (!field.getModifiers().contains(Modifier.PRIVATE)) {
                variables.add(field.getSimpleName().toString());
            }
        }
        qualify.addAll(variables);
        // A package name is obscured by a variable and by a member type of the same name (JLS 6.4.2).
        Set<String> obscuring = new HashSet<>(variables);
        obscuring.addAll(memberTypes);
        PackageElement pkg = elements.getPackageOf(type);
        for (TypeElement sibling : ElementFilter.typesIn(pkg.getEnclosedElements())) {
            String name = sibling.getSimpleName().toString();
            // In the unnamed package every sibling is listed: it cannot be written qualified, so generated names
            // must avoid it, and a java.lang type of its name is written qualified.
            if (pkg.isUnnamed() || elements.getTypeElement("java.lang." + name) != null) {
                qualify.add(name);
            }
        }
        checkGeneratedRoots(type, qualify, obscuring, variables);
        // The spec's own types that generated code names (fsmgen's and the JDK's are checked above).
        List<TypeMirror> inExpressions = new java.util.ArrayList<>(List.of(states, events));
        payload.ifPresent(inExpressions::add);
        for (TypeMirror used : inExpressions) {
            if (!(used instanceof DeclaredType declared)) {
                continue;
            }
            TypeElement topLevel = topLevel((TypeElement) declared.asElement());
            String simpleName = topLevel.getSimpleName().toString();
            if (!qualify.contains(simpleName)) {
                continue;
            }
            PackageElement usedPackage = elements.getPackageOf(topLevel);
            if (usedPackage.isUnnamed()) {
                if (obscuring.contains(simpleName)) {
                    diagnostics.error(Site.of(type), "[FsmReservedName] the generated machine must name "
                            + topLevel.getQualifiedName() + ", but inside it the simple name " + simpleName + " means "
                            + meaning(simpleName, variables) + "; rename it or the type");
                }
                continue;
            }
            String root = usedPackage.getQualifiedName().toString().split("\\.")[0];
            if (obscuring.contains(root)) {
                diagnostics.error(Site.of(type), "[FsmReservedName] the generated machine must name "
                        + topLevel.getQualifiedName() + ", but inside it the package name " + root + " means "
                        + meaning(root, variables) + "; rename it or the type");
            }
        }
        return qualify;
    }

    /**
     * The types generated code names itself ({@link GeneratedTypes}) are written qualified when their simple name is
     * shadowed; the qualified name then starts with a package root ({@code io}, {@code java}, {@code javax}) that a
     * member type or a variable of the same name would obscure, leaving no way to write it. One error per root.
     */
    private void checkGeneratedRoots(TypeElement type, Set<String> qualify, Set<String> obscuring,
            Set<String> variables) {
        Set<String> reported = new HashSet<>();
        for (String canonical : GeneratedTypes.CANONICAL_NAMES) {
            String root = canonical.substring(0, canonical.indexOf('.'));
            String simpleName = canonical.substring(canonical.lastIndexOf('.') + 1);
            if (obscuring.contains(root) && qualify.contains(simpleName) && reported.add(root)) {
                diagnostics.error(Site.of(type), "[FsmReservedName] the generated machine must name " + canonical
                        + ", but inside it the package name " + root + " means " + meaning(root, variables)
                        + "; rename it or the type named " + simpleName);
            }
        }
    }

    /** What a simple name means inside the generated class, for a message. */
    private static String meaning(String name, Set<String> variables) {
        return variables.contains(name) ? "a field or local variable" : "a member type inherited from the spec";
    }

    private static TypeElement topLevel(TypeElement type) {
        TypeElement at = type;
        while (at.getEnclosingElement() instanceof TypeElement enclosing) {
            at = enclosing;
        }
        return at;
    }

}
