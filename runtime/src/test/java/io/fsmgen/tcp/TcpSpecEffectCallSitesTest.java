package io.fsmgen.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpSpec} calls each {@link TcpEffects} method from at most one place in its bytecode. HotSpot inlines a call
 * through an interface only by the receiver types profiled at that call, and uses the profile only once the method
 * holding it has run about a thousand times; an action run once per connection gave, in some JVMs and not others, a
 * virtual call in the compiled {@code fire} ({@code BENCHMARKS.md}, section 2). One shared call per kind of effect
 * runs as often as all its actions together. This test reads the compiled class with {@code javap}, so it fails when
 * an action calls {@code effects} directly again.
 */
class TcpSpecEffectCallSitesTest {

    @Test
    void everyEffectHasOneCallSite() throws Exception {
        String bytecode = disassembled(TcpSpec.class);
        for (Method effect : TcpEffects.class.getDeclaredMethods()) {
            if (effect.isSynthetic() || Modifier.isStatic(effect.getModifiers())) {
                continue;
            }
            long sites = bytecode.lines()
                    .filter(line -> line.contains("invokeinterface")
                            && line.contains("io/fsmgen/tcp/TcpEffects." + effect.getName() + ":"))
                    .count();
            assertTrue(sites <= 1, "TcpSpec calls TcpEffects." + effect.getName() + " from " + sites + " places");
        }
        assertEquals(1, bytecode.lines().filter(line -> line.contains("TcpEffects.send:")).count(),
                "the segments' one call site");
    }

    private static String disassembled(Class<?> type) throws Exception {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new AssertionError("no javap"));
        Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = javap.run(new PrintWriter(out), new PrintWriter(err),
                "-c", "-p", "-cp", classes.toString(), type.getName());
        assertEquals(0, rc, () -> "javap on " + classes + " failed: " + err);
        return out.toString();
    }
}
