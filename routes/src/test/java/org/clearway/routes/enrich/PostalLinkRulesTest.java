package org.clearway.routes.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.fusion.OrderData;
import org.clearway.mappings.gw10.CusitmItem;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmReader;
import org.clearway.mappings.gw10.CusitmValidator;
import org.clearway.mappings.platform.PlatformOrder;
import org.clearway.routes.store.PlatformOrderStore;
import org.junit.jupiter.api.Test;

/**
 * Who may link a postal item (PARTNER-APIS §6.5, §7.1 row 2) and which tracking links the fusion
 * sees for an order (its {@code shipments[]} plus the parcels linked later), on the S10 ids of
 * spec sample {@code 04-multi-message-crlf.edi} (items of China Post, {@code ..CN}).
 */
class PostalLinkRulesTest {

    private static List<String> sampleS10Ids() throws IOException {
        byte[] bytes = null;
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && bytes == null) {
            Path candidate = dir.resolve("shared/specs/samples/04-multi-message-crlf.edi");
            if (Files.isRegularFile(candidate)) {
                bytes = Files.readAllBytes(candidate);
            }
            dir = dir.getParent();
        }
        if (bytes == null) {
            try (InputStream in = PostalLinkRulesTest.class.getResourceAsStream("/postal/04-multi-message-crlf.edi")) {
                bytes = in.readAllBytes();
            }
        }
        return CusitmReader.readAll(bytes).stream().map(CusitmMessage::items).flatMap(List::stream)
                .map(CusitmItem::s10).toList();
    }

    @Test
    void sampleItemsAreS10AndOtherTrackingNumbersAreNot() throws IOException {
        List<String> ids = sampleS10Ids();
        assertThat(ids).contains("CA112233447CN", "UB556677887CN").hasSize(5);
        for (String s10 : ids) {
            assertThat(PostalLinkRules.isS10(PlatformOrder.normaliseTrackingNumber(s10))).as(s10).isTrue();
            assertThat(CusitmValidator.s10CheckDigit(s10)).as("valid sample " + s10).isEqualTo(s10.charAt(10) - '0');
            // as a platform may write it: lower case, with spaces and hyphens
            String written = s10.substring(0, 2).toLowerCase() + " " + s10.substring(2, 11) + "-" + s10.substring(11);
            assertThat(PostalLinkRules.isS10(PlatformOrder.normaliseTrackingNumber(written))).as(written).isTrue();
        }
        assertThat(PostalLinkRules.isS10("1234567890")).isFalse();
        assertThat(PostalLinkRules.isS10("CA11223344CN")).as("8 digits").isFalse();
        assertThat(PostalLinkRules.isS10("C1112233447CN")).isFalse();
        assertThat(PostalLinkRules.isS10(null)).isFalse();
    }

    @Test
    void codedLinksNeedThePostsCodeAndThePlatformsRight() throws IOException {
        String s10 = sampleS10Ids().get(0);
        List<String> cnpost = List.of("CNPOST");
        assertThat(PostalLinkRules.countsForPost("CNPOST", s10, List.of("ACME", "CNPOST"), cnpost)).isTrue();
        assertThat(PostalLinkRules.countsForPost("CNPOST", s10, List.of("ACME"), cnpost))
                .as("platform may not link CNPOST").isFalse();
        assertThat(PostalLinkRules.countsForPost("XXPOST", s10, List.of("XXPOST"), cnpost))
                .as("another post's code").isFalse();
    }

    @Test
    void uncodedLinksCountOnlyForS10IdsOfPostsThePlatformMayLink() throws IOException {
        String s10 = sampleS10Ids().get(0);
        assertThat(PostalLinkRules.uncoded(PostalLinkRules.NO_CARRIER_CODE)).isTrue();
        assertThat(PostalLinkRules.uncoded(null)).isTrue();
        assertThat(PostalLinkRules.uncoded("CNPOST")).isFalse();
        assertThat(PostalLinkRules.mayLinkUncoded(s10, List.of("ACME", "CNPOST"), List.of("CNPOST", "XXPOST"))).isTrue();
        assertThat(PostalLinkRules.mayLinkUncoded(s10, List.of("ACME"), List.of("CNPOST")))
                .as("a platform of express carriers only").isFalse();
        assertThat(PostalLinkRules.mayLinkUncoded("1234567890", List.of("CNPOST"), List.of("CNPOST")))
                .as("not an S10 id").isFalse();
        assertThat(PostalLinkRules.countsForPost("", s10, List.of("CNPOST"), List.of("CNPOST"))).isTrue();
        assertThat(PostalLinkRules.countsForPost("", s10, List.of("CNPOST"), List.of("XXPOST")))
                .as("the platform may link CNPOST items, not this XXPOST item").isFalse();
    }

    @Test
    void parcelsLinkedLaterJoinTheOrdersShipments() {
        OrderData order = new OrderData("SHOP", "O-1", 1, OffsetDateTime.parse("2026-11-20T14:01:55Z"),
                List.of(new OrderData.OrderParty("S-1", "Seller", null, null, null, null, List.of())),
                new OrderData.OrderParty(null, "Buyer", null, null, null, null, List.of()), null,
                List.of(new OrderData.Line("L1", null, "T-shirt", new BigDecimal("2"), null, Money.of("9.00", "EUR"),
                        Money.of("18.00", "EUR"), null, null, null, null, null, null)),
                null, null, Money.of("18.00", "EUR"),
                new OrderData.OrderPayment(org.clearway.mappings.canonical.PaymentMethod.CARD, Money.of("18.00", "EUR"),
                        java.time.Instant.parse("2026-11-20T14:02:00Z"), null),
                new OrderData.OrderVat(org.clearway.mappings.canonical.VatScheme.NONE, null, null, null),
                List.of(new OrderData.ShipmentLink("ACME", "1234567890", List.of())));
        assertThat(OrderCorrelation.withStoredParcels(order, List.of(new PlatformOrderStore.Parcel("ACME",
                "1234567890", "1234567890", 0, "ORDER", Map.of())))).as("no later links: unchanged").isSameAs(order);

        OrderData linked = OrderCorrelation.withStoredParcels(order, List.of(
                new PlatformOrderStore.Parcel("ACME", "1234567890", "1234567890", 0, "ORDER", Map.of()),
                new PlatformOrderStore.Parcel("", "ca 112233447 cn", "CA112233447CN", 1, "LINK",
                        Map.of("L1", new BigDecimal("1.000000"))),
                new PlatformOrderStore.Parcel("ACME", "12345-67890", "1234567890", 2, "LINK",
                        Map.of("L1", new BigDecimal("1.000000")))));
        assertThat(linked.shipments()).hasSize(2);
        assertThat(linked.shipments().get(0).carrierCode()).isEqualTo("ACME");
        assertThat(linked.shipments().get(0).lines()).as("the later link replaces the allocation")
                .singleElement().satisfies(a -> assertThat(a.quantity()).hasToString("1"));
        assertThat(linked.shipments().get(1).carrierCode()).as("linked without carrier code").isNull();
        assertThat(linked.shipments().get(1).trackingNumber()).isEqualTo("ca 112233447 cn");
    }
}
