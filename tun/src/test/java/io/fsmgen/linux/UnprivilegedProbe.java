package io.fsmgen.linux;

import java.io.IOException;

/** Run by {@link UnprivilegedTest} as user nobody: prints what each entry point says without root. */
public final class UnprivilegedProbe {

    private UnprivilegedProbe() {
    }

    public static void main(String[] args) {
        System.out.println("tun: " + TunDevice.unavailableReason().orElse("available"));
        System.out.println("netns: " + NetworkNamespace.unavailableReason().orElse("available"));
        try (TunDevice device = TunDevice.open("fsmtprobe")) {
            System.out.println("open: opened " + device);
        } catch (IOException e) {
            System.out.println("open: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try (NetworkNamespace namespace = NetworkNamespace.create("probe")) {
            System.out.println("create: created " + namespace);
        } catch (IOException e) {
            System.out.println("create: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
