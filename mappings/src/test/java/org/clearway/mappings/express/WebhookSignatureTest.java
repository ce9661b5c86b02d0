package org.clearway.mappings.express;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Webhook signatures must match the PARTNER-APIS §5.2 test vector, or carriers reject every push. */
class WebhookSignatureTest {
    private static final String SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String ID = "evt_0193f2d0127c7e5a9b41";
    private static final long TIMESTAMP = 1795599668L;
    private static final byte[] BODY = "{\"eventId\":\"evt_0193f2d0127c7e5a9b41\",\"eventType\":\"customs.decision\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,Fk34sIyMk2S2W+616hX0oMfleyExaJ0AiwQYJufEdak=";
    private static final Instant AT_TIMESTAMP = Instant.ofEpochSecond(TIMESTAMP);

    @Test
    void signsTheSpecTestVector() {
        assertThat(WebhookSignature.key(SECRET)).hasSize(32).startsWith(0, 1, 2).endsWith(0x1e, 0x1f);
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesTheSpecTestVectorWithinFiveMinutes() {
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, EXPECTED, AT_TIMESTAMP)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, EXPECTED, AT_TIMESTAMP.plusSeconds(300)))
                .isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, EXPECTED, AT_TIMESTAMP.minusSeconds(300)))
                .isTrue();
    }

    @Test
    void rejectsTimestampsOutsideTheTolerance() {
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, EXPECTED, AT_TIMESTAMP.plusSeconds(301)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, EXPECTED, AT_TIMESTAMP.minusSeconds(301)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, "17955996x8", BODY, EXPECTED, AT_TIMESTAMP)).isFalse();
    }

    @Test
    void rejectsATamperedBodyIdTimestampOrSecret() {
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", tampered, EXPECTED, AT_TIMESTAMP)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID + "0", "1795599668", BODY, EXPECTED, AT_TIMESTAMP)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599669", BODY, EXPECTED, AT_TIMESTAMP)).isFalse();
        String other = WebhookSignature.generateSecret();
        assertThat(WebhookSignature.verify(other, ID, "1795599668", BODY, EXPECTED, AT_TIMESTAMP)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, "v2," + EXPECTED.substring(3),
                AT_TIMESTAMP)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, "v1,not-base64!", AT_TIMESTAMP)).isFalse();
    }

    @Test
    void aRotationHeaderCarriesBothSignaturesAndEitherSecretVerifies() {
        String next = WebhookSignature.generateSecret();
        String header = WebhookSignature.header(List.of(next, SECRET), ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2).endsWith(EXPECTED);
        assertThat(WebhookSignature.verify(SECRET, ID, "1795599668", BODY, header, AT_TIMESTAMP)).isTrue();
        assertThat(WebhookSignature.verify(next, ID, "1795599668", BODY, header, AT_TIMESTAMP)).isTrue();
        assertThat(WebhookSignature.verify(WebhookSignature.generateSecret(), ID, "1795599668", BODY, header,
                AT_TIMESTAMP)).isFalse();
    }

    @Test
    void generatedSecretsHold32RandomBytes() {
        String a = WebhookSignature.generateSecret();
        String b = WebhookSignature.generateSecret();
        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    }

    @Test
    void refusesSecretsWithoutThePrefix() {
        assertThatThrownBy(() -> WebhookSignature.sign("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", ID, TIMESTAMP,
                BODY)).isInstanceOf(IllegalArgumentException.class);
    }
}
