package org.clearway.mappings.rules.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.Severity;

/**
 * {@code VAGUE_DESCRIPTION} (CANONICAL-MODEL §5.8, the rule MIG V22 uses): every word of the
 * description on the configured deny-list (a plural S ignored), or the description SKU-like (no
 * space, at least one digit, only letters, digits and {@code -_/.}).
 */
public final class Vague {

    /** The default deny-list of §5.8 (a superset of MIG V22's), upper case. */
    public static final Set<String> DEFAULT_GENERIC_WORDS = Set.of("GIFT", "GOODS", "SAMPLE", "ITEMS", "STUFF",
            "PARTS", "MERCHANDISE", "ACCESSORIES", "CLOTHES");

    private static final Pattern SKU_LIKE = Pattern.compile("^(?=.*[0-9])[\\p{L}0-9_/.\\-]+$");

    private Vague() {
    }

    /** @return the flag's detail (the matched word in lower case, or {@code SKU-like}); empty when not vague */
    public static Optional<String> detail(String description, Set<String> genericWords) {
        if (description == null) {
            return Optional.empty();
        }
        String matched = null;
        boolean allGeneric = true;
        int count = 0;
        for (String w : description.toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            count++;
            String singular = w.endsWith("S") ? w.substring(0, w.length() - 1) : w;
            if (genericWords.contains(w)) {
                matched = matched == null ? w : matched;
            } else if (genericWords.contains(singular)) {
                matched = matched == null ? singular : matched;
            } else {
                allGeneric = false;
            }
        }
        if (count > 0 && allGeneric) {
            return Optional.of(matched.toLowerCase(Locale.ROOT));
        }
        return SKU_LIKE.matcher(description).matches() ? Optional.of("SKU-like") : Optional.empty();
    }

    /** One flag per item whose description is vague, at {@code /items/<i>/description}. */
    public static List<DataQuality.Flag> check(List<Item> items, Set<String> genericWords) {
        List<DataQuality.Flag> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "/items/" + i + "/description";
            detail(items.get(i).description(), genericWords).ifPresent(d ->
                    out.add(new DataQuality.Flag(FlagCode.VAGUE_DESCRIPTION, Severity.WARNING, path, d)));
        }
        return out;
    }
}
