package org.clearway.mappings.gw10;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The normative helpers of MIG GW10 §6.4 that need no canonical model: decision code (ZDC) per
 * canonical status name, reason code (ZRS), tax type (TAX 5153), BGM 1001 and BGM 1004.
 */
public final class CusrspCodes {

    /** Decisions for which FTX AAI is mandatory (MIG §6.2 0130). */
    public static final Set<String> REASON_MANDATORY = Set.of("21", "30", "40", "41", "42", "43");

    private static final Pattern ZRS = Pattern.compile("^R[0-9]{2}$");
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    /** Canonical decision status names (CANONICAL-MODEL §6.1) with their ZDC code (MIG §6.4). */
    public enum CanonicalStatus {
        /** Acknowledgement ACCEPTED: no CUSRSP. */
        ACCEPTED(null, null),
        /** Acknowledgement REJECTED: 90 with E199 in SG5. */
        REJECTED("90", null),
        ASSESSMENT_COMPLETE("31", null),
        REQUEST_FOR_INFORMATION("21", null),
        REQUEST_FOR_SCREENING("20", "R07"),
        DO_NOT_LOAD("30", "R07"),
        RELEASED("10", null),
        DUTIES_PAYABLE("11", null),
        HOLD_FOR_INSPECTION("20", null),
        SEIZED("40", null),
        RETURN_TO_SENDER("41", null),
        DESTROYED("42", null),
        REFUSED("43", null);

        private final String zdc;
        private final String fixedReason;

        CanonicalStatus(String zdc, String fixedReason) {
            this.zdc = zdc;
            this.fixedReason = fixedReason;
        }

        /** ZDC decision code; empty for ACCEPTED (no CUSRSP is written). */
        public Optional<String> decisionCode() {
            return Optional.ofNullable(zdc);
        }

        /** The ZRS code fixed by §6.4 ({@code R07} for screening and do-not-load), if any. */
        public Optional<String> fixedReason() {
            return Optional.ofNullable(fixedReason);
        }
    }

    private CusrspCodes() {
    }

    /**
     * ZDC code for a canonical status name, e.g. {@code ASSESSMENT_COMPLETE} -> {@code 31}.
     *
     * @return empty for {@code ACCEPTED} (no CUSRSP) and for unknown names
     */
    public static Optional<String> decisionCode(String statusName) {
        try {
            return CanonicalStatus.valueOf(statusName).decisionCode();
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * FTX AAI reason for a decision (MIG §6.4 "Reason"): a code that is already a ZRS code
     * ({@code R01}..{@code R99}) is kept; otherwise the backend's map is asked; anything else, or
     * no code where a reason is mandatory, gives {@code R99} with the text (or the status name).
     *
     * @param statusName  canonical status name
     * @param reasonCode  canonical {@code reason.code} (may be null)
     * @param reasonText  canonical {@code reason.text} (may be null)
     * @param backendMap  configurable map backend code -> ZRS code, per customs backend
     * @return empty when no reason is given and none is required
     */
    public static Optional<DecisionReason> reason(String statusName, String reasonCode, String reasonText,
                                                  Map<String, String> backendMap) {
        String text = reasonText == null ? "" : reasonText;
        CanonicalStatus status = null;
        try {
            status = CanonicalStatus.valueOf(statusName);
        } catch (IllegalArgumentException | NullPointerException e) {
            // unknown status: no fixed reason, not mandatory
        }
        if (status != null && status.fixedReason().isPresent()) {
            return Optional.of(new DecisionReason(status.fixedReason().get(), text));
        }
        boolean mandatory = status != null && status.decisionCode().map(REASON_MANDATORY::contains).orElse(false);
        if (reasonCode != null && !reasonCode.isBlank()) {
            String code = reasonCode.trim().toUpperCase(Locale.ROOT);
            if (ZRS.matcher(code).matches()) {
                return Optional.of(new DecisionReason(code, text));
            }
            String mapped = backendMap == null ? null : backendMap.get(reasonCode);
            if (mapped != null && ZRS.matcher(mapped).matches()) {
                return Optional.of(new DecisionReason(mapped, text));
            }
            return Optional.of(new DecisionReason("R99", text.isEmpty() ? String.valueOf(statusName) : text));
        }
        if (mandatory || !text.isEmpty()) {
            return Optional.of(new DecisionReason("R99", text.isEmpty() ? String.valueOf(statusName) : text));
        }
        return Optional.empty();
    }

    /**
     * TAX C241.5153 for a canonical tax type (MIG §6.4): DUTY -> CUD, VAT -> VAT (GST when the
     * backend's tax is a GST), EXCISE -> EXC, FEE and HANDLING -> ZHF, anything else -> ZOT.
     */
    public static String taxType(String canonicalType, boolean vatIsGst) {
        if (canonicalType == null) {
            return "ZOT";
        }
        return switch (canonicalType) {
            case "DUTY" -> "CUD";
            case "VAT" -> vatIsGst ? "GST" : "VAT";
            case "EXCISE" -> "EXC";
            case "FEE", "HANDLING" -> "ZHF";
            default -> "ZOT";
        };
    }

    /**
     * BGM 1001 (MIG §6.4): {@code 963} when the message holds only SG2 errors or only decision
     * 90, else {@code 961}.
     */
    public static String documentCode(CusrspMessage message) {
        boolean onlyErrors = message.items().isEmpty() && !message.errors().isEmpty();
        boolean only90 = !message.items().isEmpty()
                && message.items().stream().allMatch(i -> "90".equals(i.decisionCode()));
        return onlyErrors || only90 ? "963" : "961";
    }

    /**
     * BGM 1004 written by the gateway: {@code GW-} + the 128 bits of the decision event id as 26
     * characters of Crockford base32, upper case, as in ULID (MIG §6.4).
     */
    public static String responseNumber(UUID decisionEventId) {
        return "GW-" + crockford(decisionEventId);
    }

    /** The 26-character Crockford base32 form of a UUID (2 leading zero bits, then 128 bits). */
    public static String crockford(UUID id) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        char[] out = new char[26];
        for (int i = 25; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (lo & 0x1F)];
            // shift the 128-bit value (hi:lo) right by 5
            lo = (lo >>> 5) | (hi << 59);
            hi = hi >>> 5;
        }
        return new String(out);
    }

    /**
     * Checks an outbound CUSRSP against the response rules of MIG §6.2-6.3 before it is sent:
     * decision 11 needs MOA 9 equal to the sum of its MOA 124 in one currency and at least one
     * SG4 (E125); decisions 21, 30, 40-43 need a reason (E150); decision 90 needs at least one E
     * code in SG5 (E199); a message needs at least one SG2 or SG3 (E199).
     *
     * @return the problems found, {@code itemSequence} = CNI 1490 of the CUSRSP; empty when fine
     */
    public static java.util.List<BusinessProblem> checkOutbound(CusrspMessage message) {
        java.util.List<BusinessProblem> out = new java.util.ArrayList<>();
        if (message.items().isEmpty() && message.errors().isEmpty()) {
            out.add(BusinessProblem.messageLevel(ProblemCodes.E199_OTHER, "UNH", "NEITHER SG2 NOR SG3 PRESENT"));
        }
        for (CusrspItemDecision d : message.items()) {
            String pointer = "2:" + d.sequence();
            if ("11".equals(d.decisionCode())) {
                if (d.totalPayable() == null || d.totalPayable().value() == null || d.taxes().isEmpty()) {
                    out.add(new BusinessProblem(ProblemCodes.E125_TOTAL_PAYABLE_MISMATCH, d.sequence(), null, "MOA",
                            pointer, "DECISION 11 NEEDS MOA 9 AND AT LEAST ONE TAX LINE"));
                } else {
                    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
                    boolean sameCurrency = true;
                    for (TaxLine t : d.taxes()) {
                        if (t.amount() == null || t.amount().value() == null) {
                            sameCurrency = false;
                            continue;
                        }
                        sum = sum.add(t.amount().value());
                        sameCurrency &= t.amount().currency().equals(d.totalPayable().currency());
                    }
                    if (!sameCurrency || sum.compareTo(d.totalPayable().value()) != 0) {
                        out.add(new BusinessProblem(ProblemCodes.E125_TOTAL_PAYABLE_MISMATCH, d.sequence(), null,
                                "MOA", pointer, "TOTAL PAYABLE " + d.totalPayable().value().toPlainString()
                                + " IS NOT THE SUM OF THE TAX AMOUNTS " + sum.toPlainString()));
                    }
                }
            }
            if (REASON_MANDATORY.contains(d.decisionCode()) && d.reasons().isEmpty()) {
                out.add(new BusinessProblem(ProblemCodes.E150_REASON_MISSING, d.sequence(), null, "FTX", pointer,
                        "DECISION " + d.decisionCode() + " NEEDS A REASON"));
            }
            if ("90".equals(d.decisionCode()) && d.problems().stream().noneMatch(ResponseError::isError)) {
                out.add(new BusinessProblem(ProblemCodes.E199_OTHER, d.sequence(), null, "ERC", pointer,
                        "DECISION 90 NEEDS AT LEAST ONE E CODE"));
            }
        }
        return out;
    }
}
