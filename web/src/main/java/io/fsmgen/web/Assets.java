package io.fsmgen.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The page's files, served from this module's resources: nothing is fetched from elsewhere. */
final class Assets {

    private static final String ROOT = "io/fsmgen/web/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private Assets() {}

    /** A served file. */
    record Asset(String contentType, byte[] bytes) {}

    /** The file at {@code name} ("index.html", "app.js"); empty for anything not shipped. */
    static Optional<Asset> find(String name) {
        if (!name.matches("[a-z0-9-]+\\.[a-z]+")) {
            return Optional.empty(); // no path traversal, no directories
        }
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page's " + name, e);
        }
    }
}
