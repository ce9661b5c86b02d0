package org.clearway.routes.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.routes.rules.RulePackRegistry;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.clearway.routes.support.RatesProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate table is reloaded without a restart (issue 13): a rate added to the ECB file is in force
 * after {@link DeclarationRouting#reloadRates()} or, when the file changed, after
 * {@link DeclarationRouting#reloadRatesIfChanged()}; a file that cannot be read leaves the table
 * in force as it was.
 */
class RateReloadTest {
    private static final LocalDate POSTED = LocalDate.of(2026, 11, 20);

    private static void ecb(Path file, Map<String, String> quotes, long modifiedMillis) throws Exception {
        StringBuilder b = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
                <gesmes:subject>Reference rates</gesmes:subject><Cube><Cube time='2026-11-19'>
                """);
        quotes.forEach((c, r) -> b.append("<Cube currency='").append(c).append("' rate='").append(r).append("'/>\n"));
        b.append("</Cube></Cube></gesmes:Envelope>\n");
        Files.writeString(file, b, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    private static DeclarationRouting routing(Path file) {
        GatewayProperties properties = new GatewayProperties(Path.of("data"),
                new GatewayProperties.Gateway("DECUSTGW", "ZZZ", ""),
                new GatewayProperties.Limits(1000, Duration.ofDays(30), Duration.ofDays(90)),
                new GatewayProperties.Signing(null, "", "a", "", List.of()),
                new GatewayProperties.Pipeline(1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                new GatewayProperties.Routing("DEMO-CUSTOMS", Map.of(), new BigDecimal("150.00"),
                        new BigDecimal("150.00"), new BigDecimal("800.00")), GatewayProperties.Api.defaults(),
                Map.of(), List.of(), Map.of("GBP-EUR", new BigDecimal("1.170000")));
        RatesProperties sources = new RatesProperties(List.of(new RatesProperties.Source(RateSource.ECB, file, null,
                Map.of())));
        return new DeclarationRouting(mock(Partners.class), properties, sources, mock(RulePackRegistry.class),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), java.time.ZoneOffset.UTC));
    }

    @Test
    void aRateAddedToTheFileIsInForceAfterAReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eurofxref-daily.xml");
        ecb(file, Map.of("SEK", "11.4385"), 1_000_000L);
        DeclarationRouting routing = routing(file);
        assertThat(routing.rates().lookup("HUF", "EUR", POSTED)).isEmpty();
        assertThat(routing.rates().lookup("GBP", "EUR", POSTED)).as("the exchange-rates map still answers").isPresent();
        assertThat(routing.reloadRatesIfChanged()).as("nothing changed").isEmpty();

        ecb(file, Map.of("SEK", "11.4385", "HUF", "402.35"), 2_000_000L);
        assertThat(routing.rates().lookup("HUF", "EUR", POSTED)).as("not before the reload").isEmpty();
        var reload = routing.reloadRatesIfChanged();
        assertThat(reload).hasValueSatisfying(r -> assertThat(r.loaded()).isTrue());
        var huf = routing.rates().lookup("HUF", "EUR", POSTED).orElseThrow();
        assertThat(huf.source()).isEqualTo(RateSource.ECB);
        assertThat(huf.rateDate()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(huf.rate()).isEqualByComparingTo("0.002485");
        assertThat(routing.rates().lookup("HUF", "EUR", LocalDate.of(2026, 11, 18)))
                .as("no fixing on or before that date").isEmpty();
        assertThat(routing.reloadRatesIfChanged()).isEmpty();
    }

    @Test
    void aBrokenFileIsRefusedAndTheRatesInForceStay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eurofxref-daily.xml");
        ecb(file, Map.of("HUF", "402.35"), 1_000_000L);
        DeclarationRouting routing = routing(file);
        Files.writeString(file, "<gesmes:Envelope><Cube><Cube time='2026-11-19'><Cube currency='HUF' rat");
        DeclarationRouting.RatesReload r = routing.reloadRates();
        assertThat(r.loaded()).isFalse();
        assertThat(r.detail()).contains(file.toString());
        assertThat(routing.rates().lookup("HUF", "EUR", POSTED)).as("the table in force stays").isPresent();
        assertThat(routing.reloadRatesIfChanged()).as("the broken file is not read again and again").isEmpty();
        Files.delete(file);
        assertThat(routing.reloadRates().loaded()).isFalse();
        assertThat(routing.rates().lookup("HUF", "EUR", POSTED)).isPresent();
    }
}
