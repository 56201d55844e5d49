package io.fsmgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.fsmgen.Diagrams;
import io.fsmgen.Dispatch;
import io.fsmgen.Unhandled;
import io.fsmgen.processor.analysis.Diagnostics.Reported;
import io.fsmgen.processor.model.CellModel;
import io.fsmgen.processor.model.ConstructorModel;
import io.fsmgen.processor.model.Flattening;
import io.fsmgen.processor.model.HierarchyModel;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.model.SnapshotModel;
import io.fsmgen.processor.model.StateModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.SpecDeclaration;
import io.fsmgen.processor.parse.SpecReader;
import java.util.ArrayList;
import java.util.HashMap;
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
 * each on the value that caused it, and returns a model only when there was none. Problems are recorded first and
 * then printed by {@link InheritedReports}, so that a child spec reports only what it causes itself.
 */
public final class SpecAnalyzer {

    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;
    private final Map<String, String> claimedNames;
    private final OnDemandImports imports;
    /** What each parent spec's own analysis found, by qualified name, for the current round. */
    private final Map<String, List<Reported>> parentProblems = new HashMap<>();
    /** The qualified names of the machines this round's specs generate, which their constructors may take. */
    private java.util.Set<String> roundMachines = java.util.Set.of();

    /** @param imports what the specs' files import on demand, which their machines' names must not shadow */
    public SpecAnalyzer(Elements elements, Types types, Diagnostics diagnostics, Map<String, String> claimedNames,
            OnDemandImports imports) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
        this.claimedNames = claimedNames;
        this.imports = imports;
    }

    /**
     * Elements are round-scoped: forget what was learnt about parents in the previous round. {@code machines}: the
     * qualified names of the machines this round's specs generate.
     */
    public void newRound(java.util.Set<String> machines) {
        parentProblems.clear();
        roundMachines = java.util.Set.copyOf(machines);
    }

    public Optional<MachineModel> analyze(SpecDeclaration spec) {
        Diagnostics recording = Diagnostics.recording();
        Optional<MachineModel> model = analyze(spec, recording, true);
        List<Reported> inherited = spec.parent().map(this::problemsOf).orElse(List.of());
        new InheritedReports(diagnostics).print(spec, recording.recorded(), inherited, machineLabel(spec),
                model.isPresent());
        return model;
    }

    /**
     * Analyses {@code spec} without printing anything, so that a {@link io.fsmgen.processor.parse.MissingTypeException}
     * thrown by a value read during analysis (a hook's state, a timeout's event) names where it was written.
     */
    public void locateMissing(SpecDeclaration spec) {
        analyze(spec, Diagnostics.recording(), false);
    }

    private List<Reported> problemsOf(SpecDeclaration parent) {
        String name = parent.type().getQualifiedName().toString();
        List<Reported> known = parentProblems.get(name);
        if (known == null) {
            Diagnostics recording = Diagnostics.recording();
            analyze(parent, recording, false);
            known = recording.recorded();
            parentProblems.put(name, known);
        }
        return known;
    }

    private static String machineLabel(SpecDeclaration spec) {
        return spec.name().map(Located::value).orElse(spec.type().getSimpleName() + "Machine");
    }

    /** @param claim whether the machine name is claimed: false when a parent is analysed for its child's sake */
    private Optional<MachineModel> analyze(SpecDeclaration spec, Diagnostics diagnostics, boolean claim) {
        TypeElement type = spec.type();
        SpecClassChecks specClass = new SpecClassChecks(elements, types, diagnostics, roundMachines);
        specClass.checkExtendable(spec);
        List<ConstructorModel> constructors = specClass.constructors(spec);
        Optional<ClassName> machineName = new MachineNameChecks(elements, diagnostics, claimedNames, imports)
                .machineName(spec, claim);

        Optional<NameTable> states = enumTable(spec, "state", SpecDeclaration::states, "states", specClass,
                diagnostics);
        Optional<NameTable> events = enumTable(spec, "event", SpecDeclaration::events, "events", specClass,
                diagnostics);
        Optional<Located<TypeMirror>> payload = inherited(spec, SpecDeclaration::payload)
                .filter(p -> !SpecReader.isVoid(p.value()))
                .map(this::withWildcards);
        payload.filter(p -> p.value().getKind() != TypeKind.DECLARED).ifPresent(p -> diagnostics.error(p.site(),
                "[FsmPrimitivePayload] payload must be a class or interface type, but is " + p.value()
                        + (p.value().getKind().isPrimitive() ? "; use its wrapper class" : "")));
        payload.ifPresent(p -> specClass.checkAccessible(spec, p, "payload"));
        if (payload.isPresent() && events.isPresent()
                && types.isSameType(types.erasure(payload.get().value()), events.get().type().value())) {
            diagnostics.error(payload.get().site(), "[FsmPayloadIsEvent] payload is the event type "
                    + TypeNames.simple(payload.get().value()) + ": a method taking it would get the event, never the"
                    + " payload; wrap the second event in a type of its own");
        }
        if (states.isEmpty() || events.isEmpty() || diagnostics.errorCount() > 0) {
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
        Optional<Located<String>> errorStateName = inherited(spec, SpecDeclaration::errorState)
                .filter(name -> !name.value().isEmpty());
        Optional<Integer> errorState = errorStateName.flatMap(name -> stateTable.resolve(name, diagnostics));

        TypeMirror eventType = eventTable.type().value();
        MethodResolver methods = new MethodResolver(elements, types, type, eventType,
                payload.map(Located::value), diagnostics);
        HierarchyBuilder hierarchyBuilder = new HierarchyBuilder(stateTable, eventTable, diagnostics);
        Optional<HierarchyModel> hierarchy = hierarchyBuilder.build(spec);
        Optional<Located<Dispatch>> dispatch = inherited(spec, SpecDeclaration::dispatch);
        if (hierarchy.isPresent()) {
            dispatch.filter(d -> d.value() == Dispatch.TABLE).ifPresent(d -> diagnostics.warning(d.site(),
                    "[FsmDispatchIgnored] dispatch = TABLE does not apply to a machine with composites or deferrals,"
                            + " which keeps the nested switch: its transitions enter and leave along paths through"
                            + " the composites, which the table's plain cells would skip"));
        } else {
            dispatch.filter(d -> d.value() == Dispatch.TABLE)
                    .filter(d -> !MachineModel.cellCodesFitAChar(stateTable.names().size(), eventTable.names().size()))
                    .ifPresent(d -> diagnostics.warning(d.site(), "[FsmDispatchIgnored] dispatch = TABLE does not"
                            + " apply to " + stateTable.names().size() + " states x " + eventTable.names().size()
                            + " events, whose cell codes would not fit the table's chars (at most 65,535): the"
                            + " machine keeps the nested switch"));
        }
        TableBuilder table = new TableBuilder(stateTable, eventTable, methods, diagnostics, hierarchy,
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
                    payload.map(Located::value), hierarchy.isPresent(), methods);
        }
        Optional<List<SnapshotModel.Field>> captured = new ExtendedStateFields(elements, types, diagnostics).collect(type);
        String schedulerMethod = inherited(spec, SpecDeclaration::scheduler).map(Located::value).orElse("scheduler");
        hooks.filter(h -> !h.timeouts().isEmpty())
                .ifPresent(h -> new SchedulerCheck(elements, types, diagnostics, methods)
                        .check(spec, inherited(spec, SpecDeclaration::scheduler), schedulerMethod));
        boolean complete = inherited(spec, SpecDeclaration::complete).map(Located::value).orElse(false);
        if (complete && cells.isPresent() && !hierarchyBuilder.failed()) {
            checkComplete(spec, stateTable, eventTable, cells.get(), hierarchy, diagnostics);
        }
        if (hooks.isPresent() && !hierarchyBuilder.failed()) {
            TimeoutTargets timeoutTargets = new TimeoutTargets(stateTable, eventTable, diagnostics, hierarchy);
            timeoutTargets.checkNotNested(hooks.get());
            if (cells.isPresent()) {
                timeoutTargets.check(hooks.get(), cells.get());
            }
        }
        List<String> fieldTypes = captured.orElse(List.of()).stream()
                .filter(field -> field.type() instanceof ClassName)
                .map(field -> ((ClassName) field.type()).topLevelClassName().canonicalName())
                .collect(Collectors.toList());
        GeneratedScope.Scope scope = new GeneratedScope(elements, types, diagnostics).typeNamesToQualify(spec,
                stateTable.type().value(), eventType, payload.map(Located::value), fieldTypes);
        if (diagnostics.errorCount() > 0 || cells.isEmpty() || hooks.isEmpty() || initial.isEmpty()
                || machineName.isEmpty() || (errorStateName.isPresent() && errorState.isEmpty())
                || captured.isEmpty() || hierarchyBuilder.failed()) {
            return Optional.empty();
        }
        if (!suppressesWarnings(type)) {
            new GraphChecks(stateTable, eventTable, diagnostics, hierarchy).check(stateTable.type().site(),
                    eventTable.type().site(), initial.get(), errorState,
                    cells.get(), hooks.get().timeouts(), finalStates);
            table.warnShadowedWildcards(spec, cells.get());
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
        ClassName stateType = ClassName.get((TypeElement) ((DeclaredType) stateTable.type().value()).asElement());
        SnapshotModel snapshot = SnapshotModel.of(machineName.get(), stateType, stateTable.names(),
                hooks.get().timeouts(), captured.get());
        return Optional.of(new MachineModel(
                ClassName.get(type),
                machineName.get(),
                stateType,
                ClassName.get((TypeElement) ((DeclaredType) eventType).asElement()),
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
                ElementFilter.fieldsIn(elements.getAllMembers(type)).stream()
                        .filter(field -> !field.getModifiers().contains(Modifier.PRIVATE))
                        .map(field -> field.getSimpleName().toString())
                        .collect(Collectors.toSet()),
                hierarchy.map(h -> snapshot.withHierarchy(h, stateTable.names(), eventTable.names())).orElse(snapshot),
                hierarchy,
                errorState,
                hooks.get().errorHandlers(),
                scope.qualify(),
                scope.obscuring(),
                dispatch.map(Located::value).orElse(Dispatch.AUTO),
                inherited(spec, SpecDeclaration::diagrams).map(Located::value).orElse(Diagrams.AUTO)));
    }

    /**
     * A generic payload class such as {@code List} becomes {@code List<?>}, so that generated code uses no raw type
     * and guards or actions may take {@code List<?>}; an inner class of a generic class becomes
     * {@code Outer<?>.Inner}.
     */
    private Located<TypeMirror> withWildcards(Located<TypeMirror> payload) {
        if (payload.value() instanceof DeclaredType declared) {
            return new Located<>(wildcards((TypeElement) declared.asElement()), payload.site());
        }
        return payload;
    }

    private TypeMirror wildcards(TypeElement element) {
        TypeMirror[] arguments = element.getTypeParameters().stream()
                .map(parameter -> types.getWildcardType(null, null))
                .toArray(TypeMirror[]::new);
        boolean inner = element.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
                && !element.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
                && element.getEnclosingElement() instanceof TypeElement outer
                && outer.getKind().isClass();
        if (inner) {
            DeclaredType outerType = (DeclaredType) wildcards((TypeElement) element.getEnclosingElement());
            return types.getDeclaredType(outerType, element, arguments);
        }
        return types.getDeclaredType(element, arguments);
    }

    private static boolean suppressesWarnings(TypeElement type) {
        SuppressWarnings suppressed = type.getAnnotation(SuppressWarnings.class);
        return suppressed != null && java.util.Arrays.asList(suppressed.value()).contains("fsmgen");
    }

    /** The nearest value set on this spec or an ancestor: unset attributes are inherited. */
    static <T> Optional<T> inherited(SpecDeclaration spec, Function<SpecDeclaration, Optional<T>> attribute) {
        for (Optional<SpecDeclaration> at = Optional.of(spec); at.isPresent(); at = at.get().parent()) {
            Optional<T> value = attribute.apply(at.get());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private Optional<NameTable> enumTable(SpecDeclaration spec, String kind,
            Function<SpecDeclaration, Optional<Located<TypeMirror>>> attribute, String member,
            SpecClassChecks specClass, Diagnostics diagnostics) {
        Optional<Located<TypeMirror>> type = inherited(spec, attribute);
        if (type.isEmpty()) {
            diagnostics.error(spec.site(), "[FsmMissingAttribute] " + member + " is required: name the enum of "
                    + kind + "s");
            return Optional.empty();
        }
        TypeMirror mirror = type.get().value();
        if (mirror.getKind() != TypeKind.DECLARED
                || ((DeclaredType) mirror).asElement().getKind() != ElementKind.ENUM) {
            diagnostics.error(type.get().site(), "[FsmNotEnum] " + member + " must be an enum, but "
                    + TypeNames.simple(mirror) + " is not");
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
        return Optional.of(new NameTable(kind, enumType.getSimpleName().toString(), constants,
                new Located<>(types.erasure(mirror), type.get().site())));
    }

    /** Every leaf must decide every event, by a row of its own or inherited, or by deferring it. */
    private void checkComplete(SpecDeclaration spec, NameTable states, NameTable events,
            List<List<CellModel>> cells, Optional<HierarchyModel> hierarchy, Diagnostics diagnostics) {
        io.fsmgen.processor.parse.Site site =
                inherited(spec, SpecDeclaration::complete).map(Located::site).orElse(spec.site());
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
