package org.clearway.mappings.customs;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.CanonicalXml;
import org.clearway.mappings.canonical.Declaration;

/** The customs formats known to a gateway: the built-in canonical forms plus any added ones. */
public final class CustomsFormats {
    /** CANONICAL-MODEL §9.1: JCS JSON, the normative form and the default. */
    public static final CustomsFormat CANONICAL_JSON_V1 = new Builtin("canonical-json-v1",
            "application/vnd.clearway.declaration+json;v=1") {
        @Override
        public byte[] write(Declaration declaration) {
            return CanonicalJson.write(declaration);
        }
    };

    /** CANONICAL-MODEL §9.2: the mechanical XML rendering (its own exc-c14n form). */
    public static final CustomsFormat CANONICAL_XML_V1 = new Builtin("canonical-xml-v1",
            "application/vnd.clearway.declaration+xml;v=1") {
        @Override
        public byte[] write(Declaration declaration) {
            return CanonicalXml.write(declaration);
        }
    };

    public static final String DEFAULT = CANONICAL_JSON_V1.id();

    private final Map<String, CustomsFormat> byId = new LinkedHashMap<>();

    /** The built-in formats and {@code added} ones; an added format may not reuse a taken id. */
    public CustomsFormats(Collection<? extends CustomsFormat> added) {
        for (CustomsFormat f : List.of(CANONICAL_JSON_V1, CANONICAL_XML_V1)) {
            byId.put(f.id(), f);
        }
        for (CustomsFormat f : added) {
            if (f.id() == null || f.id().isBlank() || f.mediaType() == null || f.mediaType().isBlank()) {
                throw new IllegalArgumentException("customs format " + f.getClass().getName() + " has no id or media type");
            }
            CustomsFormat taken = byId.putIfAbsent(f.id(), f);
            if (taken != null && taken != f) {
                throw new IllegalArgumentException("customs format id " + f.id() + " is taken by "
                        + taken.getClass().getName());
            }
        }
    }

    public Optional<CustomsFormat> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The format named {@code id}; an unknown name is a configuration error that names the known ones. */
    public CustomsFormat get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown customs format '" + id + "'; known: " + String.join(", ", byId.keySet())));
    }

    public Collection<CustomsFormat> all() {
        return byId.values();
    }

    private abstract static class Builtin implements CustomsFormat {
        private final String id;
        private final String mediaType;

        Builtin(String id, String mediaType) {
            this.id = id;
            this.mediaType = mediaType;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String mediaType() {
            return mediaType;
        }
    }
}
