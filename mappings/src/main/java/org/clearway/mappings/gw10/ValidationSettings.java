package org.clearway.mappings.gw10;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Configuration of {@link CusitmValidator}.
 *
 * @param genericWords deny-list of generic description words (MIG §9 V22), upper case; a
 *                     description made only of such words (plurals with a trailing S included)
 *                     raises W151. The same list drives the canonical flag VAGUE_DESCRIPTION.
 */
public record ValidationSettings(Set<String> genericWords) {

    /** The default deny-list of MIG §9 V22. */
    public static final Set<String> DEFAULT_GENERIC_WORDS =
            Set.of("GIFT", "GOODS", "SAMPLE", "ITEMS", "STUFF", "PARTS", "MERCHANDISE");

    public ValidationSettings {
        genericWords = genericWords.stream().map(w -> w.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static ValidationSettings defaults() {
        return new ValidationSettings(DEFAULT_GENERIC_WORDS);
    }
}
