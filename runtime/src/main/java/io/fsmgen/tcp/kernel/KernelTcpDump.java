package io.fsmgen.tcp.kernel;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Prints the kernel's TCP table once, {@code ss -tan}-style, then the count per state. Why: a quick
 * way to compare this package's decoding with {@code ss -tan} on the same host, and to see what the
 * runtime will see. Run with {@code java -cp runtime/target/classes io.fsmgen.tcp.kernel.KernelTcpDump}.
 */
public final class KernelTcpDump {

    private KernelTcpDump() {
    }

    /** Prints one snapshot of {@code /proc/net}, or says the table is unobserved; no arguments. */
    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        KernelTcpTable table = new KernelTcpTable();
        if (!table.isAvailable()) {
            out.println("unobserved: " + table.root().resolve("tcp") + " does not exist (not Linux?)");
            return;
        }
        KernelTcpSnapshot s = table.snapshot();
        out.print(s.render());
        out.println(s.countsByState());
        s.problems().forEach(p -> out.println("malformed: " + p));
    }
}
