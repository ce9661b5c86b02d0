package org.clearway.mappings.gw10;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One postal item of a CUSITM: SG1 from CNI to the last content piece (MIG GW10 §5.2 SG1).
 *
 * @param sequenceText     CNI 1490 exactly as received (echoed in CUSRSP ERP)
 * @param sequence         CNI 1490 as a number (0 if not numeric)
 * @param s10              CNI C503.1004 exactly as received (even when malformed)
 * @param postingDateText  DTM 11 C507.2380 as received
 * @param postingDate      the same as a date (null if not a real date; rule V19)
 * @param originPost       LOC ZOP C517.3225
 * @param destinationPost  LOC ZDP C517.3225
 * @param categoryOfItem   GIS list ZCI code ("" if absent)
 * @param mailClass        GIS list ZMC code ("" if absent)
 * @param mailCategory     GIS list ZMK code ("" if absent, it is optional)
 * @param grossWeightUnit  MEA WT AAB C174.6411, normally {@code KGM}
 * @param grossWeight      MEA WT AAB C174.6314 in kg (null if absent or not numeric)
 * @param amounts          every item-level MOA in order ({@code ZDV}, {@code ZPO}, {@code ZIN})
 * @param remarks          FTX AAI texts, every line of every segment joined with one space
 * @param references       RFF C506 in order ({@code VA}, {@code ZIO}, any other)
 * @param documents        DOC segments in order
 * @param parties          SG2 parties in order, every qualifier kept
 * @param pieces           SG3 content pieces in order
 * @param segmentPositions positions (UNH = 1) of the item's segments for error pointers, keyed by
 *                         tag or tag + "+" + qualifier ({@code CNI}, {@code DTM}, {@code MOA+ZDV},
 *                         {@code GIS+ZCI}, {@code MEA}, {@code RFF+ZIO}, ...); first occurrence wins
 */
public record CusitmItem(String sequenceText, int sequence, String s10, String postingDateText,
                         LocalDate postingDate, String originPost, String destinationPost,
                         String categoryOfItem, String mailClass, String mailCategory,
                         String grossWeightUnit, BigDecimal grossWeight, List<Amount> amounts,
                         String remarks, List<Reference> references, List<AttachedDocument> documents,
                         List<CusitmParty> parties, List<ContentPiece> pieces,
                         Map<String, Integer> segmentPositions) {

    public CusitmItem {
        amounts = List.copyOf(amounts);
        references = List.copyOf(references);
        documents = List.copyOf(documents);
        parties = List.copyOf(parties);
        pieces = List.copyOf(pieces);
        segmentPositions = Map.copyOf(segmentPositions);
    }

    /** MOA ZDV: total declared value (mandatory in GW10). */
    public Optional<Amount> declaredValue() {
        return amount("ZDV");
    }

    /** MOA ZPO: postage / fees paid. */
    public Optional<Amount> postage() {
        return amount("ZPO");
    }

    /** MOA ZIN: insured value. */
    public Optional<Amount> insuredValue() {
        return amount("ZIN");
    }

    public Optional<Amount> amount(String qualifier) {
        return amounts.stream().filter(a -> qualifier.equals(a.qualifier())).findFirst();
    }

    /** RFF VA: the seller's VAT registration number. */
    public Optional<String> sellerVatNumber() {
        return reference("VA");
    }

    /** RFF ZIO: the IOSS identification number. */
    public Optional<String> iossNumber() {
        return reference("ZIO");
    }

    public Optional<String> reference(String qualifier) {
        return references.stream().filter(r -> qualifier.equals(r.qualifier()))
                .map(Reference::value).findFirst();
    }

    /** NAD CZ: the sender (consignor). */
    public Optional<CusitmParty> sender() {
        return party("CZ");
    }

    /** NAD CN: the addressee (consignee). */
    public Optional<CusitmParty> addressee() {
        return party("CN");
    }

    /** NAD SE: the seller, when not the sender. */
    public Optional<CusitmParty> seller() {
        return party("SE");
    }

    public Optional<CusitmParty> party(String qualifier) {
        return parties.stream().filter(p -> qualifier.equals(p.qualifier())).findFirst();
    }

    /** Position (UNH = 1) of a segment of this item, e.g. {@code positionOf("MOA+ZDV")}. */
    public Optional<Integer> positionOf(String key) {
        return Optional.ofNullable(segmentPositions.get(key));
    }
}
