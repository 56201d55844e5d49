package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.Diagrams;
import io.fsmgen.Dispatch;
import io.fsmgen.Unhandled;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.model.Flattening;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a spec declaration and turns it into a {@link MachineModel}. Reports every problem it finds in one pass,
 * each on the value that caused it, and returns a model only when there was none.
 */
public final class SpecAnalyzer {

    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;
    private final SpecClassChecks specClass;
    /** Specs compiled from source in this build, which report the problems of their own rows. */
    private final Set<String> sourceSpecs;
    private final ExtendedStateFields extendedState;

    public SpecAnalyzer(Elements elements, Types types, Diagnostics diagnostics, Map<String, String> claimedNames,
            Set<String> sourceSpecs) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
        this.specClass = new SpecClassChecks(elements, diagnostics, claimedNames);
        this.sourceSpecs = sourceSpecs;
        this.extendedState = new ExtendedStateFields(elements, diagnostics, sourceSpecs);
    }

    public Optional<MachineModel> analyze(SpecDeclaration spec) {
        int errorsBefore = diagnostics.errorCount();
        TypeElement type = spec.type();
        specClass.checkExtendable(spec);
        List<ConstructorModel> constructors = specClass.constructors(spec);
        Optional<ClassName> machineName = specClass.machineName(spec);

        Optional<NameTable> states = enumTable(spec, "state", SpecDeclaration::states, "states");
        Optional<NameTable> events = enumTable(spec, "event", SpecDeclaration::events, "events");
        Optional<Located<TypeMirror>> payload = inherited(spec, SpecDeclaration::payload).map(this::withWildcards);
        payload.filter(p -> p.value().getKind() != TypeKind.DECLARED).ifPresent(p -> diagnostics.error(p.site(),
                "[FsmPrimitivePayload] payload must be a class or interface type, but is " + p.value()
                        + (p.value().getKind().isPrimitive() ? "; use its wrapper class" : "")));
        payload.ifPresent(p -> specClass.checkAccessible(spec, p, "payload"));
        if (states.isEmpty() || events.isEmpty() || diagnostics.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        NameTable stateTable = states.get();
        NameTable eventTable = events.get();

        Optional<Integer> initial = inherited(spec, SpecDeclaration::initial)
                .map(name -> stateTable.resolve(name, diagnostics))
                .orElseGet(() -> {
                    diagnostics.error(spec.site(), "[FsmMissingAttribute] initial is required: name the state a new"
                            + " machine starts in");
                    return Optional.empty();
                });
        Set<Integer> finalStates = new HashSet<>();
        inherited(spec, SpecDeclaration::finalStates).orElse(List.of())
                .forEach(name -> stateTable.resolve(name, diagnostics).ifPresent(finalStates::add));

        TypeMirror eventType = eventTable.type().value();
        MethodResolver methods = new MethodResolver(elements, types, type, eventType,
                payload.map(Located::value), diagnostics);
        HierarchyBuilder hierarchyBuilder = new HierarchyBuilder(stateTable, eventTable, diagnostics);
        Optional<HierarchyModel> hierarchy = hierarchyBuilder.build(spec);
        TableBuilder table = new TableBuilder(type, stateTable, eventTable, methods, diagnostics, sourceSpecs, hierarchy,
                hierarchyBuilder.failed());
        Optional<List<List<CellModel>>> cells = table.build(spec);
        if (hierarchy.isPresent() && cells.isPresent()) {
            hierarchyBuilder.checkDeferredAndHandled(spec, table.declaredTable());
            cells = Optional.of(new Flattening(hierarchy.get(), table.declaredTable()).cells());
        }
        Optional<Hooks> hooks =
                new HookCollector(elements, types, stateTable, eventTable, methods, diagnostics).collect(type);
        if (type.getKind() == ElementKind.CLASS) {
            new GeneratedApiCheck(elements, types, diagnostics).check(type,
                    stateTable.type().value(), eventType,
                    payload.map(Located::value), methods);
        }
        Optional<List<SnapshotModel.Field>> captured = extendedState.collect(type);
        String schedulerMethod = inherited(spec, SpecDeclaration::scheduler).map(Located::value).orElse("scheduler");
        hooks.filter(h -> !h.timeouts().isEmpty()).ifPresent(h -> checkScheduler(spec, schedulerMethod));
        boolean complete = inherited(spec, SpecDeclaration::complete).map(Located::value).orElse(false);
        if (complete && cells.isPresent()) {
            checkComplete(spec, stateTable, eventTable, cells.get(), hierarchy);
        }
        if (diagnostics.errorCount() > errorsBefore || cells.isEmpty() || hooks.isEmpty() || initial.isEmpty()
                || machineName.isEmpty() || captured.isEmpty() || hierarchyBuilder.failed()) {
            return Optional.empty();
        }
        if (!suppressesWarnings(type)) {
            new GraphChecks(stateTable, eventTable, diagnostics, hierarchy).check(stateTable.type().site(),
                    eventTable.type().site(), initial.get(),
                    cells.get(), hooks.get().timeouts(), finalStates);
        }

        List<StateModel> stateModels = new ArrayList<>();
        for (int state = 0; state < stateTable.size(); state++) {
            stateModels.add(new StateModel(
                    stateTable.name(state),
                    state,
                    hooks.get().entry().get(state),
                    hooks.get().exit().get(state),
                    hooks.get().timeoutsByState().get(state),
                    cells.get().get(state),
                    finalStates.contains(state)));
        }
        ClassName stateType = (ClassName) TypeName.get(stateTable.type().value());
        SnapshotModel snapshot = SnapshotModel.of(machineName.get(), stateType, stateTable.names(),
                hooks.get().timeouts(), captured.get());
        return Optional.of(new MachineModel(
                ClassName.get(type),
                machineName.get(),
                stateType,
                (ClassName) TypeName.get(eventType),
                payload.map(p -> TypeName.get(p.value())),
                stateTable.names(),
                eventTable.names(),
                initial.get(),
                inherited(spec, SpecDeclaration::unhandled).map(Located::value).orElse(Unhandled.IGNORE),
                stateModels,
                hooks.get().timeouts(),
                constructors,
                schedulerMethod,
                ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
                        .map(method -> method.getSimpleName().toString())
                        .collect(Collectors.toSet()),
                hierarchy.map(h -> snapshot.withHierarchy(h, stateTable.names(), eventTable.names())).orElse(snapshot),
                hierarchy,
                inherited(spec, SpecDeclaration::dispatch).map(Located::value).orElse(Dispatch.AUTO),
                inherited(spec, SpecDeclaration::diagrams).map(Located::value).orElse(Diagrams.AUTO)));
    }

    /**
     * A generic payload class such as {@code List} becomes {@code List<?>}, so that generated code uses no raw type
     * and guards or actions may take {@code List<?>}.
     */
    private Located<TypeMirror> withWildcards(Located<TypeMirror> payload) {
        if (payload.value() instanceof DeclaredType declared) {
            TypeElement element = (TypeElement) declared.asElement();
            if (!element.getTypeParameters().isEmpty() && declared.getTypeArguments().isEmpty()) {
                TypeMirror[] wildcards = element.getTypeParameters().stream()
                        .map(parameter -> types.getWildcardType(null, null))
                        .toArray(TypeMirror[]::new);
                return new Located<>(types.getDeclaredType(element, wildcards), payload.site());
            }
        }
        return payload;
    }

    private static boolean suppressesWarnings(TypeElement type) {
        SuppressWarnings suppressed = type.getAnnotation(SuppressWarnings.class);
        return suppressed != null && java.util.Arrays.asList(suppressed.value()).contains("fsmgen");
    }

    /** The nearest value set on this spec or an ancestor: unset attributes are inherited. */
    private static <T> Optional<T> inherited(SpecDeclaration spec, Function<SpecDeclaration, Optional<T>> attribute) {
        for (Optional<SpecDeclaration> at = Optional.of(spec); at.isPresent(); at = at.get().parent()) {
            Optional<T> value = attribute.apply(at.get());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private Optional<NameTable> enumTable(SpecDeclaration spec, String kind,
            Function<SpecDeclaration, Optional<Located<TypeMirror>>> attribute, String member) {
        Optional<Located<TypeMirror>> type = inherited(spec, attribute);
        if (type.isEmpty()) {
            diagnostics.error(spec.site(), "[FsmMissingAttribute] " + member + " is required: name the enum of "
                    + kind + "s");
            return Optional.empty();
        }
        TypeMirror mirror = type.get().value();
        if (mirror.getKind() != TypeKind.DECLARED
                || ((DeclaredType) mirror).asElement().getKind() != ElementKind.ENUM) {
            diagnostics.error(type.get().site(), "[FsmNotEnum] " + member + " must be an enum, but " + mirror
                    + " is not");
            return Optional.empty();
        }
        TypeElement enumType = (TypeElement) ((DeclaredType) mirror).asElement();
        if (!specClass.checkAccessible(spec, type.get(), member)) {
            return Optional.empty();
        }
        List<String> constants = enumType.getEnclosedElements().stream()
                .filter(element -> element.getKind() == ElementKind.ENUM_CONSTANT)
                .map(element -> element.getSimpleName().toString())
                .toList();
        if (constants.isEmpty()) {
            diagnostics.error(type.get().site(), "[FsmEmptyEnum] " + member + " enum " + enumType.getSimpleName()
                    + " has no constants");
            return Optional.empty();
        }
        return Optional.of(new NameTable(kind, enumType.getSimpleName().toString(), constants, type.get()));
    }

    private void checkScheduler(SpecDeclaration spec, String name) {
        TypeMirror scheduler = elements.getTypeElement(Names.SCHEDULER).asType();
        boolean found = ElementFilter.methodsIn(elements.getAllMembers(spec.type())).stream()
                .anyMatch(method -> method.getSimpleName().contentEquals(name)
                        && method.getParameters().isEmpty()
                        && !method.getModifiers().contains(Modifier.PRIVATE)
                        && types.isAssignable(method.getReturnType(), scheduler));
        if (!found) {
            Site site = inherited(spec, SpecDeclaration::scheduler).map(Located::site).orElse(spec.site());
            diagnostics.error(site, name.isBlank()
                    ? "[FsmMissingScheduler] scheduler = \"\" names no method; the spec declares timeouts, so name"
                            + " a non-private method returning io.fsmgen.Scheduler that the machine uses to arm them"
                    : "[FsmMissingScheduler] the spec declares timeouts, so it needs a non-private method"
                            + " 'io.fsmgen.Scheduler " + name + "()' that the machine uses to arm them");
        }
    }

    /** Every leaf must decide every event, by a row of its own or inherited, or by deferring it. */
    private void checkComplete(SpecDeclaration spec, NameTable states, NameTable events,
            List<List<CellModel>> cells, Optional<HierarchyModel> hierarchy) {
        Site site = inherited(spec, SpecDeclaration::complete).map(Located::site).orElse(spec.site());
        for (int state = 0; state < states.size(); state++) {
            if (hierarchy.isPresent() && hierarchy.get().isComposite(state)) {
                continue;
            }
            Set<Integer> decided = cells.get(state).stream()
                    .filter(CellModel::hasFallback)
                    .map(CellModel::event)
                    .collect(Collectors.toSet());
            List<String> undecided = new ArrayList<>();
            for (int event = 0; event < events.size(); event++) {
                if (!decided.contains(event)) {
                    undecided.add(events.name(event));
                }
            }
            if (!undecided.isEmpty()) {
                diagnostics.error(site, "[FsmIncomplete] complete = true, but state " + states.name(state)
                        + " does not decide " + String.join(", ", undecided) + ": add a row without a guard for"
                        + " each (an explicit stay documents the choice)");
            }
        }
    }
}
