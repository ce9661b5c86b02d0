package org.clearway.mappings.rules.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.clearway.mappings.canonical.DataQuality;
import org.clearway.mappings.canonical.Money;
import org.junit.jupiter.api.Test;

/** VAGUE_DESCRIPTION with the default deny-list and with a configured one. */
class VagueTest {

    private static final Set<String> WORDS = Vague.DEFAULT_GENERIC_WORDS;

    @Test
    void vagueOnlyWhenEveryWordIsGenericOrItLooksLikeASku() {
        assertThat(Vague.detail("Gifts", WORDS)).contains("gift");
        assertThat(Vague.detail("GOODS, PARTS", WORDS)).contains("goods");
        assertThat(Vague.detail("PERFUME SAMPLE 2 ML", WORDS)).isEmpty();
        assertThat(Vague.detail("PC-22-BLK", WORDS)).contains("SKU-like");
        assertThat(Vague.detail("Cotton T-shirt", WORDS)).isEmpty();
        assertThat(Vague.detail("clothes", WORDS)).contains("clothes");
        assertThat(Vague.detail("!!!", WORDS)).as("no word at all").isEmpty();
        assertThat(Vague.detail(null, WORDS)).isEmpty();
    }

    @Test
    void theConfiguredListReplacesTheDefault() {
        Set<String> configured = Set.of("MISC", "PRODUCT");
        assertThat(Vague.detail("Misc products", configured)).contains("misc");
        assertThat(Vague.detail("gift", configured)).as("not on the configured list").isEmpty();
        assertThat(Vague.detail("ABC123", configured)).as("SKU-like whatever the list").contains("SKU-like");
    }

    @Test
    void oneFlagPerVagueItemAtItsDescription() {
        List<DataQuality.Flag> flags = Vague.check(List.of(
                QualityFixtures.item(1, "Cotton T-shirt", null, null, Money.of("1.00", "EUR")),
                QualityFixtures.item(2, "stuff", null, null, Money.of("1.00", "EUR"))), WORDS);
        assertThat(flags).extracting(DataQuality.Flag::path, DataQuality.Flag::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/items/1/description", "stuff"));
    }
}
