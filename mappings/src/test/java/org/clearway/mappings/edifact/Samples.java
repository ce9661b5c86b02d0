package org.clearway.mappings.edifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the shared sample interchanges (specs/samples), falling back to the module's own copies. */
final class Samples {

    private Samples() {}

    static byte[] bytes(String name) {
        return org.clearway.mappings.SampleFiles.bytes(name, "/edifact/samples/");
    }

    /** Test data of this module under src/test/resources/edifact/. */
    static byte[] resource(String path) {
        try (InputStream in = Samples.class.getResourceAsStream("/edifact/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module resource under src/test/resources/edifact/ as ISO-8859-1 text. */
    static String resourceText(String path) {
        return new String(resource(path), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
