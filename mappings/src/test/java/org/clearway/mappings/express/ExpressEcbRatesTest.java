package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import org.clearway.mappings.canonical.Declaration;
import org.clearway.mappings.canonical.ExchangeRate;
import org.clearway.mappings.canonical.Money;
import org.clearway.mappings.canonical.RateSource;
import org.clearway.mappings.rates.EcbRatesReader;
import org.clearway.mappings.rates.ReferenceRates;
import org.junit.jupiter.api.Test;

/**
 * A conversion made with the ECB reference rates is listed with source ECB and the ECB fixing day
 * as {@code rateDate}, not the lookup date (CANONICAL-MODEL §5.7).
 */
class ExpressEcbRatesTest {

    @Test
    void usdLineConvertedWithTheEcbRateOfTheLastFixing() throws IOException {
        ReferenceRates ecb;
        try (InputStream in = getClass().getResourceAsStream("/rates/eurofxref-daily.xml")) {
            ecb = EcbRatesReader.read(in);
        }
        ExpressShipmentReader.Result r = new ExpressShipmentReader()
                .readShipment(ExpressSamples.text("express-shipment-eu-ioss.json"));
        Declaration d = ExpressToCanonical.map(r.shipment(), ExpressSamples.context("EUR", ecb));

        assertThat(d.exchangeRates()).singleElement().satisfies(x -> {
            assertThat(x).extracting(ExchangeRate::from, ExchangeRate::to, ExchangeRate::source, ExchangeRate::rateDate)
                    .containsExactly("USD", "EUR", RateSource.ECB, LocalDate.of(2026, 11, 20));
            assertThat(x.rate()).isEqualByComparingTo("0.924898");
        });
        // 19.90 USD x 0.924898 = 18.4054... -> 18.41 EUR
        assertThat(d.items().get(1).value()).isEqualTo(Money.of("18.41", "EUR"));
        assertThat(d.items().get(1).originalValue()).isEqualTo(Money.of("19.90", "USD"));
    }
}
