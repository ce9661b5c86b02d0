package org.clearway.mappings.gw10;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Code lists used by the GW10 business validation: ISO 3166-1 alpha-2 (officially assigned plus
 * XK, MIG §9 V5), ISO 4217 active currencies plus XDR (V6) from resources of this package, and
 * the gateway lists ZCI, ZMC, ZMK (§8.1-8.3).
 */
public final class Gw10CodeLists {

    /** ZCI category of item (MIG §8.1). */
    public static final Set<String> CATEGORIES_OF_ITEM = Set.of("11", "21", "31", "32", "91", "991");
    /** ZMC mail class (MIG §8.2). */
    public static final Set<String> MAIL_CLASSES = Set.of("U", "C", "E");
    /** ZMK mail category (MIG §8.3). */
    public static final Set<String> MAIL_CATEGORIES = Set.of("A", "B", "C", "D");

    private static final Set<String> COUNTRIES = load("iso3166-alpha2.txt");
    private static final Set<String> CURRENCIES = load("iso4217-active.txt");

    private Gw10CodeLists() {
    }

    public static boolean isCountry(String code) {
        return code != null && COUNTRIES.contains(code);
    }

    public static boolean isCurrency(String code) {
        return code != null && CURRENCIES.contains(code);
    }

    public static Set<String> countries() {
        return COUNTRIES;
    }

    public static Set<String> currencies() {
        return CURRENCIES;
    }

    private static Set<String> load(String name) {
        Set<String> codes = new HashSet<>();
        try (InputStream in = Gw10CodeLists.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("code list resource missing: " + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                for (String code : line.trim().split("\\s+")) {
                    if (!code.isEmpty()) {
                        codes.add(code);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(codes);
    }
}
