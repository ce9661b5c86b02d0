package org.clearway.mappings.postal;

import org.clearway.mappings.canonical.CanonicalText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clearway.mappings.postal.PostalSamples.context;
import static org.clearway.mappings.postal.PostalSamples.read;

import java.math.BigDecimal;
import java.util.List;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.gw10.Amount;
import org.clearway.mappings.gw10.Communication;
import org.clearway.mappings.gw10.ContentPiece;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmParty;
import org.clearway.mappings.gw10.Reference;
import org.junit.jupiter.api.Test;

/** One item that raises every postal data-quality flag at once (CANONICAL-MODEL §5.8). */
class NastyItemTest {

    private static final String LONG_NAME = "Ame\u0301lie\tPoulain-Dufayel " + "X".repeat(60);

    static CusitmItem nasty() {
        CusitmParty cz = new CusitmParty("CZ", "GB123456789000", List.of(LONG_NAME.substring(0, 35), LONG_NAME.substring(35)),
                List.of("1 RUE\u0007 LEPIC", "BAT B", "ESC 2", "3E ETAGE"), "PARIS", "", "75018", "FR",
                List.of(new Communication("TE", "call me maybe"), new Communication("EM", "not-an-address")), 10);
        CusitmParty cn = new CusitmParty("CN", "", List.of("ANNA", "SCHMIDT"), List.of(), "BERLIN", "", "", "DE",
                List.of(new Communication("TE", "0049 30 123-456")), 12);
        List<ContentPiece> pieces = List.of(
                new ContentPiece("7", 7, "", "", "Gifts", new BigDecimal("1"), "PCE", "KGM", new BigDecimal("0.12345"),
                        Amount.of("203", "10.00", "EUR"), "", 14),
                new ContentPiece("9", 9, "61.09.10", "HS", "AB-1234/X", new BigDecimal("2.000"), "", "KGM",
                        new BigDecimal("0.2"), Amount.of("203", "150.00", "EUR"), "CN", 20));
        return new CusitmItem("3", 3, "CP473124828GB", "20261120", java.time.LocalDate.of(2026, 11, 20), "FRA", "DEA",
                "11", "C", "", "KGM", new BigDecimal("0.2"), List.of(Amount.of("ZDV", "160.00", "EUR")),
                "LINE ONE\r\nLINE\u0085TWO", List.of(new Reference("ZIO", "IM12345")), List.of(), List.of(cz, cn),
                pieces, java.util.Map.of());
    }

    private static DataQuality.Flag flag(Declaration d, FlagCode code, String path) {
        return d.dataQuality().flags().stream().filter(f -> f.code() == code && f.path().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("no " + code + " at " + path + " in "
                        + d.dataQuality().flags()));
    }

    @Test
    void everyPostalFlagIsRaisedWithItsPointerAndDetail() {
        CusitmMessage m = read("02-two-items-three-pieces.edi").get(0);
        Declaration d = CusitmToCanonical.map(m, nasty(), context());

        assertThat(flag(d, FlagCode.S10_CHECK_DIGIT, "/correlation/s10ItemId").detail())
                .isEqualTo("check digit 8, expected 9");
        assertThat(flag(d, FlagCode.VAGUE_DESCRIPTION, "/items/0/description").detail()).isEqualTo("gift");
        assertThat(flag(d, FlagCode.VAGUE_DESCRIPTION, "/items/1/description").detail()).isEqualTo("SKU-like");
        assertThat(flag(d, FlagCode.HS_MISSING, "/items/0/hsCode").severity()).isEqualTo(Severity.ERROR); // ENS
        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(flag(d, FlagCode.DE_MINIMIS_EXCEEDED, "/consignment/intrinsicValue")).isNotNull();
        assertThat(flag(d, FlagCode.IOSS_FORMAT, "/consignment/iossNumber").detail()).contains("IM12345");
        assertThat(d.consignment().iossNumber()).isEqualTo("IM12345");
        assertThat(flag(d, FlagCode.MASS_ROUNDED, "/items/0/netMassKg").detail()).contains("0.12345");
        assertThat(d.items().get(0).netMassKg()).isEqualTo(new BigDecimal("0.123"));
        assertThat(flag(d, FlagCode.MASS_INCONSISTENT, "/consignment/totalGrossMassKg").detail())
                .contains("0.323", "0.200");
        assertThat(flag(d, FlagCode.ORIGIN_ASSUMED, "/items/0/countryOfOrigin")).isNotNull();
        assertThat(d.items().get(0).countryOfOrigin()).isEqualTo("FR");
        assertThat(flag(d, FlagCode.ADDRESS_INCOMPLETE, "/parties/1/address").detail())
                .isEqualTo("street, postcode missing");

        Party consignor = d.parties().get(0);
        assertThat(consignor.role()).isEqualTo(PartyRole.CONSIGNOR);
        // NFC, TAB -> space, joined components, truncated at 70 code points
        assertThat(consignor.name()).startsWith("Amélie Poulain-Dufayel X").hasSize(70);
        assertThat(flag(d, FlagCode.TEXT_NORMALISED, "/parties/0/name").detail()).contains("70");
        assertThat(consignor.address().line1()).isEqualTo("1 RUE LEPIC");
        assertThat(flag(d, FlagCode.TEXT_NORMALISED, "/parties/0/address/line1")).isNotNull();
        assertThat(consignor.address().line2()).isEqualTo("BAT B ESC 2 3E ETAGE");
        assertThat(consignor.contact()).isNull();
        assertThat(flag(d, FlagCode.TEXT_NORMALISED, "/parties/0/contact")).isNotNull();
        assertThat(consignor.identifiers()).extracting(Party.Identifier::scheme, Party.Identifier::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                                org.clearway.mappings.canonical.IdentifierScheme.EORI, "GB123456789000"),
                        org.assertj.core.groups.Tuple.tuple(
                                org.clearway.mappings.canonical.IdentifierScheme.IOSS, "IM12345"));
        Party consignee = d.parties().get(1);
        assertThat(consignee.name()).isEqualTo("ANNA SCHMIDT");
        assertThat(consignee.contact().phone()).isEqualTo("+4930123456");
        // CR LF -> one space; NEL (C1) is removed, not replaced (§4)
        assertThat(d.consignment().remarks()).isEqualTo("LINE ONE LINETWO");
        assertThat(d.items().get(1).hsCode().value()).isEqualTo("610910");
        assertThat(d.items().get(1).quantity().value()).isEqualTo(new BigDecimal("2"));
        // LIN 7 and 9 become items 1 and 2 (contiguous, §5.5)
        assertThat(d.items()).extracting(i -> i.sequence()).containsExactly(1, 2);
        assertThat(d.sources().get(0).sourceMessageRef()).isEqualTo("DP0000000002/1/3");

        byte[] json = CanonicalJson.write(d);
        assertThat(CanonicalJson.readDeclaration(json)).isEqualTo(d);
    }

    @Test
    void malformedHsCodeOrMissingSenderIsRefused() {
        CusitmMessage m = read("02-two-items-three-pieces.edi").get(0);
        CusitmItem n = nasty();
        CusitmItem noSender = new CusitmItem(n.sequenceText(), n.sequence(), n.s10(), n.postingDateText(),
                n.postingDate(), n.originPost(), n.destinationPost(), n.categoryOfItem(), n.mailClass(),
                n.mailCategory(), n.grossWeightUnit(), n.grossWeight(), n.amounts(), n.remarks(), n.references(),
                n.documents(), n.parties().subList(1, 2), n.pieces(), n.segmentPositions());
        assertThatThrownBy(() -> CusitmToCanonical.map(m, noSender, context()))
                .isInstanceOf(PostalMappingException.class).hasMessageContaining("NAD CZ");
    }

    @Test
    void phoneNumbersAreNormalisedToE164OrDropped() {
        assertThat(CanonicalText.e164("+44 20 7946 0000")).isEqualTo("+442079460000");
        assertThat(CanonicalText.e164("0044 (20) 7946-0000")).isEqualTo("+442079460000");
        assertThat(CanonicalText.e164("020 7946 0000")).isNull();
        assertThat(CanonicalText.e164("+0123456789")).isNull();
        assertThat(CanonicalText.e164("+12")).isNull();
    }

    @Test
    void textNormalisationFollowsCanonicalSection4() {
        assertThat(CanonicalText.normalise("  A\tB\r\nC  ", 100)).isEqualTo(new CanonicalText.Bounded("A B C", true, false));
        assertThat(CanonicalText.normalise("e\u0301", 100).text()).isEqualTo("é");
        assertThat(CanonicalText.normalise("plain", 100).changed()).isFalse();
        assertThat(CanonicalText.normalise("\u0000x\u009F", 100)).isEqualTo(new CanonicalText.Bounded("x", true, false));
        // counted in code points: 3 emoji of 2 chars each fit into 3
        assertThat(CanonicalText.normalise("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 3).text())
                .isEqualTo("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00");
    }
}
