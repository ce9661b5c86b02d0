package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Card numbers in free text are found (PARTNER-APIS §2 PAN_DETECTED); ordinary text and ids are not. */
class PanDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "paid with 4111 1111 1111 1111 thanks", "card 5500-0000-0000-0004",
            "Amex 378282246310005.", "4012888888881881"})
    void findsLuhnValidCardNumbers(String text) {
        assertThat(PanDetector.containsPan(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Women's T-shirt, knitted cotton", "4111111111111112", "order 123456789012",
            "Building 5, 1001 Xueyuan Avenue", "SKU AB4111111111111111", "41111111111111111111111",
            "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6", "Flughafenstrasse 1, 04435 Schkeuditz"})
    void leavesOrdinaryTextAlone(String text) {
        assertThat(PanDetector.containsPan(text)).isFalse();
    }
}
