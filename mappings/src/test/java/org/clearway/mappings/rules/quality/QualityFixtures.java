package org.clearway.mappings.rules.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.clearway.mappings.canonical.Consignment;
import org.clearway.mappings.canonical.Correlation;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.DeclarationKind;
import org.clearway.mappings.canonical.DestinationCustoms;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.HsCode;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Item;
import org.clearway.mappings.canonical.ModeOfTransport;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.NatureOfTransaction;
import org.clearway.mappings.canonical.PartnerKind;
import org.clearway.mappings.canonical.Payment;
import org.clearway.mappings.canonical.Quantity;
import org.clearway.mappings.canonical.Source;
import org.clearway.mappings.canonical.TransportDocumentLevel;

/** Small declarations for the rule tests: one consignment, items given by the test. */
final class QualityFixtures {

    static final UUID ID = UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f77");
    static final Instant RECEIVED = Instant.parse("2026-11-24T06:18:02Z");

    private QualityFixtures() {
    }

    static Item item(int seq, String description, HsCode hs, String netKg, Money value) {
        return new Item(seq, description, hs, new Quantity(BigDecimal.ONE, "H87"),
                netKg == null ? null : new BigDecimal(netKg), null, value, null, null, "CN", null, null, null, null,
                null, null);
    }

    /** A declaration to {@code dest}: intrinsic value the sum of the items' values, invoice dated {@code invoiceDate}. */
    static Declaration declaration(String dest, NatureOfTransaction nature, String grossKg, List<Item> items,
                                   String ioss, Payment payment, LocalDate invoiceDate, DataQuality quality) {
        String cur = items.get(0).value().currency();
        BigDecimal sum = items.stream().map(i -> i.value().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        Consignment c = new Consignment(List.of(new Consignment.TransportDocument(TransportDocumentLevel.HOUSE, "N703",
                "1234567890")), grossKg == null ? null : new BigDecimal(grossKg), 1, items.size(),
                invoiceDate == null ? null : new Consignment.Invoice("INV-1", invoiceDate, null),
                Money.rounded(sum, cur), null, null, null, null, null, nature, null, null, ioss,
                new Consignment.Route("CN", dest, null, null, ModeOfTransport.AIR), null);
        return new Declaration(Declaration.SPEC_VERSION, ID, 1, FunctionCode.ORIGINAL, DeclarationKind.GENERIC_LVC,
                UUID.randomUUID(), RECEIVED.plusSeconds(5), new DestinationCustoms(dest, "DEMO-CUSTOMS"),
                List.of(new Source("DEMO-EXPRESS", PartnerKind.EXPRESS, "CLEARWAY-EXPRESS-REST-1", "S-1", null,
                        RECEIVED, "5".repeat(64))), null,
                new Correlation(null, "1234567890", null, null, null, Ids.lrn(ID), null), List.of(), c, items, payment,
                null, quality);
    }
}
