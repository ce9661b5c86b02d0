package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared §5.1 routing and §5.8 vague-description rules that every dialect mapper applies. */
class DeclarationRulesTest {
    private static final Set<String> WORDS = Set.of("GIFT", "GOODS", "SAMPLE", "PARTS");

    @Test
    void descriptionIsVagueOnlyWhenEveryWordIsGenericOrItLooksLikeASku() {
        assertThat(DeclarationRules.vagueDescription("Gifts", WORDS)).contains("gift");
        assertThat(DeclarationRules.vagueDescription("GOODS, PARTS", WORDS)).contains("goods");
        assertThat(DeclarationRules.vagueDescription("PERFUME SAMPLE 2 ML", WORDS)).isEmpty();
        assertThat(DeclarationRules.vagueDescription("PC-22-BLK", WORDS)).contains("SKU-like");
        assertThat(DeclarationRules.vagueDescription("Cotton T-shirt", WORDS)).isEmpty();
    }

    @Test
    void routingFollowsDestinationAndTheH7Threshold() {
        Money max = Money.of("150.00", "EUR");
        java.util.function.ToIntBiFunction<Money, Money> cmp = (a, b) -> a.amount().compareTo(b.amount());
        assertThat(DeclarationRules.declarationKind("DE", Money.of("150.00", "EUR"), max, cmp)).isEqualTo(DeclarationKind.EU_H7);
        assertThat(DeclarationRules.declarationKind("DE", Money.of("150.01", "EUR"), max, cmp))
                .isEqualTo(DeclarationKind.EU_ENS_HOUSE);
        assertThat(DeclarationRules.declarationKind("US", Money.of("9999.00", "USD"), max, cmp)).isEqualTo(DeclarationKind.US_T86);
        assertThat(DeclarationRules.declarationKind("CH", Money.of("1.00", "CHF"), max, cmp))
                .isEqualTo(DeclarationKind.GENERIC_LVC);
        assertThat(DeclarationRules.deMinimis("CH", max, Money.of("800.00", "USD"), Map.of())).isEmpty();
        assertThat(DeclarationRules.deMinimis("US", max, Money.of("800.00", "USD"), Map.of()))
                .contains(Money.of("800.00", "USD"));
    }
}
