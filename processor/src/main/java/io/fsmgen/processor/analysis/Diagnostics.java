package io.fsmgen.processor.analysis;

import io.fsmgen.processor.parse.Site;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Reports problems on the exact value that caused them, so that the IDE underlines the offending row or name.
 * Reporting never throws: the analysis carries on and reports every problem in one build.
 */
public class Diagnostics {

    private final Messager messager;
    private int errors;

    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    /** Counts errors without printing them: for problems that another spec of this compilation reports itself. */
    static Diagnostics muted() {
        return new Diagnostics(null);
    }

    /**
     * Reports on {@code site} instead, prefixing each message: for rows inherited from a class compiled earlier,
     * whose own positions javac cannot show.
     */
    Diagnostics redirectedTo(Site site, String prefix) {
        Diagnostics parent = this;
        return new Diagnostics(messager) {
            @Override
            public void error(Site ignored, String message) {
                parent.error(site, prefix + message);
            }

            @Override
            public void warning(Site ignored, String message) {
                parent.warning(site, prefix + message);
            }
        };
    }

    public void error(Site site, String message) {
        errors++;
        print(Diagnostic.Kind.ERROR, site, message);
    }

    public void warning(Site site, String message) {
        print(Diagnostic.Kind.WARNING, site, message);
    }

    /** Errors reported so far, over the whole processor run. */
    public int errorCount() {
        return errors;
    }

    private void print(Diagnostic.Kind kind, Site site, String message) {
        if (messager == null) {
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
