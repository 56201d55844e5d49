package io.fsmgen.tcp.nio;

/**
 * How the registry, leak reports and pages name a handler: its {@code toString()}, which is the application's code.
 * One that throws must not stop the registry from being read (a page would freeze on its last good view, a leak go
 * unreported), so the failure is named in its place.
 */
final class HandlerName {

    private HandlerName() {}

    static String of(Object handler) {
        try {
            return String.valueOf(handler);
        } catch (RuntimeException | StackOverflowError e) {
            return handler.getClass().getName() + " (its toString() threw " + e.getClass().getSimpleName() + ")";
        }
    }
}
