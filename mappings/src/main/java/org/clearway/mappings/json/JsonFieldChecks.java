package org.clearway.mappings.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.PanDetector;

/**
 * Field checks of the partner JSON APIs (PARTNER-APIS §1.3, §1.4, §2), shared by the express
 * shipment reader and the platform order reader: strings (required, blank, length, card numbers in
 * free text), enumerations, numbers (never coerced from strings; at most 15 integer and 6
 * fraction digits), integers in a range, objects, arrays and unknown members (UNKNOWN_FIELD
 * warnings). A reader walks its document with a subclass and decides where problems go.
 */
public abstract class JsonFieldChecks {
    /** §1.3: any JSON string. */
    public static final int MAX_STRING = 4096;

    /** §3.2 / §6.2 {@code vat.scheme}: the canonical {@code payment.vat.scheme} codes. */
    public static final Set<String> VAT_SCHEMES = Set.of("IOSS", "EU_SPECIAL_ARRANGEMENT", "UK_LVC", "AU_GST_LVG",
            "NZ_GST", "NO_VOEC", "NONE");

    private static final Pattern UPPER2 = Pattern.compile("^[A-Z]{2}$");
    private static final Pattern UPPER3 = Pattern.compile("^[A-Z]{3}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final Set<String> freeText;

    /** @param freeText member names whose values are free text and so checked for card numbers (§2 PAN_DETECTED) */
    protected JsonFieldChecks(Set<String> freeText) {
        this.freeText = Set.copyOf(freeText);
    }

    /** Records an error at {@code pointer} (a JSON Pointer relative to what the reader walks). */
    protected abstract void err(String pointer, String code, String detail);

    /** Records the {@code UNKNOWN_FIELD} warning of member {@code name} at {@code pointer} (§1.4). */
    protected abstract void unknownMember(String pointer, String name);

    protected String enumStr(JsonNode parent, String p, String field, boolean required, Set<String> allowed) {
        String v = str(parent, p, field, required, 64);
        if (v != null && !allowed.contains(v)) {
            err(p + "/" + field, "ENUM", "'" + v + "' is not one of " + new TreeSet<>(allowed));
        }
        return v;
    }

    protected String str(JsonNode parent, String p, String field, boolean required, int max) {
        JsonNode v = parent.get(field);
        String pointer = p + "/" + field;
        if (v == null || v.isNull()) {
            if (required) {
                err(pointer, "REQUIRED", field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            err(pointer, "TYPE", "must be a string");
            return null;
        }
        String s = v.textValue();
        if (noContent(s)) {
            // an optional member is absent or has content: "" would reach the canonical model as a
            // value no mapper can use (shipmentId "" became an empty sourceMessageRef)
            if (required) {
                err(pointer, "REQUIRED", field + " must not be empty");
            } else {
                err(pointer, "FORMAT", field + " must not be empty; leave it out instead");
            }
        }
        if (hasLoneSurrogate(s)) {
            err(pointer, "FORMAT", field + " holds an unpaired UTF-16 surrogate (\\uD800-\\uDFFF escape)");
        }
        int len = s.codePointCount(0, s.length());
        if (len > Math.min(max, MAX_STRING)) {
            err(pointer, "MAX_LENGTH", "at most " + Math.min(max, MAX_STRING) + " characters, got " + len);
        }
        if (freeText.contains(field) && PanDetector.containsPan(s)) {
            // the value itself is not echoed: it is card data
            err(pointer, "PAN_DETECTED", "a payment card number must not be sent in " + field);
        }
        return s;
    }

    protected BigDecimal number(JsonNode parent, String p, String field, boolean required) {
        JsonNode v = parent.get(field);
        String pointer = p + "/" + field;
        if (v == null || v.isNull()) {
            if (required) {
                err(pointer, "REQUIRED", field + " is required");
            }
            return null;
        }
        if (!v.isNumber()) {
            // §1.4: "2" for a number is never coerced
            err(pointer, "TYPE", "must be a JSON number");
            return null;
        }
        BigDecimal d = v.decimalValue();
        BigDecimal plain = d.stripTrailingZeros();
        if (Math.max(plain.scale(), 0) > 6 || plain.precision() - plain.scale() > 15) {
            err(pointer, "FORMAT", "at most 15 integer and 6 fraction digits");
        }
        return d;
    }

    protected Integer integer(JsonNode parent, String p, String field, boolean required, int min, int max) {
        JsonNode v = parent.get(field);
        String pointer = p + "/" + field;
        if (v == null || v.isNull()) {
            if (required) {
                err(pointer, "REQUIRED", field + " is required");
            }
            return null;
        }
        if (!v.isIntegralNumber()) {
            err(pointer, "TYPE", "must be an integer");
            return null;
        }
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            err(pointer, "RANGE", "must be " + min + "-" + max);
            return null;
        }
        return v.intValue();
    }

    /** True when {@code n} is an object; REQUIRED/TYPE problems otherwise. */
    protected boolean object(JsonNode n, String p, boolean required) {
        return container(n, p, required, n != null && n.isObject(), "must be an object");
    }

    /** True when {@code n} is an array; REQUIRED/TYPE problems otherwise. */
    protected boolean array(JsonNode n, String p, boolean required) {
        return container(n, p, required, n != null && n.isArray(), "must be an array");
    }

    private boolean container(JsonNode n, String p, boolean required, boolean right, String wrong) {
        if (n == null || n.isNull()) {
            if (required) {
                err(p, "REQUIRED", p.substring(p.lastIndexOf('/') + 1) + " is required");
            }
            return false;
        }
        if (!right) {
            err(p, "TYPE", wrong);
            return false;
        }
        return true;
    }

    /** §1.4: unknown members are ignored and reported as UNKNOWN_FIELD warnings. */
    protected void known(JsonNode n, String p, String... names) {
        Set<String> ok = Set.of(names);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                unknownMember(p + "/" + escape(f), f);
            }
        }
    }

    /** An ISO 3166-1 alpha-2 country (§1.4): upper case only (FORMAT), a known code (UNKNOWN_COUNTRY). */
    protected String country(JsonNode parent, String p, String field, boolean required) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                err(p + "/" + field, "REQUIRED", field + " is required");
            }
            return null;
        }
        return countryValue(v, p + "/" + field);
    }

    /**
     * True when nothing of {@code s} survives the canonical Text rule (CANONICAL-MODEL §4: controls
     * removed, white space collapsed and trimmed): "", blanks, "\u0000".
     */
    public static boolean noContent(String s) {
        return s.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp < 0x20
                || (cp >= 0x7F && cp <= 0x9F));
    }

    /** True when {@code s} holds a surrogate escape without its pair: not a Unicode character, not UTF-8. */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    protected String countryValue(JsonNode v, String pointer) {
        if (!v.isTextual()) {
            err(pointer, "TYPE", "must be a string");
            return null;
        }
        String c = v.textValue();
        // §1.4: lower-case codes are rejected (FORMAT), not upper-cased
        if (!UPPER2.matcher(c).matches()) {
            err(pointer, "FORMAT", "country must be 2 upper-case letters");
        } else if (!COUNTRIES.contains(c)) {
            err(pointer, "UNKNOWN_COUNTRY", "'" + c + "' is not an ISO 3166-1 code"
                    + ("UK".equals(c) ? "; use 'GB'" : "EL".equals(c) ? "; use 'GR'" : ""));
        }
        return c;
    }

    /** An ISO 4217 currency (§1.4): three upper-case letters (FORMAT), a known code (UNKNOWN_CURRENCY). */
    protected void currency(String currency, String pointer) {
        if (currency == null) {
            return;
        }
        if (!UPPER3.matcher(currency).matches()) {
            err(pointer, "FORMAT", "currency must be 3 upper-case letters");
        } else if (!isCurrency(currency)) {
            err(pointer, "UNKNOWN_CURRENCY", "'" + currency + "' is not an ISO 4217 code");
        }
    }

    /**
     * CANONICAL-MODEL §4 Money: an amount has at most its currency's minor-unit digits (2 EUR, 0
     * JPY, 3 KWD); {@code 24.999 EUR} is FORMAT rather than silently rounded, since it is the
     * partner's declared value. Checked only once the amount and a known currency are read.
     */
    protected void minorUnit(BigDecimal amount, String currency, String pointer) {
        if (amount == null || currency == null || !UPPER3.matcher(currency).matches() || !isCurrency(currency)
                || Math.max(amount.stripTrailingZeros().scale(), 0) > 6) {
            return; // more than 6 digits: number() has reported FORMAT already
        }
        if (!Money.fitsMinorUnit(amount, currency)) {
            err(pointer, "FORMAT", currency + " amounts have at most " + Money.minorDigits(currency)
                    + " fraction digits, got " + amount.toPlainString());
        }
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            // XXX (no currency) and XTS (testing) are codes, but not money
            return !"XXX".equals(code) && !"XTS".equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The Jackson mapper of the partner JSON readers: nesting depth capped (§1.3
     * {@code nesting-too-deep}), long numbers refused before parsing, and exact BigDecimals so
     * "9.00" keeps its scale (CANONICAL-MODEL §4 Money).
     */
    public static ObjectMapper partnerJsonMapper(int maxDepth) {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth)
                        .maxNumberLength(22).build())
                .build();
        return new ObjectMapper(f).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }

    /**
     * Whether a constraint failure is an over-long number (§1.3: 422 {@code FORMAT}) rather than
     * nesting (400 {@code nesting-too-deep}); Jackson reports both as one exception type.
     */
    public static boolean numberTooLong(com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        return m != null && m.startsWith("Number value length");
    }

    /**
     * The JSON Pointer of the first number in {@code json} longer than {@code maxLength} characters
     * ("" when none is found): Jackson's constraint exception does not say where it stopped, so the
     * text is scanned again without the limit.
     */
    public static String longNumberPointer(String json, int maxLength) {
        try (com.fasterxml.jackson.core.JsonParser p = new JsonFactory().createParser(json)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if ((t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
                        || t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) && p.getTextLength() > maxLength) {
                    return p.getParsingContext().pathAsPointer().toString();
                }
            }
        } catch (IOException e) {
            // the text is broken further on; the pointer stays unknown
        }
        return "";
    }

    /** A member name as a JSON Pointer token (RFC 6901). */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
