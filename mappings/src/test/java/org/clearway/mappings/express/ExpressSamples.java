package org.clearway.mappings.express;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.clearway.mappings.canonical.FunctionCode;
import org.clearway.mappings.canonical.IdentifierScheme;
import org.clearway.mappings.canonical.Ids;
import org.clearway.mappings.canonical.Party;
import org.clearway.mappings.canonical.PartyRole;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.canonical.TypeOfPerson;
import org.clearway.mappings.rates.ExchangeRateTable;

/**
 * The express samples of {@code shared/specs/samples-json} (found by walking up from the working
 * directory), falling back to the copies under {@code src/test/resources/express/}; plus the demo
 * partner configuration of the samples README ({@code DEMO-EXPRESS}, carrier {@code ACME}).
 */
final class ExpressSamples {

    static final BigDecimal USD_EUR = new BigDecimal("0.860804");
    /** Fixed test rates for the pairs the README gives as formulas. */
    static final BigDecimal GBP_EUR = new BigDecimal("1.151234");
    static final BigDecimal KRW_EUR = new BigDecimal("0.000651");

    static final Party CARRIER = new Party("P0", PartyRole.CARRIER, TypeOfPerson.LEGAL, "Acme Express GmbH",
            new Party.Address("Flughafenstraße 1", null, null, "04435", "Schkeuditz", null, "DE"), null,
            List.of(new Party.Identifier(IdentifierScheme.EORI, "DE4471123456789", null)));

    private ExpressSamples() {
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null) {
                Path candidate = dir.resolve("shared/specs/samples-json").resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Files.readAllBytes(candidate);
                }
                dir = dir.getParent();
            }
            try (InputStream in = ExpressSamples.class.getResourceAsStream("/express/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("sample not found: " + name);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExchangeRateTable rates() {
        LocalDate d = LocalDate.of(2026, 11, 20);
        return ExchangeRateTable.of(Map.of(
                "USD/EUR", new ExchangeRateTable.Rate(USD_EUR, RateSource.ECB, d),
                "GBP/EUR", new ExchangeRateTable.Rate(GBP_EUR, RateSource.ECB, d),
                "KRW/EUR", new ExchangeRateTable.Rate(KRW_EUR, RateSource.ECB, d),
                "EUR/USD", new ExchangeRateTable.Rate(new BigDecimal("1.161705"), RateSource.ECB, d)));
    }

    static ExpressMappingContext context(String currency, ExchangeRateTable rates) {
        return new ExpressMappingContext(Ids.uuidV7(), 1, FunctionCode.ORIGINAL, UUID.randomUUID(),
                Instant.parse("2026-11-24T08:00:01Z"), "DEMO-EXPRESS", "ACME", CARRIER, "idem-1",
                Instant.parse("2026-11-24T08:00:00Z"), "a".repeat(64), "DEMO-CUSTOMS", currency, rates, null, null);
    }

    static ExpressMappingContext context(String currency) {
        return context(currency, rates());
    }
}
