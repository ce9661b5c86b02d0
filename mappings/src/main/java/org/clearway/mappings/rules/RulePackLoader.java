package org.clearway.mappings.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.Money;

/**
 * Reads the rule files of a directory ({@code *.yml}, {@code *.yaml}, one regime per file) and
 * checks them: unknown keys, missing or malformed values, and packs whose dates overlap, leave a
 * gap or end before they start are refused with every problem listed. The file layout is
 * described in {@code config/rules/README.md}.
 */
public final class RulePackLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern REGIME_ID = Pattern.compile("[A-Z][A-Z0-9-]{0,15}");
    private static final Pattern PACK_ID = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,63}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> FILE_KEYS = Set.of("regime", "currency", "zone", "countries", "source", "note", "packs");
    private static final Set<String> PACK_KEYS = Set.of("id", "version", "effective-from", "effective-to", "date-basis",
            "source", "note", "thresholds", "duty", "fees", "required-item-data");
    private static final Set<String> THRESHOLD_KEYS = Set.of("h7-max", "de-minimis");
    private static final Set<String> DUTY_KEYS = Set.of("method", "per-item", "max-consignment-value", "b2c-only",
            "postal-method", "source", "note");
    private static final Set<String> FEE_KEYS = Set.of("id", "kind", "basis", "amount", "countries", "effective-from",
            "effective-to", "source", "note");

    private RulePackLoader() {
    }

    /**
     * Loads every rule file of {@code directory}.
     *
     * @throws RulePackException listing every problem of every file (nothing is half-loaded)
     */
    public static RulePacks load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new RulePackException(List.of("rule pack directory " + directory + " does not exist"));
        }
        List<Regime> regimes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : ruleFiles(directory)) {
            try (InputStream in = Files.newInputStream(file)) {
                regimes.add(parse(file.getFileName().toString(), in));
            } catch (RulePackException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(file.getFileName() + ": cannot be read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RulePackException(problems);
        }
        return RulePacks.of(regimes);
    }

    /** The rule files of {@code directory}, by name (what {@link #load} reads; a reload compares their times). */
    public static List<Path> ruleFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(f) && (n.endsWith(".yml") || n.endsWith(".yaml"));
            }).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new RulePackException(List.of("rule pack directory " + directory + " cannot be listed: " + e.getMessage()));
        }
    }

    /**
     * Reads one rule file.
     *
     * @param name the file name, used in the messages
     * @throws RulePackException listing every problem found
     */
    public static Regime parse(String name, InputStream yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new RulePackException(List.of(name + ": not valid YAML: " + firstLine(e.getMessage())));
        }
        Reader r = new Reader(name);
        Regime regime = r.regime(root);
        if (!r.problems.isEmpty()) {
            throw new RulePackException(r.problems);
        }
        return regime;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Collects problems while reading one file, so the operator sees them all at once. */
    private static final class Reader {
        private final String file;
        private final List<String> problems = new ArrayList<>();

        Reader(String file) {
            this.file = file;
        }

        Regime regime(JsonNode root) {
            if (root == null || !root.isObject()) {
                problem("", "the file must be a mapping with regime, currency, zone, countries and packs");
                return null;
            }
            keys(root, FILE_KEYS, "");
            String id = text(root, "regime", "", true, REGIME_ID);
            String where = "regime " + id;
            String currency = text(root, "currency", where, true, CURRENCY);
            ZoneId zone = null;
            String zoneText = text(root, "zone", where, true, null);
            if (zoneText != null) {
                try {
                    zone = ZoneId.of(zoneText);
                } catch (DateTimeException e) {
                    problem(where, "zone '" + zoneText + "' is not a time zone id (e.g. Europe/Brussels)");
                }
            }
            Set<String> countries = countries(root.get("countries"), where, "countries");
            if (countries.isEmpty()) {
                problem(where, "countries must list at least one ISO 3166 alpha-2 code");
            }
            text(root, "source", where, false, null);
            List<RulePack> packs = new ArrayList<>();
            JsonNode list = root.get("packs");
            if (list == null || !list.isArray() || list.isEmpty()) {
                problem(where, "packs must be a non-empty list");
            } else {
                for (JsonNode p : list) {
                    RulePack pack = pack(p, id, currency, countries);
                    if (pack != null) {
                        packs.add(pack);
                    }
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            checkDates(packs);
            return problems.isEmpty() ? new Regime(id, countries, currency, zone, file, sortByDate(packs)) : null;
        }

        private static List<RulePack> sortByDate(List<RulePack> packs) {
            return packs.stream().sorted(Comparator.comparing(RulePack::effectiveFrom)).toList();
        }

        /** Packs of one regime must follow each other without overlap or gap; only the last may be open-ended. */
        private void checkDates(List<RulePack> packs) {
            Set<String> ids = new HashSet<>();
            for (RulePack p : packs) {
                if (!ids.add(p.id())) {
                    problem("pack " + p.id(), "id is used twice");
                }
            }
            List<RulePack> sorted = sortByDate(packs);
            for (int i = 1; i < sorted.size(); i++) {
                RulePack prev = sorted.get(i - 1);
                RulePack next = sorted.get(i);
                String span = prev.id() + " (" + prev.effectiveFrom() + " to "
                        + (prev.effectiveTo() == null ? "open end" : prev.effectiveTo()) + ")";
                if (prev.effectiveTo() == null || next.effectiveFrom().isBefore(prev.effectiveTo())) {
                    problem("pack " + next.id(), "effective-from " + next.effectiveFrom() + " overlaps pack " + span);
                } else if (next.effectiveFrom().isAfter(prev.effectiveTo())) {
                    problem("pack " + next.id(), "effective-from " + next.effectiveFrom() + " leaves a gap after pack "
                            + span + ": no rules would apply from " + prev.effectiveTo());
                }
            }
        }

        private RulePack pack(JsonNode p, String regime, String currency, Set<String> regimeCountries) {
            if (!p.isObject()) {
                problem("packs", "each pack must be a mapping");
                return null;
            }
            int before = problems.size();
            String id = text(p, "id", "a pack", true, PACK_ID);
            String where = "pack " + id;
            keys(p, PACK_KEYS, where);
            int version = 0;
            JsonNode v = p.get("version");
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
                problem(where, "version must be a whole number >= 1");
            } else {
                version = v.intValue();
            }
            LocalDate from = date(p, "effective-from", where, true);
            LocalDate to = date(p, "effective-to", where, false);
            if (from != null && to != null && !to.isAfter(from)) {
                problem(where, "effective-to " + to + " is not after effective-from " + from);
            }
            DateBasis basis = enumValue(p, "date-basis", where, DateBasis.class, true);
            String source = text(p, "source", where, true, null);
            String note = text(p, "note", where, false, null);
            RulePack.Thresholds thresholds = thresholds(p.get("thresholds"), where, currency);
            RulePack.DutyRule duty = duty(p.get("duty"), where, currency);
            List<RulePack.FeeRule> fees = fees(p.get("fees"), where, currency, regimeCountries, from, to);
            Map<DeclarationKind, Set<DataElement>> required = required(p.get("required-item-data"), where);
            if (problems.size() > before || currency == null) {
                return null;
            }
            return new RulePack(id, version, regime, from, to, basis, source, note, thresholds, duty, fees, required);
        }

        private RulePack.Thresholds thresholds(JsonNode t, String where, String currency) {
            if (t == null || t.isNull()) {
                return new RulePack.Thresholds(null, null);
            }
            if (!t.isObject()) {
                problem(where, "thresholds must be a mapping");
                return null;
            }
            keys(t, THRESHOLD_KEYS, where + " thresholds");
            return new RulePack.Thresholds(money(t, "h7-max", where + " thresholds", currency, false),
                    money(t, "de-minimis", where + " thresholds", currency, false));
        }

        private RulePack.DutyRule duty(JsonNode d, String where, String currency) {
            String w = where + " duty";
            if (d == null || !d.isObject()) {
                problem(where, "duty must be a mapping with at least a method");
                return null;
            }
            keys(d, DUTY_KEYS, w);
            DutyMethod method = enumValue(d, "method", w, DutyMethod.class, true);
            Money perItem = money(d, "per-item", w, currency, method == DutyMethod.FLAT_PER_ITEM);
            Money max = money(d, "max-consignment-value", w, currency, method == DutyMethod.FLAT_PER_ITEM);
            if (method != DutyMethod.FLAT_PER_ITEM && (perItem != null || max != null)) {
                problem(w, "per-item and max-consignment-value belong to method FLAT_PER_ITEM only");
            }
            JsonNode b2c = d.get("b2c-only");
            if (b2c != null && !b2c.isBoolean()) {
                problem(w, "b2c-only must be true or false");
            }
            return new RulePack.DutyRule(method, perItem, max, b2c != null && b2c.booleanValue(),
                    text(d, "postal-method", w, false, null), text(d, "source", w, false, null),
                    text(d, "note", w, false, null));
        }

        private List<RulePack.FeeRule> fees(JsonNode list, String where, String currency, Set<String> regimeCountries,
                                            LocalDate packFrom, LocalDate packTo) {
            List<RulePack.FeeRule> fees = new ArrayList<>();
            if (list == null || list.isNull()) {
                return fees;
            }
            if (!list.isArray()) {
                problem(where, "fees must be a list");
                return fees;
            }
            Set<String> ids = new HashSet<>();
            for (JsonNode f : list) {
                if (!f.isObject()) {
                    problem(where, "each fee must be a mapping");
                    continue;
                }
                String id = text(f, "id", where + " fee", true, PACK_ID);
                String w = where + " fee " + id;
                keys(f, FEE_KEYS, w);
                if (id != null && !ids.add(id)) {
                    problem(w, "fee id is used twice in the pack");
                }
                String kind = text(f, "kind", w, true, Pattern.compile("HANDLING|NATIONAL"));
                FeeBasis basis = enumValue(f, "basis", w, FeeBasis.class, true);
                Money amount = money(f, "amount", w, currency, true);
                Set<String> countries = countries(f.get("countries"), w, "countries");
                for (String c : countries) {
                    if (!regimeCountries.contains(c)) {
                        problem(w, "country " + c + " is not a country of the regime");
                    }
                }
                LocalDate from = date(f, "effective-from", w, false);
                LocalDate to = date(f, "effective-to", w, false);
                if (from != null && to != null && !to.isAfter(from)) {
                    problem(w, "effective-to " + to + " is not after effective-from " + from);
                }
                // a fee's dates narrow the pack's: outside them the fee belongs in another pack
                if (from != null && packFrom != null && from.isBefore(packFrom)) {
                    problem(w, "effective-from " + from + " is before the pack's effective-from " + packFrom);
                }
                if (to != null && packTo != null && to.isAfter(packTo)) {
                    problem(w, "effective-to " + to + " is after the pack's effective-to " + packTo);
                }
                if (from != null && packTo != null && !from.isBefore(packTo)) {
                    problem(w, "effective-from " + from + " is not before the pack's effective-to " + packTo);
                }
                String source = text(f, "source", w, true, null);
                if (id != null && kind != null && basis != null && amount != null && source != null) {
                    fees.add(new RulePack.FeeRule(id, kind, basis, amount, countries, from, to, source,
                            text(f, "note", w, false, null)));
                }
            }
            return fees;
        }

        private Map<DeclarationKind, Set<DataElement>> required(JsonNode r, String where) {
            Map<DeclarationKind, Set<DataElement>> required = new EnumMap<>(DeclarationKind.class);
            if (r == null || r.isNull()) {
                return required;
            }
            if (!r.isObject()) {
                problem(where, "required-item-data must map declaration kinds to lists of data elements");
                return required;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                DeclarationKind kind = parseEnum(DeclarationKind.class, e.getKey());
                if (kind == null) {
                    problem(where + " required-item-data", "'" + e.getKey() + "' is not a declaration kind "
                            + EnumSet.allOf(DeclarationKind.class));
                    continue;
                }
                Set<DataElement> elements = EnumSet.noneOf(DataElement.class);
                if (!e.getValue().isArray()) {
                    problem(where + " required-item-data " + kind, "must be a list of " + EnumSet.allOf(DataElement.class));
                    continue;
                }
                for (JsonNode el : e.getValue()) {
                    DataElement d = el.isTextual() ? parseEnum(DataElement.class, el.textValue()) : null;
                    if (d == null) {
                        problem(where + " required-item-data " + kind, "'" + el.asText() + "' is not one of "
                                + EnumSet.allOf(DataElement.class));
                    } else {
                        elements.add(d);
                    }
                }
                required.put(kind, elements);
            }
            return required;
        }

        private Set<String> countries(JsonNode list, String where, String key) {
            Set<String> countries = new LinkedHashSet<>();
            if (list == null || list.isNull()) {
                return countries;
            }
            if (!list.isArray()) {
                problem(where, key + " must be a list of ISO 3166 alpha-2 codes");
                return countries;
            }
            for (JsonNode c : list) {
                if (!c.isTextual() || !COUNTRY.matcher(c.textValue()).matches()) {
                    problem(where, key + ": '" + c.asText() + "' is not an ISO 3166 alpha-2 code");
                } else if (!countries.add(c.textValue())) {
                    problem(where, key + ": " + c.textValue() + " is listed twice");
                }
            }
            return countries;
        }

        private Money money(JsonNode node, String key, String where, String currency, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(where, key + " is required");
                }
                return null;
            }
            BigDecimal amount = null;
            if (v.isNumber()) {
                amount = v.decimalValue();
            } else if (v.isTextual()) {
                try {
                    amount = new BigDecimal(v.textValue().trim());
                } catch (NumberFormatException e) {
                    amount = null;
                }
            }
            if (amount == null || amount.signum() < 0 || amount.scale() > 2) {
                problem(where, key + " must be an amount >= 0 with at most 2 decimals, not '" + v.asText() + "'");
                return null;
            }
            return currency == null ? null : new Money(amount.setScale(2), currency);
        }

        private LocalDate date(JsonNode node, String key, String where, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(where, key + " is required (YYYY-MM-DD)");
                }
                return null;
            }
            try {
                return LocalDate.parse(v.asText());
            } catch (DateTimeException e) {
                problem(where, key + " '" + v.asText() + "' is not a date (YYYY-MM-DD)");
                return null;
            }
        }

        private <E extends Enum<E>> E enumValue(JsonNode node, String key, String where, Class<E> type, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(where, key + " is required, one of " + EnumSet.allOf(type));
                }
                return null;
            }
            E e = v.isTextual() ? parseEnum(type, v.textValue()) : null;
            if (e == null) {
                problem(where, key + " '" + v.asText() + "' is not one of " + EnumSet.allOf(type));
            }
            return e;
        }

        private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(text)) {
                    return e;
                }
            }
            return null;
        }

        private String text(JsonNode node, String key, String where, boolean required, Pattern pattern) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
                if (required) {
                    problem(where, key + " is required");
                }
                return null;
            }
            if (!v.isTextual() && !v.isNumber()) {
                problem(where, key + " must be text");
                return null;
            }
            String s = v.asText().trim();
            if (pattern != null && !pattern.matcher(s).matches()) {
                problem(where, key + " '" + s + "' does not match " + pattern.pattern());
                return null;
            }
            return s;
        }

        private void keys(JsonNode node, Set<String> allowed, String where) {
            node.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    problem(where, "unknown key '" + k + "' (allowed: " + allowed.stream().sorted().toList() + ")");
                }
            });
        }

        private void problem(String where, String message) {
            problems.add(file + (where.isEmpty() ? "" : ": " + where) + ": " + message);
        }
    }
}
