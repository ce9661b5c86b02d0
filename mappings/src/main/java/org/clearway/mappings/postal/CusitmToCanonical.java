package org.clearway.mappings.postal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.clearway.mappings.canonical.CanonicalText;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.DestinationCustoms;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.ModeOfTransport;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.Quantity;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TransportDocumentLevel;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.gw10.Amount;
import org.clearway.mappings.gw10.AttachedDocument;
import org.clearway.mappings.gw10.ContentPiece;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmParty;
import org.clearway.mappings.gw10.CusitmValidator;
import org.clearway.mappings.gw10.Gw10CodeLists;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.clearway.mappings.rules.quality.CurrencyConversion;
import org.clearway.mappings.rules.quality.DataQualityRules;
import org.clearway.mappings.rules.quality.HsCodes;
import org.clearway.mappings.rules.quality.QualityContext;

/**
 * Maps one CUSITM item (MIG GW10 §5.3) to one canonical {@link Declaration} (CANONICAL-MODEL §5,
 * §8.2). Pure function: all gateway values (ids, clock, rates, thresholds) come from the
 * {@link PostalMappingContext}.
 *
 * <p>Accepts an item that passed the GW10 business validation without {@code E} codes (MIG §9).
 * Returns a declaration that {@code CanonicalJson.write} accepts, with the data-quality flags of
 * §5.8 that postal data can raise: the mapping's own (text, units, conversions, S10, address,
 * origin) here, the rule-derived ones and the routing by {@link DataQualityRules}. Throws {@link MissingExchangeRateException} when a value must
 * be converted to the declaration currency and the rate table has no rate (§4 Currency, §5.7),
 * and {@link PostalMappingException} when a mandatory value is missing.
 */
public final class CusitmToCanonical {

    /** {@code sources[].dialect} of CUSITM EDIFACT (CANONICAL-MODEL §5.1). */
    public static final String DIALECT = "UPU-CUSITM-EDIFACT";

    /**
     * Countries without a postcode system [I]: a missing postcode is not ADDRESS_INCOMPLETE there
     * (§5.3 {@code address.postcode} "required where the country uses postcodes").
     */
    static final Set<String> NO_POSTCODE = Set.of("AE", "AG", "AO", "AW", "BF", "BI", "BJ", "BO", "BS", "BW", "BZ",
            "CD", "CF", "CG", "CI", "CK", "CM", "CW", "DJ", "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY",
            "HK", "KI", "KM", "KN", "KP", "LY", "ML", "MO", "MR", "MW", "NR", "NU", "QA", "RW", "SB", "SC", "SL",
            "SR", "ST", "SY", "TD", "TF", "TG", "TK", "TL", "TO", "TV", "UG", "VU", "YE", "ZW");

    private static final Pattern EORI = Pattern.compile("^[A-Z]{2}[0-9A-Z]{1,15}$");

    private CusitmToCanonical() {
    }

    /**
     * @param message the CUSITM message holding the item (header NAD MS/MR, envelope refs)
     * @param item    one SG1 item of that message
     * @param ctx     gateway values, rates, thresholds
     * @return revision {@code ctx.revision()} of the declaration of this item
     */
    public static Declaration map(CusitmMessage message, CusitmItem item, PostalMappingContext ctx) {
        return new Run(message, item, ctx).declaration();
    }

    /** State of one mapping: flags and exchange rates collect while the document is built. */
    private static final class Run {
        private final CusitmMessage message;
        private final CusitmItem item;
        private final PostalMappingContext ctx;
        private final List<DataQuality.Flag> flags = new ArrayList<>();
        private final CurrencyConversion conversion;

        Run(CusitmMessage message, CusitmItem item, PostalMappingContext ctx) {
            this.message = message;
            this.item = item;
            this.ctx = ctx;
            // §5.7 rateDate: no invoice date in postal data -> posting date, else the day received
            this.conversion = new CurrencyConversion(ctx.rates(), ctx.declarationCurrency(),
                    item.postingDate() != null ? item.postingDate()
                            : ctx.receivedAt().atZone(ZoneOffset.UTC).toLocalDate());
        }

        Declaration declaration() {
            String s10 = item.s10();
            checkS10(s10);

            // parties: SELLER, CONSIGNOR, CONSIGNEE, CARRIER, partyRef P1.. in that order (§9.1 order by partyRef)
            List<Party> parties = new ArrayList<>();
            CusitmParty se = item.seller().orElse(null);
            CusitmParty cz = item.sender().orElseThrow(() -> missing("NAD CZ (sender)"));
            CusitmParty cn = item.addressee().orElseThrow(() -> missing("NAD CN (addressee)"));
            String sellerRef = null;
            int consignorIndex;
            if (se != null) {
                sellerRef = "P1";
                parties.add(party(se, PartyRole.SELLER, parties.size(), true));
            }
            consignorIndex = parties.size();
            parties.add(party(cz, PartyRole.CONSIGNOR, parties.size(), se == null));
            parties.add(party(cn, PartyRole.CONSIGNEE, parties.size(), false));
            carrier(parties.size()).ifPresent(parties::add);

            String dispatch = dispatchCountry(cz);
            String destination = country(cn.country());

            List<Item> items = items(dispatch, sellerRef);
            Money intrinsic = intrinsicValue(items);

            NatureOfTransaction nature = nature(item.categoryOfItem());
            BigDecimal gross = mass(item.grossWeight(), item.grossWeightUnit(), "/consignment/totalGrossMassKg");
            if (gross == null || gross.signum() <= 0) {
                throw missing("MEA WT AAB (gross weight > 0)");
            }

            String remarks = text(item.remarks(), 512, "/consignment/remarks");
            // MIG W116: a malformed number is kept as received (IOSS_FORMAT from the rules)
            String ioss = item.iossNumber().map(String::strip).filter(v -> !v.isEmpty()).orElse(null);

            Consignment consignment = new Consignment(
                    // CNI/C503.1004 -> HOUSE N703 transport document (§5.4)
                    List.of(new Consignment.TransportDocument(TransportDocumentLevel.HOUSE, "N703", s10)),
                    gross, 1, items.size(), null, intrinsic, null, null,
                    item.insuredValue().map(this::unconverted).orElse(null),   // MOA ZIN -> insuredValue, not converted (§5.7)
                    item.postage().map(this::unconverted).orElse(null),        // MOA ZPO -> postage, not converted (§5.7)
                    null, nature, emptyToNull(item.categoryOfItem()), remarks, ioss,
                    new Consignment.Route(dispatch, destination, null, null, ModeOfTransport.POST),
                    postal());

            Correlation correlation = new Correlation(s10, null, null, null, null, Ids.lrn(ctx.declarationId()), null);
            Source source = new Source(ctx.partnerId(), PartnerKind.POSTAL, DIALECT, sourceMessageRef(message, item),
                    null, ctx.receivedAt(), ctx.payloadSha256());
            flags.addAll(conversion.flags());
            // declarationKind is routed by the rules below; GENERIC_LVC only until then
            Declaration mapped = CanonicalText.apply(new Declaration(Declaration.SPEC_VERSION, ctx.declarationId(),
                    ctx.revision(), ctx.functionCode(), DeclarationKind.GENERIC_LVC, ctx.gatewayMessageId(),
                    ctx.createdAt(), new DestinationCustoms(ctx.destinationCountry(), ctx.backendId()),
                    List.of(source), null, correlation, parties, consignment, items, null, conversion.rates(),
                    flags.isEmpty() ? null : new DataQuality(flags)));
            return DataQualityRules.evaluate(mapped, new QualityContext(ctx.rates(), ctx.thresholds(),
                    ctx.genericWords()));
        }

        // ---------------------------------------------------------------- parties

        private Party party(CusitmParty p, PartyRole role, int index, boolean takesReferences) {
            String base = "/parties/" + index;
            // NAD/C080 -> name, components joined with one space, max 70 (§5.3)
            String name = text(p.name(), 70, base + "/name");
            if (name == null) {
                throw missing("NAD " + p.qualifier() + " C080 name");
            }
            // NAD/C059 component 1 -> line1, components 2-4 joined -> line2 (§8.2)
            List<String> street = p.streetLines();
            String line1 = street.isEmpty() ? null : text(street.get(0), 70, base + "/address/line1");
            String line2 = street.size() < 2 ? null
                    : text(String.join(" ", street.subList(1, street.size())), 70, base + "/address/line2");
            String country = country(p.country());
            String city = text(p.city(), 35, base + "/address/city");
            String postcode = text(p.postcode(), 17, base + "/address/postcode");
            String subdivision = text(p.state(), 35, base + "/address/subdivision");
            Party.Address address = null;
            if (city != null && country != null) {
                address = new Party.Address(line1, line2, null, postcode, city, subdivision, country);
            }
            if (role == PartyRole.CONSIGNOR || role == PartyRole.CONSIGNEE) {
                List<String> missing = new ArrayList<>();
                if (line1 == null) {
                    missing.add("street");
                }
                if (postcode == null && country != null && !NO_POSTCODE.contains(country)) {
                    missing.add("postcode");
                }
                if (city == null) {
                    missing.add("city");
                }
                if (!missing.isEmpty()) {
                    flag(FlagCode.ADDRESS_INCOMPLETE, Severity.WARNING, base + "/address",
                            String.join(", ", missing) + " missing");
                }
            }
            Party.Contact contact = contact(p, base);

            List<Party.Identifier> ids = new ArrayList<>();
            if (!p.partyId().isBlank()) {
                // NAD/C082.3039 -> party id (EORI / tax id, MIG §5.3)
                String id = p.partyId().strip().toUpperCase(Locale.ROOT);
                ids.add(new Party.Identifier(EORI.matcher(id).matches() ? IdentifierScheme.EORI
                        : IdentifierScheme.OTHER, id, null));
            }
            if (takesReferences) {
                // RFF VA / RFF ZIO -> SELLER identifiers, else CONSIGNOR's (§5.3 postal column)
                item.sellerVatNumber().map(String::strip).filter(v -> !v.isEmpty())
                        .ifPresent(v -> ids.add(new Party.Identifier(IdentifierScheme.VAT, v, null)));
                item.iossNumber().map(String::strip).filter(v -> !v.isEmpty())
                        .ifPresent(v -> ids.add(new Party.Identifier(IdentifierScheme.IOSS, v, null)));
            }
            return new Party("P" + (index + 1), role, ctx.typeOfPerson(), name, address, contact, ids);
        }

        private Party.Contact contact(CusitmParty p, String base) {
            // COM EM -> contact.email; COM TE -> contact.phone in E.164; FX not mapped (§8.2)
            String email = p.email().map(e -> CanonicalText.plain(e)).filter(e -> !e.isEmpty()).orElse(null);
            if (email != null && (email.length() > 254 || email.indexOf('@') < 1 || email.indexOf(' ') >= 0)) {
                flag(FlagCode.TEXT_NORMALISED, Severity.INFO, base + "/contact",
                        "e-mail '" + email + "' is not an address; dropped");
                email = null;
            }
            String phone = null;
            Optional<String> raw = p.phone();
            if (raw.isPresent() && !raw.get().isBlank()) {
                phone = CanonicalText.e164(raw.get());
                if (phone == null) {
                    // §5.3: unparseable numbers are dropped and flagged (no dedicated code in §5.8)
                    flag(FlagCode.TEXT_NORMALISED, Severity.INFO, base + "/contact",
                            "phone '" + CanonicalText.plain(raw.get()) + "' is not an E.164 number; dropped");
                }
            }
            return email == null && phone == null ? null : new Party.Contact(email, phone);
        }

        /** CARRIER = origin post (LOC ZOP, CDS {@code OrigPostOrgCd}, §5.3) with its UPU code as UPU_ORG. */
        private Optional<Party> carrier(int index) {
            String code = CanonicalText.plain(item.originPost()).toUpperCase(Locale.ROOT);
            if (code.isEmpty()) {
                return Optional.empty();
            }
            String name = ctx.postOrganisations().getOrDefault(code, code);
            return Optional.of(new Party("P" + (index + 1), PartyRole.CARRIER, TypeOfPerson.LEGAL,
                    CanonicalText.normalise(name, 70).text(), null, null,
                    List.of(new Party.Identifier(IdentifierScheme.UPU_ORG, code, null))));
        }

        // ---------------------------------------------------------------- items

        private List<Item> items(String dispatch, String sellerRef) {
            List<Item> out = new ArrayList<>();
            if (item.pieces().isEmpty()) {
                throw missing("SG3 content piece");
            }
            for (ContentPiece piece : item.pieces()) {
                int i = out.size();
                String base = "/items/" + i;
                // LIN order -> sequence 1..n, contiguous whatever LIN 1082 says (§5.5, MIG V4)
                String description = text(piece.description(), 512, base + "/description");
                if (description == null) {
                    throw missing("FTX AAA description of piece " + piece.lineNumberText());
                }
                HsCode hs = hsCode(piece.hsCode());
                BigDecimal qty = piece.quantity();
                if (qty == null || qty.signum() <= 0) {
                    throw missing("QTY > 0 of piece " + piece.lineNumberText());
                }
                // QTY unit PCE or none -> H87 (§5.5; other units are ignored, MIG W118)
                Quantity quantity = new Quantity(plainScale(qty), "H87");
                BigDecimal net = mass(piece.netWeight(), piece.netWeightUnit(), base + "/netMassKg");
                Amount amount = piece.value();
                if (amount == null || amount.value() == null || amount.currency().isEmpty()) {
                    throw missing("MOA 203 of piece " + piece.lineNumberText());
                }
                Money original = money(amount.value(), amount.currency());
                Money value = convert(original, base + "/value");
                String origin = country(piece.originCountry());
                if (origin == null) {
                    origin = dispatch;
                    flag(FlagCode.ORIGIN_ASSUMED, Severity.WARNING, base + "/countryOfOrigin",
                            "no LOC 27; country of dispatch " + dispatch + " used");
                }
                out.add(new Item(i + 1, description, hs, quantity, net, null, value, null,
                        value == original ? null : original, origin, null, null, null, sellerRef, null, null));
            }
            return out;
        }

        /** LIN C212.7140 -> hsCode; system from length and destination (CANONICAL §4 HsCode). */
        private HsCode hsCode(String raw) {
            String digits = raw == null ? "" : raw.replaceAll("[.\\s]", "");
            if (digits.isEmpty()) {
                return null;
            }
            if (!HsCodes.valid(digits)) {
                throw new PostalMappingException("HS code '" + raw + "' is not 6 to 10 digits (MIG V7, E112)");
            }
            return HsCodes.classify(digits, ctx.destinationCountry());
        }

        // ---------------------------------------------------------------- values

        private Money intrinsicValue(List<Item> items) {
            String cur = ctx.declarationCurrency();
            BigDecimal sum = BigDecimal.ZERO.setScale(fractionDigits(cur));
            for (Item i : items) {
                sum = sum.add(i.value().amount());
            }
            return new Money(sum, cur);
        }

        /** A value in the declaration currency; converted and listed in exchangeRates when needed (§5.7). */
        private Money convert(Money original, String path) {
            return conversion.convert(original, path, true);
        }

        private Money unconverted(Amount a) {
            if (a.value() == null || a.currency().isEmpty()) {
                return null;
            }
            return money(a.value(), a.currency());
        }

        // ---------------------------------------------------------------- small fields

        private Consignment.Postal postal() {
            List<Consignment.PostalDocument> docs = new ArrayList<>();
            for (AttachedDocument d : item.documents()) {
                // DOC 1001 / 1000 / 1004 -> postal.documents[] type, name, reference (§8.2)
                int i = docs.size();
                docs.add(new Consignment.PostalDocument(d.code(),
                        text(d.name(), 70, "/consignment/postal/documents/" + i + "/name"),
                        text(d.number(), 70, "/consignment/postal/documents/" + i + "/reference")));
            }
            return new Consignment.Postal(emptyToNull(item.mailClass()), emptyToNull(item.originPost()),
                    emptyToNull(item.destinationPost()), item.postingDate(), emptyToNull(message.sendingPost()),
                    emptyToNull(message.customsOffice()), docs);
        }

        /** §5.4: country of the CZ party, else the first 2 letters of LOC ZOP. */
        private String dispatchCountry(CusitmParty cz) {
            String c = country(cz.country());
            if (c == null && item.originPost().length() >= 2) {
                c = country(item.originPost().substring(0, 2));
            }
            if (c == null) {
                throw missing("country of dispatch (NAD CZ 3207 or LOC ZOP)");
            }
            return c;
        }

        private void checkS10(String s10) {
            int expected = CusitmValidator.s10CheckDigit(s10);
            if (expected < 0) {
                throw new PostalMappingException("S10 id '" + s10 + "' is malformed (MIG V1, E101)");
            }
            int actual = s10.charAt(10) - '0';
            if (actual != expected) {
                flag(FlagCode.S10_CHECK_DIGIT, Severity.WARNING, "/correlation/s10ItemId",
                        "check digit " + actual + ", expected " + expected);
            }
        }

        /** kg with 3 decimals HALF_UP; MASS_ROUNDED when information was lost, UNIT_CONVERTED for GRM. */
        private BigDecimal mass(BigDecimal raw, String unit, String path) {
            if (raw == null) {
                return null;
            }
            BigDecimal kg = raw;
            if ("GRM".equals(unit)) {
                kg = raw.movePointLeft(3);
                flag(FlagCode.UNIT_CONVERTED, Severity.INFO, path, raw.toPlainString() + " g converted to kg");
            } else if (raw.stripTrailingZeros().scale() > 3) {
                flag(FlagCode.MASS_ROUNDED, Severity.INFO, path, raw.toPlainString() + " kg rounded to 3 decimals");
            }
            return kg.setScale(3, RoundingMode.HALF_UP);
        }

        private String text(String raw, int max, String path) {
            CanonicalText.Bounded n = CanonicalText.normalise(raw, max);
            if (n.changed()) {
                flag(FlagCode.TEXT_NORMALISED, Severity.INFO, path, n.truncated()
                        ? "truncated to " + max + " characters" : "control characters removed or NFC applied");
            }
            return n.text().isEmpty() ? null : n.text();
        }

        private void flag(FlagCode code, Severity severity, String path, String detail) {
            String d = detail == null ? null : CanonicalText.normalise(detail, 512).text();
            flags.add(new DataQuality.Flag(code, severity, path, d));
        }

        private PostalMappingException missing(String what) {
            return new PostalMappingException("item " + item.s10() + " (CNI " + item.sequenceText()
                    + "): mandatory " + what + " missing");
        }
    }

    // -------------------------------------------------------------------- helpers

    /** {@code sources[].sourceMessageRef} = UNB 0020 / UNH 0062 / CNI 1490 (§5.1, max 70). */
    static String sourceMessageRef(CusitmMessage message, CusitmItem item) {
        String ref = message.interchangeRef() + "/" + message.messageRef() + "/" + item.sequenceText();
        return ref.length() > 70 ? ref.substring(0, 70) : ref;
    }

    /** ZCI category -> natureOfTransaction (MIG §8.1). */
    static NatureOfTransaction nature(String zci) {
        return switch (zci == null ? "" : zci.strip()) {
            case "11" -> NatureOfTransaction.SALE_OF_GOODS;
            case "21" -> NatureOfTransaction.RETURNED_GOODS;
            case "31" -> NatureOfTransaction.GIFT;
            case "32" -> NatureOfTransaction.COMMERCIAL_SAMPLE;
            case "91" -> NatureOfTransaction.DOCUMENTS;
            default -> NatureOfTransaction.OTHER; // 991 and anything a profile did not map
        };
    }

    /** Money with the ISO 4217 minor unit of its currency (§4 Money). */
    static Money money(BigDecimal amount, String currency) {
        // MIG §3.4 accepts up to 3 amount decimals whatever the currency: rounded to its minor unit
        return Money.rounded(amount, currency);
    }

    /** ISO 4217 exponent; 2 for codes without one (XDR) or unknown to the JDK. */
    static int fractionDigits(String currency) {
        return Money.minorDigits(currency);
    }

    private static String country(String raw) {
        String c = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        return Gw10CodeLists.isCountry(c) ? c : null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A decimal without trailing zeros and never with a negative scale (§4 Decimal). */
    static BigDecimal plainScale(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
