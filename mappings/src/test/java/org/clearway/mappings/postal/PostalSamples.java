package org.clearway.mappings.postal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.gw10.CusitmMessage;
import org.clearway.mappings.gw10.CusitmReader;
import org.clearway.mappings.rates.ExchangeRateTable;

/** Sample interchanges (shared specs first, then the copies under {@code /postal/}) and a test context. */
final class PostalSamples {

    static final UUID DECLARATION_ID = UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21");
    static final Instant RECEIVED = Instant.parse("2026-11-24T08:31:00.125Z");

    /** Test rates: USD 180.00 -> 165.60 EUR, above the 150 EUR H7 limit. */
    static final Map<String, ExchangeRateTable.Rate> RATES = Map.of(
            "GBP/EUR", rate("1.17"), "USD/EUR", rate("0.92"), "CHF/EUR", rate("1.05"),
            "NOK/EUR", rate("0.085"), "RUB/EUR", rate("0.0105"), "CNY/EUR", rate("0.128"),
            "JPY/EUR", rate("0.00615"));

    private PostalSamples() {
    }

    static ExchangeRateTable.Rate rate(String r) {
        return new ExchangeRateTable.Rate(new BigDecimal(r), RateSource.ECB, null);
    }

    static PostalMappingContext context() {
        return context(ExchangeRateTable.of(RATES));
    }

    static PostalMappingContext context(ExchangeRateTable rates) {
        return new PostalMappingContext(DECLARATION_ID, 1, FunctionCode.ORIGINAL,
                UUID.fromString("0193f1c2-8b10-7d44-a1f3-2c6e9d0b7a55"), Instant.parse("2026-11-24T08:31:02.000Z"),
                "DEMO-POST", RECEIVED, "ab".repeat(32), "DE", "DEMO-CUSTOMS", "EUR", rates, null, null, null,
                Map.of("GBA", "Royal Mail Group Ltd"));
    }

    static List<CusitmMessage> read(String name) {
        return CusitmReader.readAll(bytes(name));
    }

    static byte[] bytes(String name) {
        return org.clearway.mappings.SampleFiles.bytes(name, "/postal/");
    }
}
