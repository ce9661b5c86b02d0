package org.clearway.mappings.postal;

import org.clearway.mappings.canonical.CanonicalText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.clearway.mappings.gw10.Amount;
import org.clearway.mappings.gw10.AttachedDocument;
import org.clearway.mappings.gw10.Communication;
import org.clearway.mappings.gw10.ContentPiece;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmParty;
import org.clearway.mappings.gw10.Reference;

/**
 * Digest of the normalised business content of a CUSITM item, for the duplicate rule of MIG §9 V20
 * (identical content within the window: ignored; changed content: a new AMENDMENT revision).
 *
 * <p>What counts: the S10 id, posting date, posts, GIS codes, gross weight, MOA amounts, remarks,
 * RFF and DOC values, every party (name and street components, city, state, postcode, country,
 * COM) and every content piece in order (HS, description, quantity and unit, net weight, value,
 * origin). What does not: CNI 1490 and LIN 1082 numbering, UNB/UNH/BGM references, DTM 137 and
 * all envelope timestamps, segment positions, service characters, decimal mark, line breaks and
 * encoding. Texts are NFC-normalised with control characters removed (CANONICAL-MODEL §4); numbers
 * compare by value ({@code 1.350} = {@code 1,35}).
 */
public final class PostalContent {

    private PostalContent() {
    }

    /** SHA-256 of the item's normalised business content, 64 lower-case hex digits. */
    public static String digest(CusitmItem item) {
        Canon c = new Canon();
        c.field("S10", item.s10().strip().toUpperCase(java.util.Locale.ROOT));
        c.field("DTM11", item.postingDate() != null ? item.postingDate().toString() : item.postingDateText());
        c.field("ZOP", item.originPost());
        c.field("ZDP", item.destinationPost());
        c.field("ZCI", item.categoryOfItem());
        c.field("ZMC", item.mailClass());
        c.field("ZMK", item.mailCategory());
        c.field("AAB", item.grossWeightUnit());
        c.number(item.grossWeight());
        for (Amount a : item.amounts()) {
            c.field("MOA", a.qualifier());
            c.number(a.value());
            c.field("CUR", a.currency());
        }
        c.field("AAI", item.remarks());
        for (Reference r : item.references()) {
            c.field("RFF", r.qualifier());
            c.field("VAL", r.value());
        }
        for (AttachedDocument d : item.documents()) {
            c.field("DOC", d.code());
            c.field("NAM", d.name());
            c.field("NUM", d.number());
        }
        for (CusitmParty p : item.parties()) {
            c.field("NAD", p.qualifier());
            c.field("ID", p.partyId());
            p.nameLines().forEach(n -> c.field("N", n));
            p.streetLines().forEach(s -> c.field("S", s));
            c.field("CITY", p.city());
            c.field("STATE", p.state());
            c.field("PC", p.postcode());
            c.field("CTRY", p.country());
            for (Communication com : p.communications()) {
                c.field("COM", com.channel());
                c.field("NR", com.number());
            }
        }
        for (ContentPiece piece : item.pieces()) {
            // LIN 1082 is numbering, not content: left out on purpose
            c.field("LIN", piece.hsCode().replaceAll("[.\\s]", ""));
            c.field("AAA", piece.description());
            c.number(piece.quantity());
            c.field("QU", piece.quantityUnit());
            c.field("AAA-U", piece.netWeightUnit());
            c.number(piece.netWeight());
            if (piece.value() != null) {
                c.number(piece.value().value());
                c.field("CUR", piece.value().currency());
            }
            c.field("LOC27", piece.originCountry());
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(c.out.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    /** Length-prefixed fields, so that no two different contents produce the same string. */
    private static final class Canon {
        final StringBuilder out = new StringBuilder(1024);

        void field(String name, String value) {
            String v = CanonicalText.plain(value);
            out.append(name).append('=').append(v.length()).append(':').append(v).append('\n');
        }

        void number(BigDecimal v) {
            field("#", v == null ? "" : CusitmToCanonical.plainScale(v).toPlainString());
        }
    }
}
