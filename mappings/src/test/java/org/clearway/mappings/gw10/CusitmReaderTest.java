package org.clearway.mappings.gw10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CUSITM reader must give the README's expected values for every shared sample (MIG §5, §11). */
class CusitmReaderTest {

    private static List<CusitmMessage> read(String sample) {
        return CusitmReader.readAll(Samples.bytes(sample));
    }

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    @Test
    void readsMinimalItemWithOnlyMandatoryData() {
        List<CusitmMessage> messages = read("01-minimal-item.edi");
        assertThat(messages).hasSize(1);
        CusitmMessage m = messages.get(0);
        assertThat(m.interchangeRef()).isEqualTo("DP0000000001");
        assertThat(m.envelope().syntaxIdentifier()).isEqualTo("UNOA");
        assertThat(m.envelope().syntaxVersion()).isEqualTo("3");
        assertThat(m.envelope().hasUna()).isFalse();
        assertThat(m.senderId()).isEqualTo("DEPOSTGW");
        assertThat(m.senderQualifier()).isEqualTo("ZZZ");
        assertThat(m.messageRef()).isEqualTo("1");
        assertThat(m.messageIdentifier()).hasToString("CUSITM:1:1:AD:GW10");
        assertThat(m.documentCode()).isEqualTo("936");
        assertThat(m.messageNumber()).isEqualTo("DEPOST-20261124-0001");
        assertThat(m.function()).isEqualTo(MessageFunction.ORIGINAL);
        assertThat(m.messageTime()).isEqualTo(Instant.parse("2026-11-24T08:30:00Z"));
        assertThat(m.sendingPost()).isEqualTo("DEA");
        assertThat(m.customsOffice()).isEqualTo("DE004850");
        assertThat(m.items()).hasSize(1);
        CusitmItem item = m.items().get(0);
        assertThat(item.s10()).isEqualTo("UA100000017US");
        assertThat(item.postingDate()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(item.grossWeight()).isEqualByComparingTo("0.120");
        assertThat(item.declaredValue()).contains(new Amount("ZDV", bd("0.00"), "USD"));
        assertThat(item.postage()).isEmpty();
        assertThat(item.categoryOfItem()).isEqualTo("91");
        assertThat(item.mailClass()).isEqualTo("U");
        assertThat(item.mailCategory()).isEmpty();
        assertThat(item.sender().orElseThrow().state()).isEqualTo("IL");
        assertThat(item.sender().orElseThrow().communications()).isEmpty();
        assertThat(item.pieces()).hasSize(1);
        assertThat(item.pieces().get(0).hsCode()).isEmpty();
        assertThat(item.pieces().get(0).originCountry()).isEmpty();
        // UNT 21: the last piece segment (MOA 203) is at position 20
        assertThat(item.pieces().get(0).position()).isEqualTo(16);
        assertThat(item.positionOf("CNI")).contains(6);
    }

    @Test
    void readsWorkedExampleOneFieldByField() {
        CusitmMessage m = read("02-two-items-three-pieces.edi").get(0);
        assertThat(m.envelope().hasUna()).isTrue();
        assertThat(m.envelope().syntaxIdentifier()).isEqualTo("UNOC");
        assertThat(m.decimalMark()).isEqualTo('.');
        assertThat(m.items()).hasSize(2);
        assertThat(m.items().stream().mapToInt(i -> i.pieces().size()).sum()).isEqualTo(3);

        CusitmItem first = m.items().get(0);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.s10()).isEqualTo("CP473124829GB");
        assertThat(first.originPost()).isEqualTo("GBA");
        assertThat(first.destinationPost()).isEqualTo("DEA");
        assertThat(first.declaredValue()).contains(new Amount("ZDV", bd("42.50"), "GBP"));
        assertThat(first.postage()).contains(new Amount("ZPO", bd("9.80"), "GBP"));
        assertThat(first.grossWeight()).isEqualByComparingTo("1.350");
        assertThat(first.pieces().stream().map(ContentPiece::netWeight).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("1.200");
        assertThat(first.iossNumber()).contains("IM3720001234");
        assertThat(first.sellerVatNumber()).contains("GB123456789");
        assertThat(first.documents()).containsExactly(new AttachedDocument("380", "", "INV-2026-1187"));
        CusitmParty sender = first.sender().orElseThrow();
        assertThat(sender.name()).isEqualTo("BRITISH TEA HOUSE LTD");
        assertThat(sender.streetLines()).containsExactly("UNIT 4 RIVERSIDE WORKS", "12 MILL LANE");
        assertThat(sender.city()).isEqualTo("LONDON");
        assertThat(sender.state()).isEmpty();
        assertThat(sender.postcode()).isEqualTo("SE1 9PX");
        assertThat(sender.country()).isEqualTo("GB");
        assertThat(sender.phone()).contains("+442079460000");
        assertThat(sender.email()).contains("orders@teahouse.example");
        assertThat(first.addressee().orElseThrow().phone()).contains("+4930123456");
        assertThat(first.seller().orElseThrow().streetLines()).containsExactly("12 MILL LANE");
        ContentPiece tea = first.pieces().get(0);
        assertThat(tea.lineNumber()).isEqualTo(1);
        assertThat(tea.hsCode()).isEqualTo("090240");
        assertThat(tea.hsCodeType()).isEqualTo("HS");
        assertThat(tea.description()).isEqualTo("BLACK TEA, LOOSE LEAF, 250 G TIN");
        assertThat(tea.quantity()).isEqualByComparingTo("2");
        assertThat(tea.netWeight()).isEqualByComparingTo("0.500");
        assertThat(tea.value()).isEqualTo(new Amount("203", bd("18.00"), "GBP"));
        assertThat(tea.originCountry()).isEqualTo("IN");

        CusitmItem second = m.items().get(1);
        assertThat(second.s10()).isEqualTo("LX204812345US");
        assertThat(second.declaredValue()).contains(new Amount("ZDV", bd("180.00"), "USD"));
        assertThat(second.postage()).contains(new Amount("ZPO", bd("32.50"), "USD"));
        assertThat(second.insuredValue()).contains(new Amount("ZIN", bd("200.00"), "USD"));
        assertThat(second.remarks()).isEqualTo("HAND KNITTED, SOLD VIA ONLINE SHOP");
        assertThat(second.sender().orElseThrow().name()).isEqualTo("JOHN O'BRIEN KNITWEAR LLC");
        assertThat(second.sender().orElseThrow().state()).isEqualTo("ME");
        assertThat(second.sender().orElseThrow().postcode()).isEqualTo("04101");
        assertThat(second.addressee().orElseThrow().communications()).isEmpty();
        assertThat(second.pieces()).singleElement().satisfies(p -> {
            assertThat(p.lineNumber()).isEqualTo(1);
            assertThat(p.hsCode()).isEqualTo("61101110");
            assertThat(p.description()).isEqualTo("MEN'S WOOL SWEATER, KNITTED");
            // UNT 60: LOC 27 of this piece is segment 60 - 1; LIN is 5 before it
            assertThat(p.position()).isEqualTo(54);
        });
    }

    @Test
    void readsTwelvePiecesInMixedCase() {
        CusitmMessage m = read("03-many-content-pieces.edi").get(0);
        assertThat(m.envelope().syntaxIdentifier()).isEqualTo("UNOB");
        assertThat(m.messageRef()).isEqualTo("M1");
        CusitmItem item = m.items().get(0);
        assertThat(item.s10()).isEqualTo("CX000123455CH");
        assertThat(item.pieces()).extracting(ContentPiece::lineNumber)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(item.pieces().stream().map(p -> p.value().value()).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("154.36");
        assertThat(item.pieces().stream().map(ContentPiece::netWeight).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("6.000");
        assertThat(item.grossWeight()).isEqualByComparingTo("6.500");
        assertThat(item.declaredValue().orElseThrow().value()).isEqualByComparingTo("154.36");
        assertThat(item.postage().orElseThrow()).isEqualTo(new Amount("ZPO", bd("45.00"), "CHF"));
        assertThat(item.sender().orElseThrow().name()).isEqualTo("Spielwaren Keller AG");
        assertThat(item.pieces().get(0).description()).isEqualTo("Wooden train set");
    }

    @Test
    void readsThreeMessagesOfOneInterchange() {
        List<CusitmMessage> messages = read("04-multi-message-crlf.edi");
        assertThat(messages).extracting(CusitmMessage::messageNumber)
                .containsExactly("DEPOST-20261124-0004", "DEPOST-20261124-0005", "DEPOST-20261124-0006");
        assertThat(messages).extracting(CusitmMessage::messageRef).containsExactly("1", "2", "3");
        assertThat(messages.stream().mapToInt(m -> m.items().size()).sum()).isEqualTo(5);
        CusitmItem ca = messages.get(0).items().get(0);
        assertThat(ca.s10()).isEqualTo("CA112233447CN");
        assertThat(ca.declaredValue().orElseThrow()).isEqualTo(new Amount("ZDV", bd("24.90"), "EUR"));
        CusitmItem ub = messages.get(0).items().get(1);
        assertThat(ub.s10()).isEqualTo("UB556677887CN");
        assertThat(ub.declaredValue().orElseThrow().value()).isEqualByComparingTo("4.99");
        assertThat(ub.pieces().get(0).quantity()).isEqualByComparingTo("2");
        CusitmItem ee = messages.get(1).items().get(0);
        assertThat(ee.s10()).isEqualTo("EE471108151FR");
        assertThat(ee.categoryOfItem()).isEqualTo("32");
        assertThat(ee.declaredValue().orElseThrow().value()).isEqualByComparingTo("1.00");
        assertThat(messages.get(2).items()).extracting(CusitmItem::s10, CusitmItem::categoryOfItem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CB990011220TR", "31"),
                        org.assertj.core.groups.Tuple.tuple("RA314159268NO", "21"));
        assertThat(messages.get(2).items().get(1).declaredValue().orElseThrow())
                .isEqualTo(new Amount("ZDV", bd("129.00"), "NOK"));
    }

    @Test
    void unescapesWithCustomServiceCharacters() {
        CusitmMessage m = read("05-una-custom-separators.edi").get(0);
        assertThat(m.envelope().componentSeparator()).isEqualTo('|');
        assertThat(m.envelope().releaseCharacter()).isEqualTo('\\');
        assertThat(m.messageRef()).isEqualTo("X1");
        CusitmItem item = m.items().get(0);
        assertThat(item.s10()).isEqualTo("CE765432106HK");
        CusitmParty sender = item.sender().orElseThrow();
        assertThat(sender.name()).isEqualTo("A+B TRADING CO: \"GADGETS\"");
        assertThat(sender.street()).isEqualTo("RM 5^6, 8/F | TOWER ~A~");
        assertThat(sender.postcode()).isEmpty();
        assertThat(sender.country()).isEqualTo("HK");
        assertThat(item.remarks()).isEqualTo("PRICE A+B: 'BEST' DEAL? 10^3 UNITS | PIPE ~ TILDE \\ BACKSLASH");
        assertThat(item.declaredValue().orElseThrow()).isEqualTo(new Amount("ZDV", bd("99.00"), "USD"));
        assertThat(item.pieces().get(0).description()).isEqualTo("USB-C HUB 7-IN-1 (ALUMINIUM) \\ GREY");
    }

    @Test
    void unescapesReleaseCharacterWithDefaults() {
        CusitmItem item = read("06-release-characters.edi").get(0).items().get(0);
        assertThat(item.s10()).isEqualTo("RR473124829GB");
        assertThat(item.sender().orElseThrow().name()).isEqualTo("SEAN O'BRIEN");
        assertThat(item.sender().orElseThrow().street()).isEqualTo("FLAT 2+3, 10 O'CONNELL ST");
        assertThat(item.addressee().orElseThrow().name()).isEqualTo("MARIE D'ARCY");
        assertThat(item.addressee().orElseThrow().street()).isEqualTo("C/O HOTEL \"AM SEE\": ZIMMER 12");
        assertThat(item.remarks())
                .isEqualTo("GIFT FOR BIRTHDAY: 'HAPPY 30TH' + CARD SENDER ASKS: WHY CUSTOMS? NO IDEA");
        assertThat(item.pieces()).extracting(ContentPiece::description)
                .containsExactly("BOOK \"HOW TO: EDI + YOU\" (PAPERBACK)", "MUG 'WORLD'S BEST DAD?'");
        assertThat(item.declaredValue().orElseThrow().value()).isEqualByComparingTo("25.00");
    }

    @Test
    void decodesLatin1Bytes() {
        List<CusitmItem> items = read("07-unoc-latin1.edi").get(0).items();
        CusitmItem ch = items.get(0);
        assertThat(ch.s10()).isEqualTo("CH202620268CH");
        assertThat(ch.sender().orElseThrow().name()).isEqualTo("André Favre-Bühler");
        assertThat(ch.sender().orElseThrow().city()).isEqualTo("Genève");
        assertThat(ch.addressee().orElseThrow().name()).isEqualTo("Jürgen Müller-Lüdenscheidt");
        assertThat(ch.addressee().orElseThrow().street()).isEqualTo("Straße des 17. Juni 135");
        assertThat(ch.declaredValue().orElseThrow().value()).isEqualByComparingTo("60.00");
        CusitmItem no = items.get(1);
        assertThat(no.s10()).isEqualTo("CO876543216NO");
        assertThat(no.sender().orElseThrow().name()).isEqualTo("Bjørn Ødegård");
        assertThat(no.sender().orElseThrow().city()).isEqualTo("Tromsø");
        assertThat(no.addressee().orElseThrow().name()).isEqualTo("Señora Inés Núñez");
        assertThat(no.addressee().orElseThrow().city()).isEqualTo("Düsseldorf");
        assertThat(no.declaredValue().orElseThrow()).isEqualTo(new Amount("ZDV", bd("850.00"), "NOK"));
    }

    @Test
    void decodesUtf8SyntaxFour() {
        CusitmMessage m = read("08-unoy-utf8-v4.edi").get(0);
        assertThat(m.envelope().syntaxIdentifier()).isEqualTo("UNOY");
        assertThat(m.envelope().syntaxVersion()).isEqualTo("4");
        assertThat(m.items()).hasSize(3);
        CusitmItem ru = m.items().get(0);
        assertThat(ru.s10()).isEqualTo("CJ121314152RU");
        assertThat(ru.sender().orElseThrow().name()).isEqualTo("Иван Петрович Сидоров");
        assertThat(ru.sender().orElseThrow().city()).isEqualTo("Москва");
        assertThat(ru.sender().orElseThrow().postcode()).isEqualTo("125009");
        assertThat(ru.declaredValue().orElseThrow()).isEqualTo(new Amount("ZDV", bd("3500.00"), "RUB"));
        CusitmItem cn = m.items().get(1);
        assertThat(cn.s10()).isEqualTo("LP888888885CN");
        assertThat(cn.sender().orElseThrow().name()).isEqualTo("王小明");
        assertThat(cn.sender().orElseThrow().city()).isEqualTo("上海");
        assertThat(cn.sender().orElseThrow().postcode()).isEqualTo("200120");
        assertThat(cn.declaredValue().orElseThrow()).isEqualTo(new Amount("ZDV", bd("199.00"), "CNY"));
        CusitmItem jp = m.items().get(2);
        assertThat(jp.s10()).isEqualTo("EJ505050501JP");
        assertThat(jp.sender().orElseThrow().name()).isEqualTo("山田太郎");
        assertThat(jp.sender().orElseThrow().city()).isEqualTo("東京");
        assertThat(jp.sender().orElseThrow().postcode()).isEqualTo("100-0005");
        assertThat(jp.declaredValue().orElseThrow()).isEqualTo(new Amount("ZDV", bd("3000"), "JPY"));
        assertThat(jp.mailClass()).isEqualTo("E");
        assertThat(jp.mailCategory()).isEmpty();
    }

    @Test
    void honoursDecimalComma() {
        CusitmMessage m = read("09-decimal-comma-crlf.edi").get(0);
        assertThat(m.decimalMark()).isEqualTo(',');
        CusitmItem item = m.items().get(0);
        assertThat(item.s10()).isEqualTo("CD246813576CH");
        assertThat(item.grossWeight()).isEqualByComparingTo("3.275");
        assertThat(item.declaredValue().orElseThrow().value()).isEqualByComparingTo("149.95");
        assertThat(item.postage().orElseThrow().value()).isEqualByComparingTo("38.50");
        assertThat(item.insuredValue().orElseThrow().value()).isEqualByComparingTo("150.00");
        assertThat(item.pieces()).extracting(p -> p.value().value().toPlainString()).containsExactly("99.95", "50.00");
        assertThat(item.pieces()).extracting(p -> p.netWeight().toPlainString()).containsExactly("2.150", "0.100");
    }

    @Test
    void readsSyntaxFourCommunicationRepetitions() {
        String edi = "UNA:+.?*'UNB+UNOY:4+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+20261124:0830+R1'"
                + "UNH+1+CUSITM:1:1:AD:GW10'BGM+936+N1+9'DTM+137:202611240830:203'NAD+MS+DEA'NAD+MR+DE004850'"
                + "CNI+1+UA100000017US'DTM+11:20261119:102'LOC+ZOP+CAA'LOC+ZDP+DEA'GIS+91:ZCI'GIS+U:ZMC'"
                + "MEA+WT+AAB+KGM:0.120'MOA+ZDV:0.00:CAD'"
                + "NAD+CZ+++JEAN DUPONT+1 RUE X+MONTREAL+QC+H2X 1Y4+CA'COM+?+15145550199:TE*jean.dupont@exemple.ca:EM'"
                + "NAD+CN+++ANNA+STR 1+BERLIN++10435+DE'"
                + "LIN+1'FTX+AAA+++LETTERS 5?* 2'QTY+1:1'MEA+WT+AAA+KGM:0.100'MOA+203:0.00:CAD'UNT+22+1'UNZ+1+R1'";
        CusitmItem item = CusitmReader.readAll(edi.getBytes(StandardCharsets.UTF_8)).get(0).items().get(0);
        assertThat(item.sender().orElseThrow().phone()).contains("+15145550199");
        assertThat(item.sender().orElseThrow().email()).contains("jean.dupont@exemple.ca");
        assertThat(item.pieces().get(0).description()).isEqualTo("LETTERS 5* 2");
    }

    @Test
    void streamsLargeInterchangeMessageByMessage() {
        StringBuilder b = new StringBuilder("UNB+UNOC:3+DEPOSTGW:ZZZ+DECUSTGW:ZZZ+261124:0830+BIG1'\n");
        int messages = 3000;
        for (int i = 1; i <= messages; i++) {
            b.append("UNH+").append(i).append("+CUSITM:1:1:AD:GW10'BGM+936+BIG-").append(i).append("+9'")
                    .append("DTM+137:202611240830:203'NAD+MS+DEA'NAD+MR+DE004850'CNI+1+UA100000017US'")
                    .append("DTM+11:20261119:102'LOC+ZOP+USA'LOC+ZDP+DEA'GIS+91:ZCI'GIS+U:ZMC'")
                    .append("MEA+WT+AAB+KGM:0.120'MOA+ZDV:0.00:USD'NAD+CZ+++A+B+C++1+US'NAD+CN+++D+E+F++2+DE'")
                    .append("LIN+1'FTX+AAA+++PAPERS'QTY+1:1'MEA+WT+AAA+KGM:0.100'MOA+203:0.00:USD'UNT+21+")
                    .append(i).append("'\n");
        }
        b.append("UNZ+").append(messages).append("+BIG1'");
        AtomicInteger count = new AtomicInteger();
        CusitmReader.read(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.ISO_8859_1)), m -> {
            assertThat(m.messageNumber()).isEqualTo("BIG-" + count.incrementAndGet());
            assertThat(m.items()).hasSize(1);
        });
        assertThat(count).hasValue(messages);
    }

    @Test
    void rejectsInputThatIsNotEdifact() {
        assertThatThrownBy(() -> CusitmReader.readAll("hello world".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(EdifactReadException.class);
    }

    @Test
    void reportsTruncatedInterchangeAfterDeliveringCompleteMessages() {
        byte[] full = Samples.bytes("04-multi-message-crlf.edi");
        String text = new String(full, StandardCharsets.ISO_8859_1);
        String cut = text.substring(0, text.indexOf("UNH+3"));
        List<CusitmMessage> seen = new java.util.ArrayList<>();
        assertThatThrownBy(() -> CusitmReader.read(
                new ByteArrayInputStream(cut.getBytes(StandardCharsets.ISO_8859_1)), seen::add))
                .isInstanceOf(EdifactReadException.class);
        assertThat(seen).hasSize(2);
    }
}
