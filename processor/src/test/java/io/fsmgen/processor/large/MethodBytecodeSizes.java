package io.fsmgen.processor.large;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * The bytecode length of each method of a class compile-testing produced, read with the JDK's own {@code javap}:
 * the offset of a method's last instruction plus that instruction's length. The generated dispatch is written so
 * that its methods stay under HotSpot's inlining limits, and only the class file can say whether they do.
 */
final class MethodBytecodeSizes {

    private static final Pattern METHOD = Pattern.compile("^  [^ ].*?([A-Za-z_$][\\w$]*)\\(.*\\);$");
    private static final Pattern INSTRUCTION = Pattern.compile("^ +(\\d+): (\\w+)");

    private MethodBytecodeSizes() {}

    /** Method name to its bytecode length, for the methods of {@code binaryName} that have code. */
    static Map<String, Integer> of(Compilation compilation, String binaryName) throws IOException {
        JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
                binaryName.replace('.', '/') + ".class").orElseThrow();
        Path classFile = Files.createTempFile("fsmgen-sizes", ".class");
        try {
            try (InputStream in = file.openInputStream()) {
                Files.write(classFile, in.readAllBytes());
            }
            StringWriter out = new StringWriter();
            int exit = ToolProvider.findFirst("javap").orElseThrow()
                    .run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", classFile.toString());
            if (exit != 0) {
                throw new IllegalStateException("javap exited with " + exit + ":\n" + out);
            }
            return lengths(out.toString());
        } finally {
            Files.deleteIfExists(classFile);
        }
    }

    private static Map<String, Integer> lengths(String listing) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        String method = null;
        int lastOffset = -1;
        String lastOpcode = null;
        for (String line : listing.split("\n")) {
            Matcher header = METHOD.matcher(line);
            if (header.matches()) {
                record(lengths, method, lastOffset, lastOpcode);
                method = header.group(1);
                lastOffset = -1;
                continue;
            }
            Matcher instruction = INSTRUCTION.matcher(line);
            if (method != null && instruction.find()) {
                lastOffset = Integer.parseInt(instruction.group(1));
                lastOpcode = instruction.group(2);
            }
        }
        record(lengths, method, lastOffset, lastOpcode);
        return lengths;
    }

    /** A method ends in a return or a throw, each one byte long. */
    private static void record(Map<String, Integer> lengths, String method, int lastOffset, String lastOpcode) {
        if (method == null || lastOffset < 0) {
            return;
        }
        if (!lastOpcode.endsWith("return") && !lastOpcode.equals("athrow")) {
            throw new IllegalStateException(method + " ends in " + lastOpcode + ", not a return or a throw");
        }
        lengths.merge(method, lastOffset + 1, Math::max);
    }
}
