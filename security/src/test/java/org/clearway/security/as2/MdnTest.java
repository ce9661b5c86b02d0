package org.clearway.security.as2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A received MDN counts as a receipt only when the partner signed it, it names the sent
 * Message-ID and it returns the sent MIC (RFC 4130 §7.3.1); camel-as2 checks none of this.
 */
class MdnTest {
    private static final String MESSAGE_ID = "<clearway-4711@gateway.example>";
    private static final Mic SENT_MIC = Mic.of("payload".getBytes(StandardCharsets.US_ASCII), MicAlgorithm.SHA256);
    private final MdnReader reader = new MdnReader(As2TestKeys.CLOCK);

    /** An MDN the partner (holding {@code key}) returns for the gateway's message. */
    private static As2Entity partnerMdn(org.clearway.security.KeyMaterial key, As2Disposition disposition, Mic mic,
                                        MicAlgorithm signWith) {
        Mdn mdn = Mdn.forMessage("Partner AS2", "POSTAL PARTNER", MESSAGE_ID, disposition, mic, "detail");
        return new MdnBuilder(key, As2TestKeys.CLOCK).build(mdn, signWith);
    }

    @ParameterizedTest
    @EnumSource(value = MicAlgorithm.class, names = {"SHA256", "SHA512"})
    void signedPositiveMdnWithTheSentMicIsAReceipt(MicAlgorithm signWith) {
        MdnVerification result = reader.verify(partnerMdn(As2TestKeys.PARTNER, As2Disposition.PROCESSED, SENT_MIC,
                signWith), As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC);
        assertThat(result.status()).as(result.detail()).isEqualTo(MdnVerification.Status.POSITIVE);
        assertThat(result.signer()).isEqualTo(As2TestKeys.PARTNER.signerCertificate());
        assertThat(result.mdn().finalRecipientAs2Id()).isEqualTo("POSTAL PARTNER");
        assertThat(result.mdn().receivedContentMic()).isEqualTo(SENT_MIC);
    }

    @Test
    void mdnWithAnotherMicIsNoReceipt() {
        Mic other = Mic.of("other".getBytes(StandardCharsets.US_ASCII), MicAlgorithm.SHA256);
        assertThat(reader.verify(partnerMdn(As2TestKeys.PARTNER, As2Disposition.PROCESSED, other, MicAlgorithm.SHA256),
                As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC).status())
                .isEqualTo(MdnVerification.Status.MIC_MISMATCH);
    }

    @Test
    void mdnWithTheRightDigestUnderAnotherAlgorithmNameIsNoReceipt() {
        Mic relabelled = new Mic(SENT_MIC.digest(), MicAlgorithm.SHA512);
        assertThat(reader.verify(partnerMdn(As2TestKeys.PARTNER, As2Disposition.PROCESSED, relabelled,
                MicAlgorithm.SHA256), As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC).status())
                .isEqualTo(MdnVerification.Status.MIC_MISMATCH);
    }

    @Test
    void tamperedMdnFailsSignatureVerification() {
        As2Entity mdn = partnerMdn(As2TestKeys.PARTNER, As2Disposition.DECRYPTION_FAILED, SENT_MIC, MicAlgorithm.SHA256);
        String body = new String(mdn.body(), StandardCharsets.ISO_8859_1)
                .replace("processed/error: decryption-failed", "processed                         ");
        MdnVerification result = reader.verify(As2Entity.of(mdn.contentType(), body.getBytes(StandardCharsets.ISO_8859_1)),
                As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC);
        assertThat(result.status()).isEqualTo(MdnVerification.Status.SIGNATURE_INVALID);
    }

    @Test
    void mdnSignedByAnotherKeyIsUntrusted() {
        assertThat(reader.verify(partnerMdn(As2TestKeys.STRANGER, As2Disposition.PROCESSED, SENT_MIC, MicAlgorithm.SHA256),
                As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC).status())
                .isEqualTo(MdnVerification.Status.UNTRUSTED_SIGNER);
    }

    @Test
    void unsignedMdnIsRefusedWhenThePolicyRequiresSignedOnes() {
        As2Entity unsigned = partnerMdn(null, As2Disposition.PROCESSED, SENT_MIC, null);
        assertThat(reader.verify(unsigned, As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC).status())
                .isEqualTo(MdnVerification.Status.UNSIGNED);
        As2PartnerPolicy relaxed = new As2PartnerPolicy("POSTAL-PARTNER", "CLEARWAY",
                List.of(As2TestKeys.PARTNER.signerCertificate()), true, true, List.of(MicAlgorithm.SHA256),
                List.of(EncryptionAlgorithm.AES256_CBC), As2PartnerPolicy.MdnMode.SYNC, null, false,
                As2PartnerPolicy.DEFAULT_MAX_DECOMPRESSED_BYTES);
        assertThat(reader.verify(unsigned, relaxed, MESSAGE_ID, SENT_MIC).status())
                .isEqualTo(MdnVerification.Status.POSITIVE);
    }

    @Test
    void originalMessageIdIsReadFromSignedAndUnsignedMdnsWithoutVerifying() {
        // a stranger's signature does not hide the id: the lookup comes first, verify() decides
        assertThat(MdnReader.originalMessageId(partnerMdn(As2TestKeys.STRANGER, As2Disposition.PROCESSED, SENT_MIC,
                MicAlgorithm.SHA256))).contains(MESSAGE_ID);
        assertThat(MdnReader.originalMessageId(partnerMdn(null, As2Disposition.PROCESSED, SENT_MIC, null)))
                .contains(MESSAGE_ID);
        assertThat(MdnReader.originalMessageId(As2Entity.of("text/plain",
                "not an MDN".getBytes(StandardCharsets.US_ASCII)))).isEmpty();
    }

    @Test
    void mdnForAnotherMessageIsNoReceipt() {
        assertThat(reader.verify(partnerMdn(As2TestKeys.PARTNER, As2Disposition.PROCESSED, SENT_MIC, MicAlgorithm.SHA256),
                As2TestKeys.partnerPolicy(), "<another@gateway.example>", SENT_MIC).status())
                .isEqualTo(MdnVerification.Status.WRONG_MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(value = As2Disposition.class, names = "PROCESSED", mode = EnumSource.Mode.EXCLUDE)
    void everyNegativeDispositionIsReadBack(As2Disposition disposition) {
        MdnVerification result = reader.verify(partnerMdn(As2TestKeys.PARTNER, disposition, null, MicAlgorithm.SHA256),
                As2TestKeys.partnerPolicy(), MESSAGE_ID, SENT_MIC);
        assertThat(result.status()).isEqualTo(MdnVerification.Status.NEGATIVE);
        assertThat(result.mdn().disposition()).isEqualTo(disposition);
        assertThat(result.mdn().dispositionField())
                .isEqualTo("automatic-action/MDN-sent-automatically; processed/error: " + disposition.modifier());
    }

    @Test
    void warningCountsAsProcessed() {
        Mdn mdn = new Mdn("", "x", null, "rfc822; A", MESSAGE_ID,
                "automatic-action/MDN-sent-automatically; processed/warning: duplicate-document", SENT_MIC);
        assertThat(mdn.disposition()).isEqualTo(As2Disposition.PROCESSED);
    }
}
