package org.clearway.mappings.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Small declarations built in code, for round-trip and escaping cases. */
final class Examples {
    private Examples() {
    }

    /** A minimal postal declaration whose first item description and consignee name are {@code text}. */
    static Declaration postal(String text) {
        UUID id = UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21");
        return new Declaration(Declaration.SPEC_VERSION, id, 1, FunctionCode.ORIGINAL, DeclarationKind.EU_H7,
                UUID.fromString("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55"), Instant.parse("2026-11-24T06:20:15.482Z"),
                new DestinationCustoms("DE", "DEMO-CUSTOMS"),
                List.of(new Source("DEMO-POST", PartnerKind.POSTAL, "UPU-CUSITM-EDIFACT", "DEPOST-1/1", null,
                        Instant.parse("2026-11-24T06:18:02.117Z"), "0".repeat(64))),
                null,
                new Correlation("CP473124829GB", null, null, null, null, Ids.lrn(id), null),
                List.of(new Party("P1", PartyRole.CONSIGNEE, TypeOfPerson.NATURAL, text,
                        new Party.Address("Hauptstr. 1", null, null, "10115", "Berlin", null, "DE"), null, null)),
                new Consignment(List.of(new Consignment.TransportDocument(TransportDocumentLevel.HOUSE, "N703",
                        "CP473124829GB")), new BigDecimal("1.000"), 1, 1, null, Money.of("10.00", "EUR"),
                        null, null, null, Money.of("0.00", "EUR"), null, NatureOfTransaction.GIFT, "31", null, null,
                        new Consignment.Route("CN", "DE", null, null, ModeOfTransport.POST),
                        new Consignment.Postal("C", "CNBJSA", "DEFRAA", null, null, null, null)),
                List.of(new Item(1, text, null, new Quantity(new BigDecimal("1"), "H87"), new BigDecimal("0.500"),
                        null, Money.of("10.00", "EUR"), null, null, "CN", null, null, null, null,
                        List.of("UN3481"), null)),
                null, null, null);
    }
}
