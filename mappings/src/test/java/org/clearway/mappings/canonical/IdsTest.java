package org.clearway.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Gateway ids must match the spec examples exactly (MIG §6.4 Crockford, CANONICAL-MODEL §5.2 LRN) and sort by time. */
class IdsTest {
    private static final UUID DECISION_ID = UUID.fromString("0193f2d0-11aa-7b2c-8e01-3f4a5b6c7d8e");

    @Test
    void crockfordBase32MatchesMigExample() {
        assertThat(Ids.crockfordBase32(DECISION_ID)).isEqualTo("01JFSD04DAFCP8W09Z99DPRZCE");
    }

    @Test
    void crockfordBase32RoundTripsAndCoversTheExtremes() {
        assertThat(Ids.crockfordBase32(new UUID(0, 0))).isEqualTo("00000000000000000000000000");
        assertThat(Ids.crockfordBase32(new UUID(-1, -1))).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(Ids.fromCrockfordBase32("01JFSD04DAFCP8W09Z99DPRZCE")).isEqualTo(DECISION_ID);
        assertThat(Ids.fromCrockfordBase32("01jfsd04dafcp8w09z99dprzce")).isEqualTo(DECISION_ID);
        for (int i = 0; i < 100; i++) {
            UUID id = UUID.randomUUID();
            assertThat(Ids.fromCrockfordBase32(Ids.crockfordBase32(id))).isEqualTo(id);
        }
        assertThatThrownBy(() -> Ids.fromCrockfordBase32("80000000000000000000000000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ids.fromCrockfordBase32("01JFSD04DAFCP8W09Z99DPRZCU"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lrnIsXbPlusLastSixteenHexDigitsUpperCase() {
        assertThat(Ids.lrn(UUID.fromString("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21"))).isEqualTo("XB9D2E5B1A0C9E4F21");
    }

    @Test
    void uuidV7HasVersionVariantAndCurrentTime() {
        long before = System.currentTimeMillis();
        UUID id = Ids.uuidV7();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(Ids.unixMillis(id)).isBetween(before, after + 1);
    }

    @Test
    void uuidV7IsStrictlyIncreasingInStringOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(Ids.uuidV7().toString());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
    }

    @Test
    void uuidV7LayoutFollowsRfc9562() {
        UUID id = Ids.uuidV7(0x0193f2d011aaL, 0xb2c, 0x0e013f4a5b6c7d8eL);
        assertThat(id).isEqualTo(DECISION_ID);
    }

    @org.junit.jupiter.api.Test
    void emissionIdsAreStablePerRevisionBackendAndKeyAndDifferOtherwise() {
        UUID a = Ids.emissionId("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21", 1, "DEMO-CUSTOMS", "key-1");
        assertThat(Ids.emissionId("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21", 1, "DEMO-CUSTOMS", "key-1")).isEqualTo(a);
        assertThat(a.version()).isEqualTo(8);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(Ids.emissionId("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21", 2, "DEMO-CUSTOMS", "key-1")).isNotEqualTo(a);
        assertThat(Ids.emissionId("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21", 1, "PULL-CUSTOMS", "key-1")).isNotEqualTo(a);
        assertThat(Ids.emissionId("0193f1c2-7a4e-7c3b-9d2e-5b1a0c9e4f21", 1, "DEMO-CUSTOMS", "key-2")).isNotEqualTo(a);
        // parts cannot run into each other
        assertThat(Ids.emissionId("a", 11, "B", "k")).isNotEqualTo(Ids.emissionId("a1", 1, "B", "k"));
    }
}
