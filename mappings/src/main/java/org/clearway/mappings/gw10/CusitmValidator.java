package org.clearway.mappings.gw10;

import static org.clearway.mappings.gw10.ProblemCodes.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Business validation of a CUSITM message, rules V1-V19, V22 and V23 of MIG GW10 §9. V20 and V21
 * need the gateway's declaration store and are left to the caller (codes
 * {@link ProblemCodes#E140_NOTHING_TO_CANCEL}, {@link ProblemCodes#W142_REPLACE_UNKNOWN_ITEM},
 * {@link ProblemCodes#E141_DUPLICATE_MESSAGE_NUMBER}).
 *
 * <p>All problems of every item are collected; nothing is thrown. No clock is used: the posting
 * date is checked against the message date (DTM 137) so replays give the same result (V19).
 */
public final class CusitmValidator {

    private static final Pattern S10 = Pattern.compile("^[A-Z]{2}[0-9]{9}[A-Z]{2}$");
    private static final Pattern HS = Pattern.compile("^[0-9]{6,10}$");
    private static final Pattern IOSS = Pattern.compile("^IM[0-9]{10}$");
    private static final int[] S10_WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};
    private static final BigDecimal SUM_TOLERANCE = new BigDecimal("0.01");
    private static final Set<String> PIECE_UNITS = Set.of("PCE", "H87");

    private CusitmValidator() {
    }

    /**
     * Validates every item of a message.
     *
     * @return per item the list of problems (empty when the item is clean)
     */
    public static CusitmValidation validate(CusitmMessage message, ValidationSettings settings) {
        List<CusitmValidation.ItemValidation> results = new ArrayList<>();
        Set<String> seenS10 = new HashSet<>();
        LocalDate messageDate = message.messageTime() == null ? null
                : message.messageTime().atOffset(ZoneOffset.UTC).toLocalDate();
        int index = 0;
        for (CusitmItem item : message.items()) {
            index++;
            Problems p = new Problems(item);
            checkS10(item, seenS10, p);
            if (item.sequence() != index) {
                p.add(W105_SEQUENCE_GAP, null, "CNI", "ITEM SEQUENCE " + item.sequenceText()
                        + " WHERE " + index + " WAS EXPECTED");
            }
            checkCodes(item, p);
            checkOperatorCodes(message, item, p);
            checkPostingDate(item, messageDate, p);
            checkParties(item, p);
            checkItemAmountsAndWeights(item, p);
            checkPieces(item, settings, p);
            checkSums(item, p);
            item.iossNumber().ifPresent(ioss -> {
                if (!IOSS.matcher(ioss).matches()) { // V10
                    p.add(W116_IOSS_FORMAT, null, "RFF", "IOSS NUMBER " + ioss + " IS NOT IM + 10 DIGITS");
                }
            });
            results.add(new CusitmValidation.ItemValidation(item, p.list));
        }
        return new CusitmValidation(message, results);
    }

    /** V2 check digit of an S10 id that already matches V1; -1 when it cannot be computed. */
    public static int s10CheckDigit(String s10) {
        if (s10 == null || !S10.matcher(s10).matches()) {
            return -1;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (s10.charAt(2 + i) - '0') * S10_WEIGHTS[i];
        }
        int c = 11 - (sum % 11);
        return c == 10 ? 0 : c == 11 ? 5 : c;
    }

    private static void checkS10(CusitmItem item, Set<String> seen, Problems p) {
        String s10 = item.s10();
        if (!S10.matcher(s10).matches()) { // V1
            p.add(E101_S10_MALFORMED, null, "CNI", "S10 ID " + s10 + " IS NOT 2 LETTERS, 9 DIGITS, 2 LETTERS");
        } else {
            int expected = s10CheckDigit(s10); // V2: accept but flag
            if (s10.charAt(10) - '0' != expected) {
                p.add(W102_S10_CHECK_DIGIT, null, "CNI",
                        "S10 CHECK DIGIT DOES NOT MATCH (EXPECTED " + expected + ")");
            }
        }
        if (!s10.isEmpty() && !seen.add(s10)) { // V3: on the second occurrence
            p.add(E103_S10_DUPLICATE_IN_MESSAGE, null, "CNI", "S10 ID " + s10 + " OCCURS TWICE IN THE MESSAGE");
        }
    }

    private static void checkCodes(CusitmItem item, Problems p) {
        // V18: GIS codes of the gateway lists ZCI, ZMC, ZMK
        if (!Gw10CodeLists.CATEGORIES_OF_ITEM.contains(item.categoryOfItem())) {
            p.add(E130_CODE_UNKNOWN, null, "GIS", "CATEGORY OF ITEM '" + item.categoryOfItem() + "' NOT IN LIST ZCI");
        }
        if (!Gw10CodeLists.MAIL_CLASSES.contains(item.mailClass())) {
            p.add(E130_CODE_UNKNOWN, null, "GIS", "MAIL CLASS '" + item.mailClass() + "' NOT IN LIST ZMC");
        }
        if (!item.mailCategory().isEmpty() && !Gw10CodeLists.MAIL_CATEGORIES.contains(item.mailCategory())) {
            p.add(E130_CODE_UNKNOWN, null, "GIS", "MAIL CATEGORY '" + item.mailCategory() + "' NOT IN LIST ZMK");
        }
    }

    /**
     * The MIG allows an..35 for the operator and office codes, the canonical model holds UPU
     * organisation codes of at most 6 characters and office codes of at most 17: a longer value
     * could not be declared, so the item is refused here rather than dead-lettered later.
     */
    private static void checkOperatorCodes(CusitmMessage message, CusitmItem item, Problems p) {
        tooLong(item.originPost(), 6, "LOC", "ORIGIN POST", p);
        tooLong(item.destinationPost(), 6, "LOC", "DESTINATION POST", p);
        tooLong(message.sendingPost(), 6, "NAD", "SENDING POST (NAD MS)", p);
        tooLong(message.customsOffice(), 17, "NAD", "CUSTOMS OFFICE (NAD MR)", p);
    }

    private static void tooLong(String code, int max, String segment, String what, Problems p) {
        if (code != null && code.codePointCount(0, code.length()) > max) {
            p.add(E130_CODE_UNKNOWN, null, segment, what + " '" + code + "' IS LONGER THAN " + max + " CHARACTERS");
        }
    }

    private static void checkPostingDate(CusitmItem item, LocalDate messageDate, Problems p) {
        LocalDate posted = item.postingDate();
        if (posted == null) { // V19: a real date
            p.add(E131_POSTING_DATE_INVALID, null, "DTM", "POSTING DATE '" + item.postingDateText() + "' IS NOT A VALID DATE");
            return;
        }
        if (messageDate == null) {
            return;
        }
        if (posted.isAfter(messageDate.plusDays(1))) {
            p.add(E131_POSTING_DATE_INVALID, null, "DTM", "POSTING DATE " + posted
                    + " IS MORE THAN 1 DAY AFTER THE MESSAGE DATE " + messageDate);
        } else if (posted.isBefore(messageDate.minusDays(365))) {
            p.add(E131_POSTING_DATE_INVALID, null, "DTM", "POSTING DATE " + posted
                    + " IS MORE THAN 365 DAYS BEFORE THE MESSAGE DATE " + messageDate);
        }
    }

    private static void checkParties(CusitmItem item, Problems p) {
        int cz = 0;
        int cn = 0;
        int se = 0;
        for (CusitmParty party : item.parties()) {
            switch (party.qualifier()) {
                case "CZ" -> cz++;
                case "CN" -> cn++;
                case "SE" -> se++;
                default -> { }
            }
            if (!Gw10CodeLists.isCountry(party.country())) { // V5
                p.add(E110_COUNTRY_INVALID, null, "NAD", roleName(party.qualifier()) + " COUNTRY "
                        + party.country() + " IS NOT AN ISO 3166-1 CODE");
            }
            if (("CZ".equals(party.qualifier()) || "CN".equals(party.qualifier()))
                    && party.streetLines().isEmpty()) { // V12
                p.add(W117_ADDRESS_INCOMPLETE, null, "NAD", roleName(party.qualifier()) + " HAS NO STREET LINE");
            }
        }
        // V11: CZ and CN exactly once, SE at most once
        if (cz != 1) {
            p.add(E119_PARTY_MISSING_OR_DUPLICATE, null, "NAD", "SENDER (NAD CZ) PRESENT " + cz + " TIMES");
        }
        if (cn != 1) {
            p.add(E119_PARTY_MISSING_OR_DUPLICATE, null, "NAD", "ADDRESSEE (NAD CN) PRESENT " + cn + " TIMES");
        }
        if (se > 1) {
            p.add(E119_PARTY_MISSING_OR_DUPLICATE, null, "NAD", "SELLER (NAD SE) PRESENT " + se + " TIMES");
        }
    }

    private static String roleName(String qualifier) {
        return switch (qualifier) {
            case "CZ" -> "SENDER";
            case "CN" -> "ADDRESSEE";
            case "SE" -> "SELLER";
            default -> "PARTY " + qualifier;
        };
    }

    private static void checkItemAmountsAndWeights(CusitmItem item, Problems p) {
        for (Amount a : item.amounts()) {
            checkAmount(a, null, p);
        }
        BigDecimal gross = item.grossWeight();
        if (gross == null || gross.signum() <= 0) { // V14
            p.add(E121_NEGATIVE_OR_ZERO_MEASURE, null, "MEA", "GROSS WEIGHT " + plain(gross) + " IS NOT > 0");
        }
    }

    private static void checkAmount(Amount a, ContentPiece piece, Problems p) {
        if (!Gw10CodeLists.isCurrency(a.currency())) { // V6
            p.add(E111_CURRENCY_INVALID, piece, "MOA", "CURRENCY '" + a.currency() + "' OF MOA " + a.qualifier()
                    + " IS NOT AN ACTIVE ISO 4217 CODE");
        }
        if (a.value() == null || a.value().signum() < 0) { // V14
            p.add(E121_NEGATIVE_OR_ZERO_MEASURE, piece, "MOA", "AMOUNT " + plain(a.value()) + " OF MOA "
                    + a.qualifier() + " IS NOT >= 0");
        }
    }

    private static void checkPieces(CusitmItem item, ValidationSettings settings, Problems p) {
        boolean saleOfGoods = "11".equals(item.categoryOfItem());
        int index = 0;
        for (ContentPiece piece : item.pieces()) {
            index++;
            if (piece.lineNumber() != index) { // V4
                p.add(W105_SEQUENCE_GAP, piece, "LIN", "PIECE NUMBER " + piece.lineNumberText()
                        + " WHERE " + index + " WAS EXPECTED");
            }
            if (piece.hsCode().isEmpty()) {
                if (saleOfGoods) { // V8
                    p.add(E113_HS_MISSING, piece, "LIN", "HS CODE MISSING FOR CATEGORY 11 (SALE OF GOODS)");
                }
            } else if (!HS.matcher(piece.hsCode()).matches()) { // V7
                p.add(E112_HS_FORMAT, piece, "LIN", "HS CODE " + piece.hsCode() + " IS NOT 6 TO 10 DIGITS");
            }
            if (isGeneric(piece.description(), settings)) { // V22
                p.add(W151_DESCRIPTION_GENERIC, piece, "FTX", "DESCRIPTION '" + piece.description() + "' IS TOO GENERIC");
            }
            BigDecimal q = piece.quantity();
            if (q == null || q.signum() <= 0 || q.stripTrailingZeros().scale() > 0) { // V13
                p.add(E120_QUANTITY_INVALID, piece, "QTY", "QUANTITY " + plain(q) + " IS NOT A WHOLE NUMBER > 0");
            }
            if (!piece.quantityUnit().isEmpty() && !PIECE_UNITS.contains(piece.quantityUnit())) { // V23
                p.add(W118_QTY_UNIT_IGNORED, piece, "QTY", "QUANTITY UNIT " + piece.quantityUnit() + " IGNORED");
            }
            if (piece.netWeight() == null || piece.netWeight().signum() <= 0) { // V14
                p.add(E121_NEGATIVE_OR_ZERO_MEASURE, piece, "MEA", "NET WEIGHT " + plain(piece.netWeight()) + " IS NOT > 0");
            }
            if (piece.value() != null) {
                checkAmount(piece.value(), piece, p);
            }
            if (piece.originCountry().isEmpty()) {
                if (saleOfGoods) { // V9
                    p.add(W115_ORIGIN_MISSING, piece, "LIN", "COUNTRY OF ORIGIN MISSING FOR CATEGORY 11");
                }
            } else if (!Gw10CodeLists.isCountry(piece.originCountry())) { // V5
                p.add(E110_COUNTRY_INVALID, piece, "LOC", "ORIGIN COUNTRY " + piece.originCountry()
                        + " IS NOT AN ISO 3166-1 CODE");
            }
        }
    }

    private static void checkSums(CusitmItem item, Problems p) {
        BigDecimal gross = item.grossWeight();
        BigDecimal net = BigDecimal.ZERO;
        for (ContentPiece piece : item.pieces()) {
            if (piece.netWeight() != null) {
                net = net.add(piece.netWeight());
            }
        }
        if (gross != null && net.compareTo(gross) > 0) { // V15
            p.add(E122_NET_WEIGHT_EXCEEDS_GROSS, null, "MEA", "SUM OF NET WEIGHTS " + net.toPlainString()
                    + " EXCEEDS GROSS WEIGHT " + gross.toPlainString());
        }
        Amount declared = item.declaredValue().orElse(null);
        if (declared == null || declared.value() == null) {
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        boolean mixed = false;
        for (ContentPiece piece : item.pieces()) {
            Amount v = piece.value();
            if (v == null || v.value() == null) {
                continue;
            }
            if (!declared.currency().equals(v.currency())) {
                mixed = true;
            }
            sum = sum.add(v.value());
        }
        if (mixed) { // V17: sum check skipped
            p.add(W124_MIXED_CURRENCIES, null, "MOA", "CONTENT VALUES IN A CURRENCY OTHER THAN "
                    + declared.currency() + ": SUM NOT CHECKED");
        } else if (sum.subtract(declared.value()).abs().compareTo(SUM_TOLERANCE) > 0) { // V16
            p.add(E123_VALUE_SUM_MISMATCH, null, "MOA", "SUM OF CONTENT VALUES " + sum.toPlainString()
                    + " DIFFERS FROM DECLARED VALUE " + declared.value().toPlainString());
        }
    }

    /** V22: every word of the description is on the deny-list (a trailing plural S ignored). */
    static boolean isGeneric(String description, ValidationSettings settings) {
        String[] words = description.toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        int count = 0;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            count++;
            boolean generic = settings.genericWords().contains(w)
                    || (w.endsWith("S") && settings.genericWords().contains(w.substring(0, w.length() - 1)));
            if (!generic) {
                return false;
            }
        }
        return true; // also true for an empty description: nothing precise was given
    }

    private static String plain(BigDecimal v) {
        return v == null ? "(MISSING)" : v.toPlainString();
    }

    /** Collects the problems of one item with its ERP pointer (received numbers, V4). */
    private static final class Problems {
        private final CusitmItem item;
        private final List<BusinessProblem> list = new ArrayList<>();

        Problems(CusitmItem item) {
            this.item = item;
        }

        void add(String code, ContentPiece piece, String segmentTag, String text) {
            String pointer = "2:" + item.sequenceText() + (piece == null ? "" : ":" + piece.lineNumberText());
            list.add(new BusinessProblem(code, item.sequence(), piece == null ? null : piece.lineNumber(),
                    segmentTag, pointer, text));
        }
    }
}
