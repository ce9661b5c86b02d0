package org.clearway.mappings.rules.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.HsSystem;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.Severity;

/**
 * HS codes: the classification of CANONICAL-MODEL §4 {@code HsCode} (system from length and
 * destination) and {@code HS_MISSING} (§5.5, §5.8). The merge-only HS flags ({@code HS_CONFLICT},
 * {@code HS_DESCRIPTION_IMPLAUSIBLE}) stay in the fusion, the only place both codes are known;
 * {@code HS_ONLY_6_DIGITS} comes from the rule pack's required data ({@code RuleEvaluation}).
 */
public final class HsCodes {

    private static final Pattern DIGITS = Pattern.compile("^[0-9]{6,10}$");

    private HsCodes() {
    }

    /**
     * The code for {@code digits} (6 to 10 digits, dots and spaces already removed): 6 digits HS;
     * 8 CN in the EU, HTSUS in the US; 10 TARIC / HTSUS; anything else the destination's national
     * system (7 and 9 digits everywhere, 8 and 10 outside the EU and US).
     *
     * @throws IllegalArgumentException when {@code digits} is not 6 to 10 digits
     */
    public static HsCode classify(String digits, String destination) {
        if (digits == null || !DIGITS.matcher(digits).matches()) {
            throw new IllegalArgumentException("HS code '" + digits + "' is not 6 to 10 digits");
        }
        boolean eu = DeMinimis.EU_MEMBER_STATES.contains(destination);
        boolean us = "US".equals(destination);
        HsSystem system = switch (digits.length()) {
            case 6 -> HsSystem.HS;
            case 8 -> eu ? HsSystem.CN : us ? HsSystem.HTSUS : HsSystem.NATIONAL;
            case 10 -> eu ? HsSystem.TARIC : us ? HsSystem.HTSUS : HsSystem.NATIONAL;
            default -> HsSystem.NATIONAL;
        };
        return new HsCode(digits, system, system == HsSystem.NATIONAL ? destination : null);
    }

    /** Whether {@code digits} is a code {@link #classify} accepts. */
    public static boolean valid(String digits) {
        return digits != null && DIGITS.matcher(digits).matches();
    }

    /**
     * {@code HS_MISSING} for every item without HS code of a sale of goods: ERROR for
     * {@code EU_ENS_HOUSE} (the ENS needs it), WARNING otherwise (the backend decides).
     */
    public static List<DataQuality.Flag> checkMissing(List<Item> items, NatureOfTransaction nature,
                                                      DeclarationKind kind) {
        List<DataQuality.Flag> out = new ArrayList<>();
        if (nature != NatureOfTransaction.SALE_OF_GOODS) {
            return out;
        }
        Severity severity = kind == DeclarationKind.EU_ENS_HOUSE ? Severity.ERROR : Severity.WARNING;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).hsCode() == null) {
                out.add(new DataQuality.Flag(FlagCode.HS_MISSING, severity, "/items/" + i + "/hsCode",
                        "sale of goods without HS code"));
            }
        }
        return out;
    }
}
