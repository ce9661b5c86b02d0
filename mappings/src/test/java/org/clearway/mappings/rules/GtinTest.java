package org.clearway.mappings.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GtinTest {

    @Test
    void acceptsRealGtinsOfEveryLength() {
        assertThat(Gtin.isValid("4006381333931")).isTrue();   // EAN-13
        assertThat(Gtin.isValid("036000291452")).isTrue();    // UPC-A
        assertThat(Gtin.isValid("96385074")).isTrue();        // EAN-8
        assertThat(Gtin.isValid("10614141000415")).isTrue();  // GTIN-14
        assertThat(Gtin.isValid("00000000000000")).isTrue();  // check digit 0 case
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(Gtin.problem("4006381333932")).contains("check digit 2 should be 1");
        assertThat(Gtin.problem("036000291453")).contains("check digit 3 should be 2");
        assertThat(Gtin.problem("400638133393")).contains("check digit 3 should be 0");
        assertThat(Gtin.problem("40063813339311")).contains("check digit 1 should be 4");
        assertThat(Gtin.problem("4006381 33393")).contains("not digits only");
        assertThat(Gtin.problem("400638133393X")).contains("not digits only");
        assertThat(Gtin.problem("１２３４５６７８")).contains("not digits only"); // full-width digits
        assertThat(Gtin.problem("1234567")).contains("7 digits; a GTIN has 8, 12, 13 or 14");
        assertThat(Gtin.problem("")).contains("empty");
        assertThat(Gtin.problem(null)).contains("empty");
    }
}
