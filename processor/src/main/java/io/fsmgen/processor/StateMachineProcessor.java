package io.fsmgen.processor;

import com.google.auto.service.AutoService;
import io.fsmgen.processor.analysis.AuxiliaryClasses;
import io.fsmgen.processor.analysis.Diagnostics;
import io.fsmgen.processor.analysis.LocalSpecs;
import io.fsmgen.processor.analysis.OnDemandImports;
import io.fsmgen.processor.analysis.PayloadIsMachine;
import io.fsmgen.processor.analysis.SpecAnalyzer;
import io.fsmgen.processor.codegen.MachineFiles;
import io.fsmgen.processor.model.MachineModel;
import io.fsmgen.processor.parse.Located;
import io.fsmgen.processor.parse.MissingTypeException;
import io.fsmgen.processor.parse.RoundMachines;
import io.fsmgen.processor.parse.Names;
import io.fsmgen.processor.parse.Site;
import io.fsmgen.processor.parse.SpecDeclaration;
import io.fsmgen.processor.parse.SpecReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Compiles {@code @StateMachine} specs into machine classes.
 *
 * <p>Per spec: read the annotation mirrors into a declaration that keeps positions ({@link SpecReader}); check it and
 * report every problem on the offending value ({@link SpecAnalyzer}); build an immutable {@link MachineModel}; write
 * the class and its diagrams ({@link MachineFiles}). A spec that refers to a type not generated yet is retried in the
 * next round. No exception escapes to javac: an internal failure becomes an error on the spec that names its cause.
 */
@AutoService(Processor.class)
public final class StateMachineProcessor extends AbstractProcessor {

    /** Specs waiting for a type that may be generated in a later round: qualified name → what was missing. */
    private final Map<String, String> deferred = new LinkedHashMap<>();
    /** Generated class names claimed so far in this compilation, to report collisions. */
    private final Map<String, String> claimedNames = new HashMap<>();

    private Diagnostics diagnostics;
    private SpecReader reader;
    private SpecAnalyzer analyzer;
    private MachineFiles files;
    private PayloadIsMachine payloadIsMachine;
    private AuxiliaryClasses auxiliaryClasses;

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        diagnostics = new Diagnostics(environment.getMessager());
        reader = new SpecReader();
        analyzer = new SpecAnalyzer(environment.getElementUtils(), environment.getTypeUtils(), diagnostics,
                claimedNames, OnDemandImports.of(environment));
        files = new MachineFiles(environment.getFiler(), environment.getElementUtils(), diagnostics);
        payloadIsMachine = PayloadIsMachine.of(environment);
        auxiliaryClasses = AuxiliaryClasses.of(environment, diagnostics);
        LocalSpecs.watch(environment, diagnostics);
    }

    /** fsmgen's annotations, and the {@code @Generated} on its machines, which {@code -Afsmgen.claim} claims. */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return AnnotationClaims.supported();
    }

    /** {@code -Afsmgen.debug}: an internal error also prints its stack trace. */
    static final String DEBUG_OPTION = "fsmgen.debug";

    /** {@code -Afsmgen.claim}: claim fsmgen's annotations, for {@code -Xlint:all -Werror}. */
    static final String CLAIM_OPTION = "fsmgen.claim";

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(DEBUG_OPTION, CLAIM_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        List<TypeElement> specs = new ArrayList<>();
        for (String name : deferred.keySet()) {
            Optional.ofNullable(processingEnv.getElementUtils().getTypeElement(name)).ifPresent(specs::add);
        }
        deferred.clear(); // each is retried below and deferred again if its type is still missing
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(Names.STATE_MACHINE);
        if (annotation != null) {
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (element instanceof TypeElement type && !specs.contains(type)) {
                    specs.add(type);
                } else if (!(element instanceof TypeElement)) {
                    diagnostics.error(Site.of(element), "[FsmSpecKind] @StateMachine goes on a class");
                }
            }
        }
        Set<String> machines = machineNames(specs);
        analyzer.newRound(machines);
        reader.newRound(new RoundMachines(machines));
        warnAboutHooksThatCannotRun(round);
        for (TypeElement spec : specs) {
            process(spec);
        }
        if (round.processingOver()) {
            reportStillDeferred();
        }
        // Unclaimed by default, so that a universal ("*") processor after fsmgen still runs; see AnnotationClaims.
        return processingEnv.getOptions().containsKey(CLAIM_OPTION)
                && AnnotationClaims.allOurs(annotations, round, StateMachineProcessor.class.getName());
    }

    /**
     * The qualified names of the machines {@code specs} generate: {@code @StateMachine(name)} or the spec's simple
     * name plus {@code Machine}, in the spec's package. Read straight from the annotation, before any analysis, so
     * that specs whose constructors take each other's machines can all be generated in one round.
     */
    private Set<String> machineNames(List<TypeElement> specs) {
        Set<String> names = new java.util.HashSet<>();
        for (TypeElement spec : specs) {
            machineName(spec).ifPresent(names::add);
        }
        return names;
    }

    /**
     * The qualified name of the machine {@code spec} generates, as {@link #machineNames} reads it; empty while its
     * {@code name} is a constant javac could not resolve (the spec is deferred and reported on it when it is read).
     */
    private Optional<String> machineName(TypeElement spec) {
        Optional<String> name;
        try {
            name = SpecReader.findAnnotation(spec, Names.STATE_MACHINE)
                    .flatMap(mirror -> SpecReader.string(spec, mirror, "name"))
                    .map(Located::value);
        } catch (MissingTypeException unresolved) {
            return Optional.empty();
        }
        String simpleName = SpecDeclaration.machineSimpleName(spec, name);
        String packageName = processingEnv.getElementUtils().getPackageOf(spec).getQualifiedName().toString();
        return Optional.of(packageName.isEmpty() ? simpleName : packageName + "." + simpleName);
    }

    /**
     * Reports a payload that is the spec's own machine, which can never exist before the machine is generated, and
     * says whether it did: the spec is then not read, rather than deferred until it ends as an undefined type.
     */
    private boolean reportedPayloadIsMachine(TypeElement spec) {
        Optional<AnnotationMirror> mirror = SpecReader.findAnnotation(spec, Names.STATE_MACHINE);
        Optional<String> machine = machineName(spec);
        Optional<PayloadIsMachine.Found> site = mirror.flatMap(annotation -> machine.flatMap(own ->
                payloadIsMachine.site(spec, annotation, own)));
        site.ifPresent(at -> diagnostics.error(at.site(), "[FsmPayloadIsMachine] payload is "
                + at.describe(machine.get()) + ", the machine this spec generates: it exists only once generated, and generating it needs the payload"
                + " type to check the methods that take it. The spec's methods already run on the machine (this); to"
                + " hand it another machine of its kind, take that in a constructor, which may take the spec's own"
                + " machine"));
        return site.isPresent();
    }

    private void process(TypeElement spec) {
        try {
            if (reportedPayloadIsMachine(spec)) {
                return;
            }
            Optional<SpecDeclaration> declaration = reader.read(spec);
            if (declaration.isEmpty()) {
                return;
            }
            Optional<MachineModel> model = analyzer.analyze(declaration.get());
            model.ifPresent(machine -> {
                files.write(machine, spec);
                auxiliaryClasses.note(machine);
            });
        } catch (MissingTypeException missing) {
            deferred.put(spec.getQualifiedName().toString(), missing.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError failure) {
            String where = failure.getStackTrace().length > 0 ? " at " + failure.getStackTrace()[0] : "";
            String trace = "";
            if (processingEnv.getOptions().containsKey(DEBUG_OPTION)) {
                StringWriter written = new StringWriter();
                failure.printStackTrace(new PrintWriter(written));
                trace = "\n" + written;
            }
            diagnostics.error(Site.of(spec), "[FsmInternalError] fsmgen failed on " + spec.getQualifiedName() + ": "
                    + failure + where + ". This is a bug in fsmgen, not in the spec: please report it with the spec"
                    + " (compile with -A" + DEBUG_OPTION + " to see the whole stack)" + trace);
        }
    }

    /**
     * A hook annotation on a method of a type that is not a spec and that no spec can extend (a final class, an enum,
     * a record) can never run. Hooks on other types may be inherited by a spec compiled later, so they are left alone.
     */
    private void warnAboutHooksThatCannotRun(RoundEnvironment round) {
        for (String name : Names.HOOKS) {
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(name);
            if (annotation == null) {
                continue;
            }
            for (Element method : round.getElementsAnnotatedWith(annotation)) {
                if (!(method.getEnclosingElement() instanceof TypeElement owner)
                        || SpecReader.findAnnotation(owner, Names.STATE_MACHINE).isPresent()) {
                    continue;
                }
                boolean sealedOff = owner.getKind() == javax.lang.model.element.ElementKind.ENUM
                        || owner.getKind() == javax.lang.model.element.ElementKind.RECORD
                        || (owner.getKind() == javax.lang.model.element.ElementKind.CLASS
                                && owner.getModifiers().contains(javax.lang.model.element.Modifier.FINAL));
                if (sealedOff) {
                    SpecReader.findAnnotation(method, name).ifPresent(mirror -> diagnostics.warning(
                            Site.of(method, mirror), "[FsmUnusedHook] @" + annotation.getSimpleName() + " on "
                                    + owner.getSimpleName() + "." + method.getSimpleName() + "() never runs: "
                                    + owner.getSimpleName() + " is not a @StateMachine spec, and no spec can extend"
                                    + " it"));
                }
            }
        }
    }

    /**
     * Reports a payload that is the machine of another spec that is never generated either (two specs whose payloads
     * are each other's machines, or a spec whose own error keeps its machine from being generated), and says whether
     * it did.
     */
    private boolean reportedPayloadOfWaitingMachine(TypeElement spec, Map<String, String> waitingMachines) {
        Optional<AnnotationMirror> mirror = SpecReader.findAnnotation(spec, Names.STATE_MACHINE);
        for (Map.Entry<String, String> waiting : waitingMachines.entrySet()) {
            Optional<PayloadIsMachine.Found> site = mirror.flatMap(annotation -> payloadIsMachine.site(spec,
                    annotation, waiting.getKey()));
            if (site.isPresent()) {
                diagnostics.error(site.get().site(), "[FsmPayloadIsMachine] payload is "
                        + site.get().describe(waiting.getKey()) + ", the machine"
                        + " of " + waiting.getValue() + ", which is never generated (see the error on it); a machine"
                        + " is generated from its payload type, so this one cannot be either. Payloads that are each"
                        + " other's machines never can: to hand one machine another, take it in a constructor, which"
                        + " may take a machine generated in the same round");
                return true;
            }
        }
        return false;
    }

    /** Reports each spec still waiting, on the value that names the missing type or constant when there is one. */
    private void reportStillDeferred() {
        Map<String, String> waitingMachines = new HashMap<>(); // machine → its spec, both never generated
        deferred.keySet().forEach(name -> Optional.ofNullable(processingEnv.getElementUtils().getTypeElement(name))
                .flatMap(this::machineName)
                .ifPresent(machine -> waitingMachines.put(machine, name)));
        deferred.forEach((name, missing) -> {
            TypeElement spec = processingEnv.getElementUtils().getTypeElement(name);
            if (spec == null || reportedPayloadOfWaitingMachine(spec, waitingMachines)) {
                return;
            }
            Site site = Site.of(spec);
            String what = missing;
            try {
                // Read and analyse again, printing nothing new, only to find where the missing thing is named.
                reader.read(spec).ifPresent(analyzer::locateMissing);
            } catch (MissingTypeException again) {
                site = again.site().orElse(site);
                what = again.getMessage();
            } catch (RuntimeException unexpected) {
                // Reported below with what was known when the spec was deferred.
            }
            diagnostics.error(site, "[FsmUndefinedType] no machine generated for " + name + ": " + what
                    + " refers to a type or constant that does not exist, is not accessible from the spec, or is not"
                    + " a value of the right type (javac's own error on it says which)");
        });
        deferred.clear();
    }
}
