package org.clearway.mappings.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.rates.ExchangeRateTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ECB euro reference-rate XML becomes a dated ECB rate table (CANONICAL-MODEL §5.7): foreign
 * units per 1 EUR inverted for X -> EUR, cross rates through the euro, 6 fraction digits, the last
 * quoting day on or before the requested date as {@code rateDate}; broken files are refused.
 */
class EcbRatesReaderTest {

    private static final LocalDate FRI = LocalDate.of(2026, 11, 20);

    static ReferenceRates resource(String name) {
        try (InputStream in = EcbRatesReaderTest.class.getResourceAsStream("/rates/" + name)) {
            return EcbRatesReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExchangeRateTable.Rate rate(ExchangeRateTable t, String from, String to, LocalDate d) {
        return t.lookup(from, to, d).orElseThrow(() -> new AssertionError("no rate " + from + "/" + to + " " + d));
    }

    @Test
    void dailyFileGivesEveryPairThroughTheEuroWithItsDate() {
        ReferenceRates ecb = resource("eurofxref-daily.xml");
        LocalDate monday = LocalDate.of(2026, 11, 23);

        assertThat(ecb.latestDate()).contains(FRI);
        assertThat(ecb.quotes(FRI)).hasSize(30).containsEntry("USD", new BigDecimal("1.0812"));
        ExchangeRateTable.Rate usdEur = rate(ecb, "USD", "EUR", monday);
        assertThat(usdEur.rate()).isEqualByComparingTo("0.924898");
        assertThat(usdEur.source()).isEqualTo(RateSource.ECB);
        assertThat(usdEur.rateDate()).isEqualTo(FRI);
        assertThat(rate(ecb, "EUR", "USD", monday).rate()).isEqualByComparingTo("1.0812");
        assertThat(rate(ecb, "KRW", "EUR", monday).rate()).isEqualByComparingTo("0.000651");
        assertThat(rate(ecb, "JPY", "EUR", monday).rate()).isEqualByComparingTo("0.006202");
        assertThat(rate(ecb, "GBP", "USD", monday).rate()).isEqualByComparingTo("1.265864");
        assertThat(rate(ecb, "GBP", "USD", monday).rate().scale()).isLessThanOrEqualTo(6);
        // nothing published on or before Thursday in a Friday file; XDR is not an ECB currency
        assertThat(ecb.lookup("USD", "EUR", FRI.minusDays(1))).isEmpty();
        assertThat(ecb.lookup("XDR", "EUR", monday)).isEmpty();
    }

    @Test
    void historyFileTakesTheLastQuotingDayOnOrBeforeTheDate() {
        ReferenceRates ecb = resource("eurofxref-hist-3d.xml");

        assertThat(rate(ecb, "USD", "EUR", LocalDate.of(2026, 11, 19)).rate()).isEqualByComparingTo("0.927988");
        // the 18th has no fixing: the 17th's rate applies, and is the reported rateDate
        ExchangeRateTable.Rate wed = rate(ecb, "USD", "EUR", LocalDate.of(2026, 11, 18));
        assertThat(wed.rate()).isEqualByComparingTo("0.929887");
        assertThat(wed.rateDate()).isEqualTo(LocalDate.of(2026, 11, 17));
        // KRW is not quoted on the 17th and there is nothing older
        assertThat(ecb.lookup("KRW", "EUR", LocalDate.of(2026, 11, 18))).isEmpty();
        assertThat(rate(ecb, "KRW", "EUR", LocalDate.of(2026, 12, 1)).rateDate()).isEqualTo(FRI);
    }

    @Test
    void ecbFirstThenTheCustomsTableForWhatTheEcbDoesNotQuote() {
        RateTable customs = RateTable.of(RateSource.CUSTOMS, LocalDate.of(2026, 11, 1),
                Map.of("XDR-EUR", new BigDecimal("1.22"), "USD-EUR", new BigDecimal("0.91")));
        ExchangeRateTable table = ExchangeRateTable.firstOf(List.of(resource("eurofxref-daily.xml"), customs));
        LocalDate monday = LocalDate.of(2026, 11, 23);

        assertThat(rate(table, "USD", "EUR", monday).source()).isEqualTo(RateSource.ECB);
        ExchangeRateTable.Rate xdr = rate(table, "XDR", "EUR", monday);
        assertThat(xdr.source()).isEqualTo(RateSource.CUSTOMS);
        assertThat(xdr.rate()).isEqualByComparingTo("1.22");
        assertThat(xdr.rateDate()).isEqualTo(LocalDate.of(2026, 11, 1));
        // before the ECB day, the customs table answers USD too
        assertThat(rate(table, "USD", "EUR", LocalDate.of(2026, 11, 2)).source()).isEqualTo(RateSource.CUSTOMS);
        assertThat(table.lookup("USD", "EUR", LocalDate.of(2026, 10, 31))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Cube><Cube time='2026-11-20'><Cube currency='USD' rate='1.08'/></Cube></Cube>",
        "<Cube><Cube time='2026-11-20'><Cube currency='USD' rate='-1.08'/></Cube></Cube>",
        "<Cube><Cube time='2026-11-20'><Cube currency='USD' rate='1,08'/></Cube></Cube>",
        "<Cube><Cube time='2026-11-20'><Cube currency='usd' rate='1.08'/></Cube></Cube>",
        "<Cube><Cube time='20.11.2026'><Cube currency='USD' rate='1.08'/></Cube></Cube>",
        "<Cube><Cube currency='USD' rate='1.08'/></Cube>",
        "<Cube><Cube time='2026-11-20'></Cube></Cube>",
        "<Cube><Cube time='2026-11-20'><Cube currency='USD' rate='1.08'/></Cube>",
    })
    void brokenFilesAreRefusedWithAReason(String xml) {
        assertThatThrownBy(() -> EcbRatesReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ECB rate file");
    }

    @Test
    void configuredTablesAreDatedOrUndatedAndRefuseBadEntries() {
        RateTable undated = RateTable.of(RateSource.PARTNER, null, Map.of("gbp-eur", new BigDecimal("1.1700000")));
        ExchangeRateTable.Rate r = rate(undated, "GBP", "EUR", FRI);
        assertThat(r.rate()).hasToString("1.17");
        assertThat(r.source()).isEqualTo(RateSource.PARTNER);
        assertThat(r.rateDate()).isNull();

        assertThatThrownBy(() -> RateTable.of(RateSource.CUSTOMS, null, Map.of("GBPEUR", BigDecimal.ONE)))
                .hasMessageContaining("GBPEUR");
        assertThatThrownBy(() -> RateTable.of(RateSource.CUSTOMS, null, Map.of("GBP-EUR", BigDecimal.ZERO)))
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> RateTable.of(RateSource.CUSTOMS, null, Map.of("IDR-KWD", new BigDecimal("0.0000001"))))
                .hasMessageContaining("6 fraction digits");
    }
}
