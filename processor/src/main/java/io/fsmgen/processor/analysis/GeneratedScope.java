package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.GeneratedTypes;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * written qualified, and so is one of two named types that share a simple name (JavaPoet imports the other). A
 * field, member type or type of the package named like the root of such a qualified name obscures that package and
 * leaves no way to write it: an error, here where it can be foreseen, else in code generation
 * ({@code ObscuredRoots}). In the unnamed package, whose types cannot be written qualified, the generated
 * class's own names avoid every type of the package.
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

    /**
     * @param fieldTypes canonical names of the {@code @ExtendedState} fields' declared types, which the snapshot code
     *                   names too
     */
    Scope typeNamesToQualify(SpecDeclaration spec, TypeMirror states, TypeMirror events,
            Optional<TypeMirror> payload, List<String> fieldTypes) {
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
        PackageElement pkg = elements.getPackageOf(type);
        Set<String> packageTypes = new HashSet<>();
        for (TypeElement sibling : ElementFilter.typesIn(pkg.getEnclosedElements())) {
            String name = sibling.getSimpleName().toString();
            packageTypes.add(name);
            // In the unnamed package every sibling is listed: it cannot be written qualified, so generated names
            // must avoid it, and a java.lang type of its name is written qualified.
            if (pkg.isUnnamed() || elements.getTypeElement("java.lang." + name) != null) {
                qualify.add(name);
            }
        }
        // A simple name means a variable before a type, and a type before a package (JLS 6.4.2, 6.5.2): a package
        // root is obscured by a variable, by a member type and by a type of the machine's package of its name.
        Set<String> memberObscuring = new HashSet<>(variables);
        memberObscuring.addAll(memberTypes);
        Set<String> obscuring = new HashSet<>(memberObscuring);
        obscuring.addAll(packageTypes);
        Meanings meanings = new Meanings(variables, memberTypes, obscuring, memberObscuring);
        checkQualifiedNames(spec, List.of(states, events), payload, fieldTypes, qualify, meanings);
        Map<String, String> obscured = new HashMap<>();
        obscuring.forEach(name -> obscured.put(name, meanings.of(name)));
        return new Scope(qualify, obscured);
    }

    /**
     * What the analysis tells code generation about names.
     *
     * @param qualify   simple names generated code writes qualified ({@link MachineModel#typeNamesToQualify})
     * @param obscuring the names that would obscure a package root written qualified, each with what it means there
     *                  ({@link MachineModel#obscuringNames})
     */
    record Scope(Set<String> qualify, Map<String, String> obscuring) {}

    /** What the simple names in scope inside the generated class mean: for the checks and their messages. */
    private record Meanings(Set<String> variables, Set<String> memberTypes, Set<String> obscuring,
            Set<String> memberObscuring) {

        String of(String name) {
            if (variables.contains(name)) {
                return "a field or local variable";
            }
            return memberTypes.contains(name) ? "a member type inherited from the spec" : "a type of the package";
        }
    }

    /**
     * The types generated code names and writes qualified because their simple name is shadowed ({@code qualify})
     * start with their package's root ({@code io}, {@code java}, the spec's own packages); a variable, a member type
     * or a type of the package named like that root obscures it and leaves no way to write the type. A type of the
     * unnamed package has no qualified name: a variable or member type of its simple name leaves no way either. One
     * error per name. (JavaPoet also writes one of two named types that share a simple name qualified; which one, it
     * decides while writing, so code generation checks that case on what it wrote.)
     */
    private void checkQualifiedNames(SpecDeclaration spec, List<TypeMirror> used, Optional<TypeMirror> payload,
            List<String> fieldTypes, Set<String> qualify, Meanings meanings) {
        List<String> named = new ArrayList<>(GeneratedTypes.CANONICAL_NAMES);
        fieldTypes.stream().filter(canonical -> !named.contains(canonical)).forEach(named::add);
        List<TypeMirror> specTypes = new ArrayList<>(used);
        payload.ifPresent(specTypes::add);
        for (TypeMirror mirror : specTypes) {
            if (mirror instanceof DeclaredType declared) {
                String canonical = topLevel((TypeElement) declared.asElement()).getQualifiedName().toString();
                if (!named.contains(canonical)) {
                    named.add(canonical);
                }
            }
        }
        TypeElement type = spec.type();
        Set<String> reported = new HashSet<>();
        for (String canonical : named) {
            String simpleName = simpleName(canonical);
            if (!qualify.contains(simpleName)) {
                continue; // written by its simple name, imported or of the machine's package
            }
            if (simpleName.equals(canonical)) {
                if (meanings.memberObscuring().contains(simpleName) && reported.add(simpleName)) {
                    diagnostics.error(Site.of(type), "[FsmReservedName] the generated machine must name " + canonical
                            + ", but inside it the simple name " + simpleName + " means " + meanings.of(simpleName)
                            + "; rename it or the type");
                }
                continue;
            }
            String root = canonical.substring(0, canonical.indexOf('.'));
            if (meanings.obscuring().contains(root) && reported.add(root)) {
                diagnostics.error(Site.of(type), "[FsmReservedName] the generated machine must name " + canonical
                        + ", but inside it the package name " + root + " means " + meanings.of(root)
                        + "; rename it or the type named " + simpleName);
            }
        }
    }

    private static String simpleName(String canonical) {
        return canonical.substring(canonical.lastIndexOf('.') + 1);
    }

    private static TypeElement topLevel(TypeElement type) {
        TypeElement at = type;
        while (at.getEnclosingElement() instanceof TypeElement enclosing) {
            at = enclosing;
        }
        return at;
    }

}
