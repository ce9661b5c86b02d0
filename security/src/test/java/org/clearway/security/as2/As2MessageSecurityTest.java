package org.clearway.security.as2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.clearway.security.KeyMaterial;
import org.junit.jupiter.api.Test;

/**
 * Inbound messages that break the partner's policy fail closed with the RFC 4130 disposition the
 * negative MDN must carry, and nothing of their payload is returned.
 */
class As2MessageSecurityTest {
    private static final byte[] PAYLOAD = As2MessageRoundTripTest.EDIFACT;
    private static final As2Protection SIGNED_ENCRYPTED = new As2Protection(MicAlgorithm.SHA256,
            As2Protection.Compression.NONE, EncryptionAlgorithm.AES256_CBC, null);
    private final As2MessageReader gateway = new As2MessageReader(List.of(As2TestKeys.GATEWAY), As2TestKeys.CLOCK);

    /** What the partner (or an impostor holding {@code key}) sends to the gateway. */
    private static As2Entity sentBy(KeyMaterial key, As2Protection protection) {
        return new As2MessageBuilder(key, As2TestKeys.CLOCK)
                .build(PAYLOAD, "application/EDIFACT", protection, As2TestKeys.gatewayPolicy()).entity();
    }

    private As2Disposition failureOf(As2Entity message, As2PartnerPolicy policy) {
        try {
            gateway.read(message, policy, null);
        } catch (As2DispositionException e) {
            return e.disposition();
        }
        throw new AssertionError("the message was accepted");
    }

    @Test
    void signedAndEncryptedMessageOfThePartnerIsAccepted() throws Exception {
        As2Inbound inbound = gateway.read(sentBy(As2TestKeys.PARTNER, SIGNED_ENCRYPTED), As2TestKeys.partnerPolicy(), null);
        assertThat(inbound.payload()).isEqualTo(PAYLOAD);
        assertThat(inbound.signer()).isEqualTo(As2TestKeys.PARTNER.signerCertificate());
    }

    @Test
    void unsignedMessageIsInsufficientWhenTheProfileRequiresASignature() {
        As2Entity unsigned = sentBy(As2TestKeys.PARTNER,
                new As2Protection(null, As2Protection.Compression.NONE, EncryptionAlgorithm.AES128_CBC, null));
        assertThat(failureOf(unsigned, As2TestKeys.partnerPolicy()))
                .isEqualTo(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY);
    }

    @Test
    void unencryptedMessageIsInsufficientWhenTheProfileRequiresEncryption() {
        As2Entity clear = sentBy(As2TestKeys.PARTNER,
                new As2Protection(MicAlgorithm.SHA256, As2Protection.Compression.NONE, null, null));
        assertThat(failureOf(clear, As2TestKeys.partnerPolicy()))
                .isEqualTo(As2Disposition.INSUFFICIENT_MESSAGE_SECURITY);
    }

    @Test
    void messageSignedByAKeyThatIsNotThePartnersFailsAuthentication() {
        assertThat(failureOf(sentBy(As2TestKeys.STRANGER, SIGNED_ENCRYPTED), As2TestKeys.partnerPolicy()))
                .isEqualTo(As2Disposition.AUTHENTICATION_FAILED);
    }

    @Test
    void changedSignedContentFailsTheIntegrityCheck() {
        As2Entity signed = sentBy(As2TestKeys.PARTNER,
                new As2Protection(MicAlgorithm.SHA256, As2Protection.Compression.NONE, null, null));
        byte[] body = signed.body().clone();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("CP473124829GB");
        body[at] = 'X';
        assertThat(failureOf(As2Entity.of(signed.contentType(), body),
                As2TestKeys.partnerPolicy().withRequirements(true, false)))
                .isEqualTo(As2Disposition.INTEGRITY_CHECK_FAILED);
    }

    @Test
    void messageEncryptedForAnotherCertificateCannotBeDecrypted() {
        As2Entity forStranger = new As2MessageBuilder(As2TestKeys.PARTNER, As2TestKeys.CLOCK)
                .build(PAYLOAD, "application/EDIFACT", SIGNED_ENCRYPTED,
                        As2PartnerPolicy.strict("X", "Y", List.of(As2TestKeys.STRANGER.signerCertificate())))
                .entity();
        assertThat(failureOf(forStranger, As2TestKeys.partnerPolicy())).isEqualTo(As2Disposition.DECRYPTION_FAILED);
    }

    @Test
    void corruptEnvelopeCannotBeDecrypted() {
        As2Entity message = sentBy(As2TestKeys.PARTNER, SIGNED_ENCRYPTED);
        byte[] body = message.body().clone();
        body[body.length - 20] ^= 0x55;
        assertThat(failureOf(As2Entity.of(message.contentType(), body), As2TestKeys.partnerPolicy()))
                .isIn(As2Disposition.DECRYPTION_FAILED, As2Disposition.UNEXPECTED_PROCESSING_ERROR,
                        As2Disposition.INTEGRITY_CHECK_FAILED);
    }

    @Test
    void signatureOfAnExpiredPartnerCertificateFailsAuthentication() {
        KeyMaterial expired = As2TestKeys.identity("CN=Expired Partner", Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"));
        As2PartnerPolicy policy = As2PartnerPolicy.strict("OLD", "CLEARWAY", List.of(expired.signerCertificate()));
        assertThat(failureOf(sentBy(expired, SIGNED_ENCRYPTED), policy)).isEqualTo(As2Disposition.AUTHENTICATION_FAILED);
    }

    @Test
    void signatureOfANotYetValidPartnerCertificateFailsAuthentication() {
        KeyMaterial future = As2TestKeys.identity("CN=Future Partner", Instant.parse("2027-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"));
        As2PartnerPolicy policy = As2PartnerPolicy.strict("NEW", "CLEARWAY", List.of(future.signerCertificate()));
        assertThat(failureOf(sentBy(future, SIGNED_ENCRYPTED), policy)).isEqualTo(As2Disposition.AUTHENTICATION_FAILED);
    }

    @Test
    void smallCompressedMessageInflatingPastTheCapIsRefusedWithoutInflatingIt() {
        byte[] zeros = new byte[10 * 1024 * 1024];
        As2Entity bomb = new As2MessageBuilder(As2TestKeys.PARTNER, As2TestKeys.CLOCK).build(zeros,
                "application/EDIFACT", new As2Protection(MicAlgorithm.SHA256, As2Protection.Compression.BEFORE_SIGNING,
                        EncryptionAlgorithm.AES128_CBC, null), As2TestKeys.gatewayPolicy()).entity();
        assertThat(bomb.body().length).isLessThan(16 * 1024);

        As2PartnerPolicy capped = As2TestKeys.partnerPolicy().withMaxDecompressedBytes(1024 * 1024);
        assertThatThrownBy(() -> gateway.read(bomb, capped, null))
                .isInstanceOfSatisfying(As2DispositionException.class, e -> {
                    assertThat(e.disposition()).isEqualTo(As2Disposition.DECOMPRESSION_FAILED);
                    assertThat(e.getMessage()).contains("cap of 1048576 bytes");
                });
    }

    @Test
    void corruptCompressedDataIsADecompressionFailure() {
        As2Entity compressed = sentBy(As2TestKeys.PARTNER,
                new As2Protection(null, As2Protection.Compression.BEFORE_SIGNING, null, null));
        byte[] body = compressed.body().clone();
        for (int i = body.length - 30; i < body.length - 5; i++) {
            body[i] ^= 0x5a;
        }
        assertThat(failureOf(As2Entity.of(compressed.contentType(), body),
                As2TestKeys.partnerPolicy().withRequirements(false, false)))
                .isEqualTo(As2Disposition.DECOMPRESSION_FAILED);
    }

    @Test
    void garbageIsAnUnexpectedProcessingError() {
        assertThat(failureOf(As2Entity.of("multipart/signed; boundary=x", "no boundary here".getBytes(StandardCharsets.US_ASCII)),
                As2TestKeys.partnerPolicy().withRequirements(false, false)))
                .isEqualTo(As2Disposition.INTEGRITY_CHECK_FAILED);
        assertThat(failureOf(As2Entity.of("application/pkcs7-mime", new byte[] {1, 2, 3}),
                As2TestKeys.partnerPolicy().withRequirements(false, false)))
                .isEqualTo(As2Disposition.UNEXPECTED_PROCESSING_ERROR);
    }

    @Test
    void requestedMicAlgorithmIsUsedWhenThePolicyAcceptsIt() throws Exception {
        As2Inbound inbound = gateway.read(sentBy(As2TestKeys.PARTNER, SIGNED_ENCRYPTED), As2TestKeys.partnerPolicy(),
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-1, sha-512");
        assertThat(inbound.mic().algorithm()).isEqualTo(MicAlgorithm.SHA512);
    }
}
