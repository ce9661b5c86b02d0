package org.clearway.mappings.rates;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.clearway.mappings.canonical.RateSource;

/**
 * Reads the ECB euro foreign exchange reference rates in their published XML form
 * ({@code eurofxref-daily.xml}, and the 90-day and historical files of the same shape):
 * {@code gesmes:Envelope / Cube / Cube time="YYYY-MM-DD" / Cube currency="USD" rate="1.0812"},
 * rates in units of the currency per 1 EUR. Returns {@link ReferenceRates} with base EUR and source
 * {@link RateSource#ECB} (CANONICAL-MODEL §5.7). The file is configuration: a DOCTYPE, a rate that is
 * not a positive decimal, a currency that is not three upper-case letters, a date that is not
 * {@code YYYY-MM-DD} or a file without any rate is refused with an {@link IllegalArgumentException}
 * naming the problem.
 */
public final class EcbRatesReader {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,10})?");

    private EcbRatesReader() {
    }

    public static ReferenceRates read(InputStream xml) {
        return read(xml, RateSource.ECB);
    }

    /** @param source the §5.7 source to stamp (ECB for the ECB's own file) */
    public static ReferenceRates read(InputStream xml, RateSource source) {
        Map<LocalDate, Map<String, BigDecimal>> days = new LinkedHashMap<>();
        XMLStreamReader r = null;
        try {
            r = factory().createXMLStreamReader(xml);
            LocalDate day = null;
            int rates = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new IllegalArgumentException("ECB rate file: a DOCTYPE is not accepted");
                }
                if (event != XMLStreamConstants.START_ELEMENT || !"Cube".equals(r.getLocalName())) {
                    continue;
                }
                String time = r.getAttributeValue(null, "time");
                String currency = r.getAttributeValue(null, "currency");
                String rate = r.getAttributeValue(null, "rate");
                if (time != null) {
                    day = date(time, r);
                    days.putIfAbsent(day, new HashMap<>());
                } else if (currency != null || rate != null) {
                    if (day == null) {
                        throw new IllegalArgumentException("ECB rate file: rate for " + currency + " outside a dated Cube"
                                + where(r));
                    }
                    days.get(day).put(currency(currency, r), rate(rate, currency, r));
                    rates++;
                }
            }
            if (rates == 0) {
                throw new IllegalArgumentException("ECB rate file: no Cube currency/rate found");
            }
            return new ReferenceRates("EUR", source, days);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("ECB rate file is not well-formed XML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the caller's stream
                }
            }
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows the JAXP property; external entities are off anyway
        }
        return f;
    }

    private static LocalDate date(String time, XMLStreamReader r) {
        try {
            return LocalDate.parse(time.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ECB rate file: time '" + time + "' is not YYYY-MM-DD" + where(r), e);
        }
    }

    private static String currency(String currency, XMLStreamReader r) {
        if (currency == null || !CURRENCY.matcher(currency.strip()).matches()) {
            throw new IllegalArgumentException("ECB rate file: currency '" + currency + "' is not an ISO 4217 code"
                    + where(r));
        }
        return currency.strip();
    }

    private static BigDecimal rate(String rate, String currency, XMLStreamReader r) {
        if (rate == null || !DECIMAL.matcher(rate.strip()).matches() || new BigDecimal(rate.strip()).signum() <= 0) {
            throw new IllegalArgumentException("ECB rate file: rate '" + rate + "' of " + currency
                    + " is not a positive decimal" + where(r));
        }
        return new BigDecimal(rate.strip());
    }

    private static String where(XMLStreamReader r) {
        return " (line " + r.getLocation().getLineNumber() + ")";
    }
}
