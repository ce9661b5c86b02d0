package org.clearway.mappings.postal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.clearway.mappings.postal.PostalSamples.context;
import static org.clearway.mappings.postal.PostalSamples.read;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.clearway.mappings.canonical.CanonicalJson;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.ExchangeRate;
import org.clearway.mappings.canonical.FlagCode;
import org.clearway.mappings.canonical.HsSystem;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.ModeOfTransport;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.canonical.Severity;
import org.clearway.mappings.canonical.TransportDocumentLevel;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmValidator;
import org.clearway.mappings.gw10.ValidationSettings;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.mappings.rates.MissingExchangeRateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CusitmToCanonicalTest {

    private static Declaration map(String sample, int message, int item) {
        CusitmMessage m = read(sample).get(message);
        return CusitmToCanonical.map(m, m.items().get(item), context());
    }

    private static Party party(Declaration d, PartyRole role) {
        return d.parties().stream().filter(p -> p.role() == role).findFirst().orElseThrow();
    }

    private static List<DataQuality.Flag> flags(Declaration d, FlagCode code) {
        return d.dataQuality() == null ? List.of()
                : d.dataQuality().flags().stream().filter(f -> f.code() == code).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"01-minimal-item.edi", "02-two-items-three-pieces.edi", "03-many-content-pieces.edi",
            "04-multi-message-crlf.edi", "05-una-custom-separators.edi", "06-release-characters.edi",
            "07-unoc-latin1.edi", "08-unoy-utf8-v4.edi", "09-decimal-comma-crlf.edi"})
    void everySampleItemMapsToACanonicalDeclarationThatRoundTrips(String sample) {
        int mapped = 0;
        for (CusitmMessage m : read(sample)) {
            assertThat(CusitmValidator.validate(m, ValidationSettings.defaults()).allProblems())
                    .noneMatch(p -> p.isError());
            for (CusitmItem item : m.items()) {
                Declaration d = CusitmToCanonical.map(m, item, context());
                byte[] json = CanonicalJson.write(d);
                assertThat(CanonicalJson.readDeclaration(json)).isEqualTo(d);
                assertThat(CanonicalJson.write(CanonicalJson.readDeclaration(json))).isEqualTo(json);

                assertThat(d.correlation().s10ItemId()).isEqualTo(item.s10());
                assertThat(d.correlation().lrn()).isEqualTo("XB9D2E5B1A0C9E4F21");
                assertThat(d.items()).extracting(Item::sequence)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, item.pieces().size()).boxed().toList());
                assertThat(d.consignment().totalItems()).isEqualTo(item.pieces().size());
                assertThat(d.consignment().totalPackages()).isEqualTo(1);
                assertThat(d.consignment().route().modeOfTransport()).isEqualTo(ModeOfTransport.POST);
                assertThat(d.consignment().intrinsicValue().amount())
                        .isEqualByComparingTo(d.items().stream().map(i -> i.value().amount())
                                .reduce(BigDecimal.ZERO, BigDecimal::add));
                assertThat(d.items()).allSatisfy(i -> assertThat(i.value().currency()).isEqualTo("EUR"));
                assertThat(d.sources()).singleElement().satisfies(s -> assertThat(s.sourceMessageRef())
                        .isEqualTo(m.interchangeRef() + "/" + m.messageRef() + "/" + item.sequenceText()));
                // valid samples raise no S10, address or origin warnings
                assertThat(flags(d, FlagCode.S10_CHECK_DIGIT)).isEmpty();
                assertThat(flags(d, FlagCode.ADDRESS_INCOMPLETE)).isEmpty();
                assertThat(flags(d, FlagCode.ORIGIN_ASSUMED).size()).isLessThanOrEqualTo(item.pieces().size());
                mapped++;
            }
        }
        assertThat(mapped).isPositive();
    }

    @Test
    void sample02FirstItemIsConvertedFromGbpWithSellerIdentifiersAndH7() {
        Declaration d = map("02-two-items-three-pieces.edi", 0, 0);

        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_H7);
        // 18.00 * 1.17 = 21.06; 24.50 * 1.17 = 28.665 -> 28.67 (HALF_UP)
        assertThat(d.items().get(0).value()).isEqualTo(Money.of("21.06", "EUR"));
        assertThat(d.items().get(0).originalValue()).isEqualTo(Money.of("18.00", "GBP"));
        assertThat(d.items().get(1).value()).isEqualTo(Money.of("28.67", "EUR"));
        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("49.73", "EUR"));
        assertThat(d.exchangeRates()).containsExactly(new ExchangeRate("GBP", "EUR", new BigDecimal("1.17"),
                LocalDate.of(2026, 11, 20), RateSource.ECB));
        assertThat(flags(d, FlagCode.CURRENCY_CONVERTED)).extracting(DataQuality.Flag::path)
                .containsExactly("/items/0/value", "/items/1/value");
        // issue 12: the detail as the §9.1 example words it, the same for every mapper and the fusion
        assertThat(flags(d, FlagCode.CURRENCY_CONVERTED)).extracting(DataQuality.Flag::detail)
                .containsExactly("18.00 GBP converted at ECB 2026-11-20 rate", "24.50 GBP converted at ECB 2026-11-20 rate");
        assertThat(d.consignment().postage()).isEqualTo(Money.of("9.80", "GBP"));
        assertThat(d.consignment().iossNumber()).isEqualTo("IM3720001234");
        assertThat(d.consignment().natureOfTransaction()).isEqualTo(NatureOfTransaction.SALE_OF_GOODS);
        assertThat(d.consignment().upuCategoryCode()).isEqualTo("11");
        assertThat(d.consignment().totalGrossMassKg()).isEqualTo(new BigDecimal("1.350"));
        assertThat(d.consignment().transportDocuments()).singleElement().satisfies(t -> {
            assertThat(t.level()).isEqualTo(TransportDocumentLevel.HOUSE);
            assertThat(t.type()).isEqualTo("N703");
            assertThat(t.number()).isEqualTo("CP473124829GB");
        });
        assertThat(d.consignment().route().countryOfDispatch()).isEqualTo("GB");
        assertThat(d.consignment().route().countryOfDestination()).isEqualTo("DE");
        assertThat(d.consignment().postal()).satisfies(p -> {
            assertThat(p.mailClass()).isEqualTo("C");
            assertThat(p.originPost()).isEqualTo("GBA");
            assertThat(p.destinationPost()).isEqualTo("DEA");
            assertThat(p.postingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(p.sendingPost()).isEqualTo("DEA");
            assertThat(p.customsOffice()).isEqualTo("DE004850");
            assertThat(p.documents()).singleElement().satisfies(doc -> {
                assertThat(doc.type()).isEqualTo("380");
                assertThat(doc.reference()).isEqualTo("INV-2026-1187");
            });
        });

        assertThat(d.parties()).extracting(Party::partyRef, Party::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("P1", PartyRole.SELLER),
                org.assertj.core.groups.Tuple.tuple("P2", PartyRole.CONSIGNOR),
                org.assertj.core.groups.Tuple.tuple("P3", PartyRole.CONSIGNEE),
                org.assertj.core.groups.Tuple.tuple("P4", PartyRole.CARRIER));
        Party seller = party(d, PartyRole.SELLER);
        assertThat(seller.identifiers()).extracting(Party.Identifier::scheme, Party.Identifier::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IdentifierScheme.VAT, "GB123456789"),
                        org.assertj.core.groups.Tuple.tuple(IdentifierScheme.IOSS, "IM3720001234"));
        assertThat(party(d, PartyRole.CONSIGNOR).identifiers()).isEmpty();
        Party consignor = party(d, PartyRole.CONSIGNOR);
        assertThat(consignor.name()).isEqualTo("BRITISH TEA HOUSE LTD");
        assertThat(consignor.typeOfPerson()).isEqualTo(TypeOfPerson.NATURAL);
        assertThat(consignor.address()).isEqualTo(new Party.Address("UNIT 4 RIVERSIDE WORKS", "12 MILL LANE", null,
                "SE1 9PX", "LONDON", null, "GB"));
        assertThat(consignor.contact()).isEqualTo(new Party.Contact("orders@teahouse.example", "+442079460000"));
        assertThat(party(d, PartyRole.CONSIGNEE).contact().phone()).isEqualTo("+4930123456");
        assertThat(party(d, PartyRole.CARRIER)).satisfies(c -> {
            assertThat(c.name()).isEqualTo("Royal Mail Group Ltd");
            assertThat(c.identifiers()).singleElement().isEqualTo(
                    new Party.Identifier(IdentifierScheme.UPU_ORG, "GBA", null));
        });
        assertThat(d.items()).allSatisfy(i -> assertThat(i.sellerRef()).isEqualTo("P1"));

        Item tea = d.items().get(0);
        assertThat(tea.description()).isEqualTo("BLACK TEA, LOOSE LEAF, 250 G TIN");
        assertThat(tea.hsCode().value()).isEqualTo("090240");
        assertThat(tea.hsCode().system()).isEqualTo(HsSystem.HS);
        assertThat(tea.quantity().value()).isEqualTo(new BigDecimal("2"));
        assertThat(tea.quantity().unit()).isEqualTo("H87");
        assertThat(tea.netMassKg()).isEqualTo(new BigDecimal("0.500"));
        assertThat(tea.countryOfOrigin()).isEqualTo("IN");
        assertThat(flags(d, FlagCode.DE_MINIMIS_EXCEEDED)).isEmpty();
    }

    @Test
    void sample02SecondItemAbove150EurIsAnEnsHouseFilingWithUnconvertedInsuredValue() {
        Declaration d = map("02-two-items-three-pieces.edi", 0, 1);

        assertThat(d.items().get(0).value()).isEqualTo(Money.of("165.60", "EUR"));
        assertThat(d.items().get(0).originalValue()).isEqualTo(Money.of("180.00", "USD"));
        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(flags(d, FlagCode.DE_MINIMIS_EXCEEDED)).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("/consignment/intrinsicValue");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.detail()).contains("165.60 EUR", "150.00 EUR");
        });
        assertThat(d.items().get(0).hsCode().value()).isEqualTo("61101110");
        assertThat(d.items().get(0).hsCode().system()).isEqualTo(HsSystem.CN);
        assertThat(d.consignment().insuredValue()).isEqualTo(Money.of("200.00", "USD"));
        assertThat(d.consignment().postage()).isEqualTo(Money.of("32.50", "USD"));
        assertThat(d.consignment().remarks()).isEqualTo("HAND KNITTED, SOLD VIA ONLINE SHOP");
        assertThat(d.consignment().iossNumber()).isNull();
        // no NAD SE: only CONSIGNOR, CONSIGNEE, CARRIER; no RFF so no identifiers
        assertThat(d.parties()).extracting(Party::role)
                .containsExactly(PartyRole.CONSIGNOR, PartyRole.CONSIGNEE, PartyRole.CARRIER);
        assertThat(party(d, PartyRole.CONSIGNOR).name()).isEqualTo("JOHN O'BRIEN KNITWEAR LLC");
        assertThat(party(d, PartyRole.CONSIGNOR).address().subdivision()).isEqualTo("ME");
        assertThat(party(d, PartyRole.CONSIGNOR).address().postcode()).isEqualTo("04101");
        assertThat(party(d, PartyRole.CARRIER).name()).isEqualTo("USA"); // no configured name: the UPU code
        assertThat(d.items().get(0).sellerRef()).isNull();
    }

    @Test
    void consignorReceivesVatAndIossWhenThereIsNoSeller() {
        CusitmMessage m = read("02-two-items-three-pieces.edi").get(0);
        CusitmItem first = m.items().get(0);
        CusitmItem withoutSeller = new CusitmItem(first.sequenceText(), first.sequence(), first.s10(),
                first.postingDateText(), first.postingDate(), first.originPost(), first.destinationPost(),
                first.categoryOfItem(), first.mailClass(), first.mailCategory(), first.grossWeightUnit(),
                first.grossWeight(), first.amounts(), first.remarks(), first.references(), first.documents(),
                first.parties().stream().filter(p -> !"SE".equals(p.qualifier())).toList(), first.pieces(),
                first.segmentPositions());
        Declaration d = CusitmToCanonical.map(m, withoutSeller, context());
        assertThat(party(d, PartyRole.CONSIGNOR).identifiers()).extracting(Party.Identifier::scheme)
                .containsExactly(IdentifierScheme.VAT, IdentifierScheme.IOSS);
        assertThat(d.parties().get(0).partyRef()).isEqualTo("P1");
    }

    @Test
    void sample01DocumentsWithZeroValueNeedNoHsCode() {
        Declaration d = map("01-minimal-item.edi", 0, 0);
        assertThat(d.consignment().natureOfTransaction()).isEqualTo(NatureOfTransaction.DOCUMENTS);
        assertThat(d.consignment().upuCategoryCode()).isEqualTo("91");
        assertThat(d.items().get(0).hsCode()).isNull();
        assertThat(d.items().get(0).value()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(d.items().get(0).originalValue()).isEqualTo(Money.of("0.00", "USD"));
        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(flags(d, FlagCode.HS_MISSING)).isEmpty();
        // no LOC 27: dispatch country copied and flagged
        assertThat(d.items().get(0).countryOfOrigin()).isEqualTo("US");
        assertThat(flags(d, FlagCode.ORIGIN_ASSUMED)).extracting(DataQuality.Flag::path)
                .containsExactly("/items/0/countryOfOrigin");
        assertThat(party(d, PartyRole.CONSIGNOR).address().subdivision()).isEqualTo("IL");
        assertThat(d.consignment().totalGrossMassKg()).isEqualTo(new BigDecimal("0.120"));
        assertThat(d.consignment().postal().mailClass()).isEqualTo("U");
    }

    @Test
    void sample04CategoriesMapToNatureOfTransaction() {
        List<CusitmMessage> ms = read("04-multi-message-crlf.edi");
        List<NatureOfTransaction> natures = new ArrayList<>();
        for (CusitmMessage m : ms) {
            for (CusitmItem i : m.items()) {
                natures.add(CusitmToCanonical.map(m, i, context()).consignment().natureOfTransaction());
            }
        }
        assertThat(natures).containsExactly(NatureOfTransaction.SALE_OF_GOODS, NatureOfTransaction.SALE_OF_GOODS,
                NatureOfTransaction.COMMERCIAL_SAMPLE, NatureOfTransaction.GIFT, NatureOfTransaction.RETURNED_GOODS);
        Declaration eur = CusitmToCanonical.map(ms.get(0), ms.get(0).items().get(0), context());
        assertThat(eur.exchangeRates()).isEmpty();
        assertThat(eur.items().get(0).originalValue()).isNull();
        assertThat(flags(eur, FlagCode.CURRENCY_CONVERTED)).isEmpty();
    }

    @Test
    void sample05KeepsSeparatorCharactersAndNeedsNoPostcodeInHongKong() {
        Declaration d = map("05-una-custom-separators.edi", 0, 0);
        Party consignor = party(d, PartyRole.CONSIGNOR);
        assertThat(consignor.name()).isEqualTo("A+B TRADING CO: \"GADGETS\"");
        assertThat(consignor.address().line1() + (consignor.address().line2() == null ? ""
                : " " + consignor.address().line2())).isEqualTo("RM 5^6, 8/F | TOWER ~A~");
        assertThat(consignor.address().postcode()).isNull();
        assertThat(flags(d, FlagCode.ADDRESS_INCOMPLETE)).isEmpty();
        assertThat(d.consignment().remarks()).isEqualTo("PRICE A+B: 'BEST' DEAL? 10^3 UNITS | PIPE ~ TILDE \\ BACKSLASH");
        assertThat(d.items().get(0).originalValue()).isEqualTo(Money.of("99.00", "USD"));
    }

    @Test
    void sample07Latin1NamesArriveAsUnicode() {
        Declaration first = map("07-unoc-latin1.edi", 0, 0);
        assertThat(party(first, PartyRole.CONSIGNOR).name()).isEqualTo("André Favre-Bühler");
        assertThat(party(first, PartyRole.CONSIGNOR).address().city()).isEqualTo("Genève");
        assertThat(party(first, PartyRole.CONSIGNEE).name()).isEqualTo("Jürgen Müller-Lüdenscheidt");
        assertThat(party(first, PartyRole.CONSIGNEE).address().line1()).isEqualTo("Straße des 17. Juni 135");
        assertThat(first.items().get(0).value()).isEqualTo(Money.of("63.00", "EUR"));
        Declaration second = map("07-unoc-latin1.edi", 0, 1);
        assertThat(party(second, PartyRole.CONSIGNOR).name()).isEqualTo("Bjørn Ødegård");
        assertThat(party(second, PartyRole.CONSIGNOR).address().city()).isEqualTo("Tromsø");
        assertThat(party(second, PartyRole.CONSIGNEE).name()).isEqualTo("Señora Inés Núñez");
        assertThat(party(second, PartyRole.CONSIGNEE).address().city()).isEqualTo("Düsseldorf");
        // 850.00 NOK * 0.085 = 72.25 EUR
        assertThat(second.items().get(0).value()).isEqualTo(Money.of("72.25", "EUR"));
        assertThat(flags(first, FlagCode.TEXT_NORMALISED)).isEmpty();
    }

    @Test
    void sample08RubCnyAndJpyWithZeroDecimalYen() {
        Declaration rub = map("08-unoy-utf8-v4.edi", 0, 0);
        assertThat(party(rub, PartyRole.CONSIGNOR).name()).isEqualTo("Иван Петрович Сидоров");
        assertThat(party(rub, PartyRole.CONSIGNOR).address().city()).isEqualTo("Москва");
        assertThat(party(rub, PartyRole.CONSIGNOR).contact().phone()).isEqualTo("+74951234567");
        assertThat(rub.items().get(0).originalValue()).isEqualTo(Money.of("3500.00", "RUB"));
        assertThat(rub.items().get(0).value()).isEqualTo(Money.of("36.75", "EUR"));
        assertThat(rub.items().get(0).description()).isEqualTo("Matryoshka dolls (Матрёшка), set of 5");
        assertThat(rub.consignment().natureOfTransaction()).isEqualTo(NatureOfTransaction.GIFT);

        Declaration cny = map("08-unoy-utf8-v4.edi", 0, 1);
        assertThat(party(cny, PartyRole.CONSIGNOR).name()).isEqualTo("王小明");
        assertThat(cny.items().get(0).value()).isEqualTo(Money.of("25.47", "EUR"));

        Declaration jpy = map("08-unoy-utf8-v4.edi", 0, 2);
        assertThat(jpy.items().get(0).originalValue()).isEqualTo(Money.of("3000", "JPY"));
        assertThat(jpy.items().get(0).originalValue().amount().scale()).isZero();
        assertThat(jpy.items().get(0).value()).isEqualTo(Money.of("18.45", "EUR"));
        assertThat(jpy.consignment().natureOfTransaction()).isEqualTo(NatureOfTransaction.COMMERCIAL_SAMPLE);
        assertThat(jpy.consignment().postal().mailClass()).isEqualTo("E");
        assertThat(party(jpy, PartyRole.CONSIGNOR).address().postcode()).isEqualTo("100-0005");
        assertThat(new String(CanonicalJson.write(jpy), java.nio.charset.StandardCharsets.UTF_8))
                .contains("{\"amount\":\"3000\",\"currency\":\"JPY\"}");
    }

    @Test
    void sample09DecimalCommaValues() {
        Declaration d = map("09-decimal-comma-crlf.edi", 0, 0);
        assertThat(d.consignment().totalGrossMassKg()).isEqualTo(new BigDecimal("3.275"));
        assertThat(d.items()).extracting(Item::originalValue)
                .containsExactly(Money.of("99.95", "CHF"), Money.of("50.00", "CHF"));
        assertThat(d.consignment().postage()).isEqualTo(Money.of("38.50", "CHF"));
        assertThat(d.consignment().insuredValue()).isEqualTo(Money.of("150.00", "CHF"));
        assertThat(d.items()).extracting(Item::netMassKg)
                .containsExactly(new BigDecimal("2.150"), new BigDecimal("0.100"));
        // 99.95 * 1.05 = 104.9475 -> 104.95; 50.00 * 1.05 = 52.50; 157.45 > 150
        assertThat(d.consignment().intrinsicValue()).isEqualTo(Money.of("157.45", "EUR"));
        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.EU_ENS_HOUSE);
    }

    @Test
    void missingRateIsReportedWithTheCurrencyPair() {
        CusitmMessage m = read("02-two-items-three-pieces.edi").get(0);
        PostalMappingContext onlyGbp = context(ExchangeRateTable.of(Map.of("GBP/EUR", PostalSamples.rate("1.17"))));
        assertThat(CusitmToCanonical.map(m, m.items().get(0), onlyGbp).items()).hasSize(2);
        assertThatThrownBy(() -> CusitmToCanonical.map(m, m.items().get(1), onlyGbp))
                .isInstanceOf(MissingExchangeRateException.class)
                .satisfies(e -> {
                    assertThat(((MissingExchangeRateException) e).from()).isEqualTo("USD");
                    assertThat(((MissingExchangeRateException) e).to()).isEqualTo("EUR");
                });
    }

    @Test
    void destinationDecidesHsSystemAndDeclarationKind() {
        CusitmMessage m = read("02-two-items-three-pieces.edi").get(0);
        PostalMappingContext base = context();
        PostalMappingContext us = new PostalMappingContext(base.declarationId(), 1, base.functionCode(),
                base.gatewayMessageId(), base.createdAt(), base.partnerId(), base.receivedAt(), base.payloadSha256(),
                "US", "DEMO-CUSTOMS", "USD", ExchangeRateTable.of(Map.of("GBP/USD", PostalSamples.rate("1.27"))),
                null, null, TypeOfPerson.LEGAL, null);
        Declaration d = CusitmToCanonical.map(m, m.items().get(1), us);
        assertThat(d.declarationKind()).isEqualTo(DeclarationKind.US_T86);
        assertThat(d.items().get(0).hsCode().system()).isEqualTo(HsSystem.HTSUS);
        assertThat(d.items().get(0).originalValue()).isNull();
        assertThat(d.exchangeRates()).isEmpty();
        // partner profile says LEGAL (§5.3 typeOfPerson)
        assertThat(party(d, PartyRole.CONSIGNOR).typeOfPerson()).isEqualTo(TypeOfPerson.LEGAL);
        assertThat(party(d, PartyRole.CONSIGNEE).typeOfPerson()).isEqualTo(TypeOfPerson.LEGAL);
        assertThat(flags(d, FlagCode.DE_MINIMIS_EXCEEDED)).isEmpty(); // 180 USD < 800 USD

        PostalMappingContext ch = new PostalMappingContext(base.declarationId(), 1, base.functionCode(),
                base.gatewayMessageId(), base.createdAt(), base.partnerId(), base.receivedAt(), base.payloadSha256(),
                "CH", "CH-CUSTOMS", "CHF", ExchangeRateTable.of(Map.of("USD/CHF", PostalSamples.rate("0.8"))),
                null, null, null, null);
        Declaration c = CusitmToCanonical.map(m, m.items().get(1), ch);
        assertThat(c.declarationKind()).isEqualTo(DeclarationKind.GENERIC_LVC);
        assertThat(c.items().get(0).hsCode().system()).isEqualTo(HsSystem.NATIONAL);
        assertThat(c.items().get(0).hsCode().nationalOf()).isEqualTo("CH");
        assertThat(CanonicalJson.readDeclaration(CanonicalJson.write(c))).isEqualTo(c);
    }
}
