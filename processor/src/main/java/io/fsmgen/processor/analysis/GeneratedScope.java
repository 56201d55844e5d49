package io.fsmgen.processor.analysis;

import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
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
 * written qualified; a field named like the root of such a qualified name leaves no way to write it, and is an error.
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
        for (TypeElement supertype : supertypes) {
            ElementFilter.typesIn(supertype.getEnclosedElements())
                    .forEach(nested -> qualify.add(nested.getSimpleName().toString()));
        }
        Set<String> variables = new HashSet<>(MachineModel.GENERATED_VARIABLES);
        for (VariableElement field : ElementFilter.fieldsIn(elements.getAllMembers(type))) {
            if (!field.getModifiers().contains(Modifier.PRIVATE)) {
                variables.add(field.getSimpleName().toString());
            }
        }
        qualify.addAll(variables);
        PackageElement pkg = elements.getPackageOf(type);
        for (TypeElement sibling : ElementFilter.typesIn(pkg.getEnclosedElements())) {
            String name = sibling.getSimpleName().toString();
            if (!pkg.isUnnamed() && elements.getTypeElement("java.lang." + name) != null) {
                qualify.add(name);
            }
        }
        // Types the generated code names in expressions, where a variable of the same name would win.
        List<TypeMirror> inExpressions = new java.util.ArrayList<>(List.of(states, events,
                elements.getTypeElement("io.fsmgen.Ordinals").asType(),
                elements.getTypeElement(Names.TRANSITION_FAILURE).asType()));
        payload.ifPresent(inExpressions::add);
        for (TypeMirror used : inExpressions) {
            if (!(used instanceof DeclaredType declared)) {
                continue;
            }
            TypeElement topLevel = topLevel((TypeElement) declared.asElement());
            if (!qualify.contains(topLevel.getSimpleName().toString())) {
                continue;
            }
            PackageElement usedPackage = elements.getPackageOf(topLevel);
            String root = usedPackage.isUnnamed() ? "" : usedPackage.getQualifiedName().toString().split("\\.")[0];
            if (usedPackage.isUnnamed() || variables.contains(root)) {
                diagnostics.error(Site.of(type), "[FsmReservedName] the generated machine must name "
                        + topLevel.getQualifiedName() + ", but inside it " + (usedPackage.isUnnamed()
                                ? "the simple name " + topLevel.getSimpleName()
                                : "the package name " + root)
                        + " means a field or local variable; rename the field or the type");
            }
        }
        return qualify;
    }

    private static TypeElement topLevel(TypeElement type) {
        TypeElement at = type;
        while (at.getEnclosingElement() instanceof TypeElement enclosing) {
            at = enclosing;
        }
        return at;
    }

}
