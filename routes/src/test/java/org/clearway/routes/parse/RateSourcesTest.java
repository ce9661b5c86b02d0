package org.clearway.routes.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.clearway.routes.support.RatesProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The configured rate sources (clearway.rates: an ECB file, dated tables) are consulted in order
 * and stamp their own source and date; the plain clearway.exchange-rates map still answers, as
 * CUSTOMS, what they do not (CANONICAL-MODEL §5.7). A bad source stops the start with its name.
 */
class RateSourcesTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    private static Path ecbFile(Path dir) throws IOException {
        Path file = dir.resolve("eurofxref-daily.xml");
        try (InputStream in = RateSourcesTest.class.getResourceAsStream("/rates/eurofxref-daily.xml")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static RatesProperties bind(Map<String, String> yaml) {
        return new Binder(new MapConfigurationPropertySource(yaml)).bind("clearway.rates", RatesProperties.class)
                .orElseGet(RatesProperties::none);
    }

    @Test
    void ecbFileThenDatedCustomsTableThenTheLegacyMap(@TempDir Path dir) throws IOException {
        RatesProperties sources = bind(Map.of(
                "clearway.rates.sources[0].source", "ECB",
                "clearway.rates.sources[0].file", ecbFile(dir).toString(),
                "clearway.rates.sources[1].source", "CUSTOMS",
                "clearway.rates.sources[1].rate-date", "2026-11-01",
                "clearway.rates.sources[1].rates.XDR-EUR", "1.215"));
        ExchangeRateTable table = DeclarationRouting.rateTable(sources,
                Map.of("XDR-EUR", new BigDecimal("1.22"), "RUB-EUR", new BigDecimal("0.010000")));

        ExchangeRateTable.Rate usd = table.lookup("USD", "EUR", MONDAY).orElseThrow();
        assertThat(usd.source()).isEqualTo(RateSource.ECB);
        assertThat(usd.rateDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(usd.rate()).isEqualByComparingTo("0.924898");
        ExchangeRateTable.Rate xdr = table.lookup("XDR", "EUR", MONDAY).orElseThrow();
        assertThat(xdr.rate()).isEqualByComparingTo("1.215");
        assertThat(xdr.rateDate()).isEqualTo(LocalDate.of(2026, 11, 1));
        // before the customs table's date the legacy map (undated CUSTOMS) answers
        assertThat(table.lookup("XDR", "EUR", LocalDate.of(2026, 10, 30)).orElseThrow().rate())
                .isEqualByComparingTo("1.22");
        ExchangeRateTable.Rate rub = table.lookup("RUB", "EUR", MONDAY).orElseThrow();
        assertThat(rub.source()).isEqualTo(RateSource.CUSTOMS);
        assertThat(rub.rateDate()).isNull();
    }

    @Test
    void withoutSourcesTheLegacyMapKeepsWorkingAsCustoms() {
        ExchangeRateTable table = DeclarationRouting.rateTable(RatesProperties.none(),
                Map.of("GBP-EUR", new BigDecimal("1.170000")));
        ExchangeRateTable.Rate gbp = table.lookup("GBP", "EUR", MONDAY).orElseThrow();
        assertThat(gbp.rate()).hasToString("1.17");
        assertThat(gbp.source()).isEqualTo(RateSource.CUSTOMS);
        assertThat(table.lookup("USD", "EUR", MONDAY)).isEmpty();
    }

    @Test
    void aMissingOrBrokenSourceStopsTheStartNamingIt(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.xml");
        assertThatThrownBy(() -> DeclarationRouting.rateTable(bind(Map.of(
                "clearway.rates.sources[0].file", missing.toString())), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope.xml");
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<Cube><Cube time='2026-11-20'>"
                + "<Cube currency='USD' rate='abc'/></Cube></Cube>");
        assertThatThrownBy(() -> DeclarationRouting.rateTable(bind(Map.of(
                "clearway.rates.sources[0].file", broken.toString())), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken.xml").hasMessageContaining("abc");
        assertThatThrownBy(() -> DeclarationRouting.rateTable(bind(Map.of(
                "clearway.rates.sources[0].rate-date", "01.11.2026",
                "clearway.rates.sources[0].rates.XDR-EUR", "1.2")), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("01.11.2026");
    }
}
