package io.fsmgen.processor.analysis;

import io.fsmgen.processor.parse.Site;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Reports problems on the exact value that caused them, so that the IDE underlines the offending row or name.
 * Reporting never throws: the analysis carries on and reports every problem in one build.
 */
public class Diagnostics {

    /** One reported problem, as the analysis stated it. */
    public record Reported(Diagnostic.Kind kind, Site site, String message) {}

    private final Messager messager;
    private final List<Reported> recorded;
    private int errors;

    public Diagnostics(Messager messager) {
        this.messager = messager;
        this.recorded = null;
    }

    private Diagnostics(List<Reported> recorded) {
        this.messager = null;
        this.recorded = recorded;
    }

    /**
     * Keeps problems instead of printing them: a spec's analysis is recorded first, so that problems found on what it
     * inherits can be told apart from the ones its parent already reports (see {@link InheritedReports}).
     */
    static Diagnostics recording() {
        return new Diagnostics(new ArrayList<>());
    }

    /** What a recording instance kept, in order. */
    List<Reported> recorded() {
        return List.copyOf(recorded);
    }

    public void error(Site site, String message) {
        errors++;
        print(Diagnostic.Kind.ERROR, site, message);
    }

    public void warning(Site site, String message) {
        print(Diagnostic.Kind.WARNING, site, message);
    }

    /** Something the user should know that is not wrong: javac prints it, and {@code -Werror} does not count it. */
    public void note(Site site, String message) {
        print(Diagnostic.Kind.NOTE, site, message);
    }

    /** Whether any error was reported through this instance. */
    public boolean hasErrors() {
        return errors > 0;
    }

    /** Errors reported so far, over the whole processor run. */
    public int errorCount() {
        return errors;
    }

    private void print(Diagnostic.Kind kind, Site site, String message) {
        if (recorded != null) {
            recorded.add(new Reported(kind, site, message));
            return;
        }
        if (site.mirror().isPresent() && site.value().isPresent()) {
            messager.printMessage(kind, message, site.element(), site.mirror().get(), site.value().get());
        } else if (site.mirror().isPresent()) {
            messager.printMessage(kind, message, site.element(), site.mirror().get());
        } else {
            messager.printMessage(kind, message, site.element());
        }
    }
}
