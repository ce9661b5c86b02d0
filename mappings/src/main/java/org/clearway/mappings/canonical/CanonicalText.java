package org.clearway.mappings.canonical;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Text} rule of CANONICAL-MODEL §4 applied to a whole declaration: TAB, CR and LF become
 * one space, other C0/C1 control characters are removed, NFC is applied and the value is trimmed;
 * every changed value gets a {@code TEXT_NORMALISED} flag (§5.8) at its JSON Pointer. Every mapper
 * (postal, express, platform fusion) ends with {@link #apply}, so no reader's free text can reach a
 * signed declaration with a line break, whatever field it came in (a quoted CSV cell with a line
 * break, an NDJSON {@code \n}, an XML character reference). Values a mapper already normalised and
 * flagged itself are unchanged and not flagged twice. Lengths are the mappers' business (a
 * normalised value is never longer than its source).
 */
public final class CanonicalText {

    private CanonicalText() {
    }

    /** One normalised value and what was done to it (null when nothing flag-worthy). */
    public record Normalised(String text, String change) {
        public boolean changed() {
            return change != null;
        }
    }

    /** §4 Text for one value; null stays null. */
    public static Normalised normalise(String raw) {
        if (raw == null) {
            return new Normalised(null, null);
        }
        StringBuilder b = new StringBuilder(raw.length());
        boolean breaks = false;
        boolean controls = false;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t' || cp == '\r' || cp == '\n') {
                breaks = true;
                // CR LF (or a break next to a space) is one separator, not two spaces
                if (b.length() == 0 || b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                controls = true;
            } else {
                b.appendCodePoint(cp);
            }
        }
        String text = Normalizer.normalize(b.toString(), Normalizer.Form.NFC);
        boolean nfc = !text.equals(b.toString());
        text = text.strip();
        List<String> what = new ArrayList<>();
        if (breaks) {
            what.add("line breaks or tabs replaced by a space");
        }
        if (controls) {
            what.add("control characters removed");
        }
        if (nfc) {
            what.add("NFC applied");
        }
        // trimming alone is not flagged: §5.8 names control characters and NFC
        return new Normalised(text, what.isEmpty() ? null : String.join(", ", what) + " (§4 Text)");
    }

    /** One value normalised within a maximum length: the text, whether §4 requires the flag, whether it was cut. */
    public record Bounded(String text, boolean changed, boolean truncated) {
    }

    /**
     * §4 Text for a value of a field with a maximum length in code points (null is treated as an
     * empty value): the mappers' one text rule, so postal, express and platform text is normalised
     * alike; a value longer than {@code max} is cut and counts as changed.
     */
    public static Bounded normalise(String raw, int max) {
        Normalised n = normalise(raw == null ? "" : raw);
        String text = n.text();
        boolean changed = n.changed();
        boolean truncated = false;
        if (text.codePointCount(0, text.length()) > max) {
            text = text.substring(0, text.offsetByCodePoints(0, max)).stripTrailing();
            truncated = true;
        }
        return new Bounded(text, changed || truncated, truncated);
    }

    /** §4 Text without flag information (for digests and messages). */
    public static String plain(String raw) {
        return normalise(raw, Integer.MAX_VALUE).text();
    }

    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    /**
     * §5.3 phone rule: a free-format number as E.164 (spaces, dashes, dots and brackets removed, a
     * {@code 00} prefix becomes {@code +}), or null when it is not one.
     */
    public static String e164(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip().replaceAll("[\\s\\-./()]", "");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        return E164.matcher(s).matches() ? s : null;
    }

    /** {@code d} with every free-text member normalised and flagged (§4 Text, §5.8 TEXT_NORMALISED). */
    public static Declaration apply(Declaration d) {
        Pass pass = new Pass(d.dataQuality());
        List<Party> parties = new ArrayList<>();
        for (int i = 0; i < d.parties().size(); i++) {
            parties.add(pass.party(d.parties().get(i), "/parties/" + i));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < d.items().size(); i++) {
            items.add(pass.item(d.items().get(i), "/items/" + i));
        }
        Consignment consignment = d.consignment() == null ? null : pass.consignment(d.consignment());
        Payment payment = d.payment() == null ? null : pass.payment(d.payment());
        List<DataQuality.Flag> flags = new ArrayList<>();
        boolean details = false;
        for (DataQuality.Flag f : d.dataQuality() == null ? List.<DataQuality.Flag>of() : d.dataQuality().flags()) {
            // a detail quoting partner text (DESCRIPTION_FROM_PLATFORM, VAGUE_DESCRIPTION) is Text as well
            String detail = normalise(f.detail()).text();
            details |= !java.util.Objects.equals(detail, f.detail());
            flags.add(new DataQuality.Flag(f.code(), f.severity(), f.path(), detail));
        }
        if (pass.added.isEmpty() && !details) {
            return d;
        }
        flags.addAll(pass.added);
        return new Declaration(d.specVersion(), d.declarationId(), d.revision(), d.functionCode(),
                d.declarationKind(), d.gatewayMessageId(), d.createdAt(), d.destinationCustoms(), d.sources(),
                d.provenance(), d.correlation(), parties, consignment, items, payment, d.exchangeRates(),
                new DataQuality(flags));
    }

    private static final class Pass {
        private final Set<String> flagged = new HashSet<>();
        private final List<DataQuality.Flag> added = new ArrayList<>();

        Pass(DataQuality existing) {
            if (existing != null) {
                existing.flags().stream().filter(f -> f.code() == FlagCode.TEXT_NORMALISED)
                        .forEach(f -> flagged.add(f.path()));
            }
        }

        String text(String raw, String path) {
            Normalised n = normalise(raw);
            if (n.changed() && flagged.add(path)) {
                added.add(new DataQuality.Flag(FlagCode.TEXT_NORMALISED, Severity.INFO, path, n.change()));
            }
            return n.text();
        }

        Party party(Party p, String base) {
            Party.Address a = p.address();
            if (a != null) {
                String b = base + "/address";
                a = new Party.Address(text(a.line1(), b + "/line1"), text(a.line2(), b + "/line2"),
                        text(a.houseNumber(), b + "/houseNumber"), text(a.postcode(), b + "/postcode"),
                        text(a.city(), b + "/city"), text(a.subdivision(), b + "/subdivision"), a.country());
            }
            Party.Contact c = p.contact();
            if (c != null) {
                c = new Party.Contact(text(c.email(), base + "/contact/email"), c.phone());
            }
            List<Party.Identifier> ids = new ArrayList<>();
            for (int i = 0; i < p.identifiers().size(); i++) {
                Party.Identifier id = p.identifiers().get(i);
                String ib = base + "/identifiers/" + i;
                ids.add(new Party.Identifier(id.scheme(), text(id.value(), ib + "/value"),
                        text(id.issuer(), ib + "/issuer")));
            }
            return new Party(p.partyRef(), p.role(), p.typeOfPerson(), text(p.name(), base + "/name"), a, c, ids);
        }

        Item item(Item i, String base) {
            List<Item.AdditionalDocument> docs = indexed(i.additionalDocuments(), base + "/additionalDocuments",
                    (doc, b) -> new Item.AdditionalDocument(doc.type(), text(doc.reference(), b + "/reference")));
            return new Item(i.sequence(), text(i.description(), base + "/description"), i.hsCode(), i.quantity(),
                    i.netMassKg(), i.grossMassKg(), i.value(), i.unitPrice(), i.originalValue(), i.countryOfOrigin(),
                    text(i.productUrl(), base + "/productUrl"), text(i.sku(), base + "/sku"),
                    text(i.platformLineId(), base + "/platformLineId"), i.sellerRef(), i.dangerousGoodsUn(), docs);
        }

        Consignment consignment(Consignment c) {
            String base = "/consignment";
            List<Consignment.TransportDocument> docs = indexed(c.transportDocuments(), base + "/transportDocuments",
                    (t, b) -> new Consignment.TransportDocument(t.level(), t.type(), text(t.number(), b + "/number")));
            Consignment.Invoice invoice = c.invoice() == null ? null : new Consignment.Invoice(
                    text(c.invoice().number(), base + "/invoice/number"), c.invoice().date(), c.invoice().total());
            Consignment.Postal postal = c.postal();
            if (postal != null) {
                List<Consignment.PostalDocument> pd = indexed(postal.documents(), base + "/postal/documents",
                        (x, b) -> new Consignment.PostalDocument(x.type(), text(x.name(), b + "/name"),
                                text(x.reference(), b + "/reference")));
                postal = new Consignment.Postal(postal.mailClass(), postal.originPost(), postal.destinationPost(),
                        postal.postingDate(), postal.sendingPost(), postal.customsOffice(), pd);
            }
            return new Consignment(docs, c.totalGrossMassKg(), c.totalPackages(), c.totalItems(), invoice,
                    c.intrinsicValue(), c.transportCost(), c.insuranceCost(), c.insuredValue(), c.postage(),
                    c.incoterm(), c.natureOfTransaction(), c.upuCategoryCode(), text(c.remarks(), base + "/remarks"),
                    c.iossNumber(), c.route(), postal);
        }

        Payment payment(Payment p) {
            Payment.Vat v = p.vat();
            if (v != null) {
                v = new Payment.Vat(v.scheme(), v.iossNumber(), v.collected(),
                        text(v.registrationNumber(), "/payment/vat/registrationNumber"));
            }
            return new Payment(p.method(), p.amount(), p.paidAt(), text(p.transactionRef(), "/payment/transactionRef"),
                    p.payerRef(), v);
        }

        private static <T> List<T> indexed(List<T> in, String base, java.util.function.BiFunction<T, String, T> f) {
            List<T> out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                out.add(f.apply(in.get(i), base + "/" + i));
            }
            return out;
        }
    }
}
